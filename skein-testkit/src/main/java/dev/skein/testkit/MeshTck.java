package dev.skein.testkit;

import dev.skein.mesh.Balancing;
import dev.skein.mesh.Mesh;
import dev.skein.mesh.MeshListener;
import dev.skein.mesh.NodeInfo;
import dev.skein.mesh.ServiceInfo;

import dev.skein.core.App;
import dev.skein.core.BlockingService;
import dev.skein.core.Methods;
import dev.skein.core.Params;
import dev.skein.core.ServiceEvent;
import dev.skein.core.ServiceOptions;
import dev.skein.core.errors.MethodNotAllowed;
import dev.skein.core.errors.NotAuthenticated;
import dev.skein.core.errors.NotFound;
import dev.skein.core.errors.SkeinError;
import dev.skein.core.errors.Unavailable;
import dev.skein.core.memory.MemoryService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The transport TCK: what a user of the mesh sees, whatever the transport. Each transport's test
 * class extends this suite with its URI (and, if needed, default mesh options); every test starts
 * its nodes in a fresh namespace and closes them after.
 */
public abstract class MeshTck {

    /** The nodes of the running test, made before each test and closed after it. */
    protected TestNodes nodes;


    /** The transport URI under test. */
    protected abstract String transport();

    /** Mesh options every node of the suite starts from; none by default. */
    protected void defaults(Mesh.Builder builder) {
    }

    /** Makes a fresh set of nodes, in a namespace of their own, with the suite's transport and {@link #defaults}. */
    @BeforeEach
    public void startNodes() {
        nodes = new TestNodes(transport(), this::defaults);
    }

    /** Closes every node the test started. */
    @AfterEach
    public void closeNodes() {
        nodes.close();
    }

    /** Waits for {@code call}, at most 20 s, and returns its result; a failure is thrown as the CompletionException. */
    public static Object join(CompletableFuture<Object> call) {
        return call.orTimeout(20, TimeUnit.SECONDS).join();
    }

    /** Waits for {@code call}, at most 20 s, and returns its failure unwrapped; throws AssertionError when it succeeded. */
    public static Throwable failure(CompletableFuture<?> call) {
        try {
            call.orTimeout(20, TimeUnit.SECONDS).join();
        } catch (CompletionException e) {
            return SkeinError.unwrap(e);
        }
        throw new AssertionError("the call succeeded");
    }

    /** {@code value} cast to a JSON object, for assertions. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    /** Waits until {@code path} is registered in {@code app} and, when it is a remote proxy, until an instance of it is known. */
    public static void awaitService(App app, String path) {
        await().atMost(Duration.ofSeconds(10)).until(() -> app.lookup(path).map(h -> !h.options().open() || hasInstance(app, path)).orElse(false));
    }

    /** Whether another node offers the remote path behind local path {@code localPath}, as {@code app}'s mesh sees it. */
    public static boolean hasInstance(App app, String localPath) {
        Mesh mesh = app.plugin(Mesh.class).orElse(null);
        if (mesh == null) return false;
        java.util.function.UnaryOperator<String> local = mesh.options().services().proxyPath();
        return mesh.services().stream().anyMatch(s -> !s.node().equals(mesh.nodeId()) && App.normalize(local.apply(s.path())).equals(localPath));
    }

    /** A create then a get through the proxy reach the remote memory service, and the proxy offers the six standard methods. */
    @Test
    public void aServiceOfOneNodeIsCalledFromAnotherThroughItsProxy() {
        nodes.start("server", app -> app.use("todos", new MemoryService()));
        TestNodes.Node client = nodes.start("client", app -> { });
        awaitService(client.app(), "todos");

        Object created = join(client.app().service("todos").create(Map.of("text", "write the mesh")));
        Object fetched = join(client.app().service("todos").get(((Map<?, ?>) created).get("id")));

        assertThat(fetched).isEqualTo(created);
        assertThat(map(created)).containsEntry("text", "write the mesh");
        assertThat(client.app().service("todos").methods()).containsExactlyInAnyOrderElementsOf(Methods.STANDARD);
    }

    /** 50 {@code created} events of one remote service arrive at a proxy's listener in the order they were emitted. */
    @Test
    public void eventsOfARemoteServiceReachListenersOfItsProxyInOrder() {
        TestNodes.Node server = nodes.start("server", app -> app.use("todos", new MemoryService()));
        TestNodes.Node client = nodes.start("client", app -> { });
        awaitService(client.app(), "todos");
        List<Object> heard = Collections.synchronizedList(new ArrayList<>());
        client.app().service("todos").on("created", e -> heard.add(((Map<?, ?>) e.data()).get("n")));

        for (int i = 0; i < 50; i++) server.app().service("todos").create(Map.of("n", i)).join();

        await().atMost(Duration.ofSeconds(10)).until(() -> heard.size() == 50);
        List<Object> expected = new ArrayList<>();
        for (int i = 0; i < 50; i++) expected.add(i);
        assertThat(heard).containsExactlyElementsOf(expected);
    }

    /** A create through a proxy is heard once, with the remote node as its origin, not once more from the proxy. */
    @Test
    public void aProxyDoesNotEmitItsOwnEventsTwice() {
        nodes.start("server", app -> app.use("todos", new MemoryService()));
        TestNodes.Node client = nodes.start("client", app -> { });
        awaitService(client.app(), "todos");
        List<ServiceEvent> heard = Collections.synchronizedList(new ArrayList<>());
        client.app().service("todos").on("created", heard::add);

        join(client.app().service("todos").create(Map.of("text", "once")));

        await().atMost(Duration.ofSeconds(5)).until(() -> heard.size() == 1);
        join(client.app().service("todos").find());
        assertThat(heard).hasSize(1);
        assertThat(heard.get(0).origin()).isNotNull();
    }

    /** A custom method ({@code run}) is invoked remotely with its data, and the custom event it emits ({@code progress}) reaches the caller's node. */
    @Test
    public void customMethodsAndEventsCrossTheMesh() {
        nodes.start("server", app -> app.use("jobs", new BlockingService() {
            @Override
            public Object invoke(String method, Object data, Params params) {
                app.service("jobs").emit("progress", Map.of("done", 1));
                return Map.of("method", method, "got", data);
            }
        }, ServiceOptions.builder().methods("run").events("progress").build()));
        TestNodes.Node client = nodes.start("client", app -> { });
        awaitService(client.app(), "jobs");
        CountDownLatch progress = new CountDownLatch(1);
        client.app().service("jobs").on("progress", e -> progress.countDown());

        Object result = join(client.app().service("jobs").invoke("run", Map.of("x", 1), new Params()));

        assertThat(result).isEqualTo(Map.of("method", "run", "got", Map.of("x", 1)));
        await().atMost(Duration.ofSeconds(5)).until(() -> progress.getCount() == 0);
    }

    /** A remote NotFound arrives as a NotFound, code 404. */
    @Test
    public void errorsComeBackAsTheSameErrorClass() {
        nodes.start("server", app -> app.use("todos", new MemoryService()));
        TestNodes.Node client = nodes.start("client", app -> { });
        awaitService(client.app(), "todos");

        Throwable error = failure(client.app().service("todos").get(404));

        assertThat(error).isInstanceOf(NotFound.class);
        assertThat(((NotFound) error).code()).isEqualTo(404);
        assertThat(error.getMessage()).contains("404");
    }

    /** A remote IllegalStateException arrives as a 500 whose message does not carry the original one (a password, here). */
    @Test
    public void aRemoteExceptionThatIsNotASkeinErrorArrivesAsAGeneralErrorWithoutItsMessage() {
        nodes.start("server", app -> app.use("fragile", new BlockingService() {
            @Override
            public Object get(Object id, Params params) {
                throw new IllegalStateException("database password is hunter2");
            }
        }));
        TestNodes.Node client = nodes.start("client", app -> { });
        awaitService(client.app(), "fragile");

        Throwable error = failure(client.app().service("fragile").get(1));

        assertThat(error).isInstanceOf(SkeinError.class);
        assertThat(((SkeinError) error).code()).isEqualTo(500);
        assertThat(error.getMessage()).doesNotContain("hunter2");
    }

    /** A late-bound create made before any node serves the path completes once one does. */
    @Test
    public void aCallMadeBeforeAnyInstanceExistsWaitsForOne() {
        TestNodes.Node client = nodes.start("client", app -> { });
        CompletableFuture<Object> early = client.mesh().call("todos", Methods.CREATE, Map.of("text", "early"));

        nodes.start("server", app -> app.use("todos", new MemoryService()));

        assertThat(map(join(early))).containsEntry("text", "early");
    }

    /** With a 300 ms mesh timeout and no instance, a call fails with Unavailable naming the path. */
    @Test
    public void aCallWithNoInstanceFailsWithUnavailableNamingTheServiceAfterItsTimeout() {
        TestNodes.Node client = nodes.start("client", app -> { }, b -> b.timeout(Duration.ofMillis(300)));

        Throwable error = failure(client.mesh().call("nowhere", Methods.FIND, null, null, new Params()));

        assertThat(error).isInstanceOf(Unavailable.class).hasMessageContaining("nowhere");
    }

    /** The {@link Mesh#TIMEOUT} param of one call (200 ms) replaces the mesh's 10 s timeout. */
    @Test
    public void oneCallCanOverrideTheTimeout() {
        TestNodes.Node client = nodes.start("client", app -> { });
        long start = System.nanoTime();

        Throwable error = failure(client.mesh().call("nowhere", Methods.FIND, null, null,
                new Params().set(Mesh.TIMEOUT, Duration.ofMillis(200))));

        assertThat(error).isInstanceOf(Unavailable.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    /** A remote method slower than the call's 300 ms timeout fails with Timeout naming {@code slow.get} and the 300 ms. */
    @Test
    public void aRemoteCallThatTakesLongerThanItsTimeoutFailsWithTimeoutNamingTheCall() {
        CountDownLatch release = new CountDownLatch(1);
        nodes.start("server", app -> app.use("slow", new BlockingService() {
            @Override
            public Object get(Object id, Params params) throws InterruptedException {
                release.await(10, TimeUnit.SECONDS);
                return "late";
            }
        }));
        TestNodes.Node client = nodes.start("client", app -> { });
        awaitService(client.app(), "slow");

        Throwable error = failure(client.app().service("slow").get(1, new Params().set(Mesh.TIMEOUT, Duration.ofMillis(300))));
        release.countDown();

        assertThat(error).isInstanceOf(dev.skein.core.errors.Timeout.class).hasMessageContaining("slow.get")
                .hasMessageContaining("300 ms");
    }

    /**
     * With directCallbacks the callbacks of remote calls run where the answers arrive: a chain of
     * calls, each made from the callback of the last, completes; a callback that waits there for
     * another call fails at once with an error naming the setting (it would wait for itself), where
     * without the setting the same wait succeeds on the app's executor.
     */
    @Test
    public void withDirectCallbacksACallbackChainsTheNextCallAndAWaitThereFailsAtOnce() {
        CountDownLatch release = new CountDownLatch(1);
        nodes.start("server", app -> {
            app.use("todos", new MemoryService());
            app.use("slow", new BlockingService() {
                @Override
                public Object get(Object id, Params params) throws InterruptedException {
                    release.await(10, TimeUnit.SECONDS); // answered only once the test's callback is in place
                    return "late";
                }
            });
        });
        TestNodes.Node direct = nodes.start("direct", app -> { }, mesh -> mesh.directCallbacks(true));
        TestNodes.Node usual = nodes.start("usual", app -> { });
        for (TestNodes.Node n : List.of(direct, usual)) {
            awaitService(n.app(), "todos");
            awaitService(n.app(), "slow");
        }
        Object id = map(join(direct.app().service("todos").create(Map.of("text", "chained")))).get("id");

        CompletableFuture<Integer> chain = new CompletableFuture<>();
        new Object() {
            void next(int n) {
                if (n == 100) {
                    chain.complete(n);
                    return;
                }
                direct.app().service("todos").get(id).whenComplete((v, t) -> {
                    if (t != null) chain.completeExceptionally(t);
                    else next(n + 1);
                });
            }
        }.next(0);
        assertThat(chain.orTimeout(20, TimeUnit.SECONDS).join()).isEqualTo(100);

        List<CompletableFuture<Object>> waited = new ArrayList<>(); // of direct, then usual
        for (TestNodes.Node n : List.of(direct, usual)) {
            CompletableFuture<Object> outcome = new CompletableFuture<>();
            n.app().service("slow").get(1).whenComplete((v, t) -> {
                try {
                    outcome.complete(n.app().service("todos").get(id).join());
                } catch (Throwable e) {
                    outcome.complete(e);
                }
            });
            waited.add(outcome);
        }
        release.countDown();
        assertThat(waited.get(0).orTimeout(20, TimeUnit.SECONDS).join()).isInstanceOf(IllegalStateException.class)
                .asString().contains("directCallbacks");
        assertThat(map(waited.get(1).orTimeout(20, TimeUnit.SECONDS).join())).containsEntry("text", "chained");
    }

    /**
     * A value of 3 MB (three times NATS's default max_payload) crosses the mesh both ways, and an
     * event of that size reaches a remote listener between the small events emitted around it.
     */
    @Test
    public void aValueOfSeveralMegabytesCrossesTheMeshBothWaysAndAsAnEventInItsPlace() {
        TestNodes.Node server = nodes.start("server", app -> app.use("files", new MemoryService()));
        TestNodes.Node client = nodes.start("client", app -> { });
        awaitService(client.app(), "files");
        String big = "x".repeat(3 << 20);

        Map<String, Object> created = map(join(client.app().service("files").create(Map.of("n", 1, "body", big))));
        Map<String, Object> fetched = map(join(client.app().service("files").get(created.get("id"))));

        assertThat(((String) created.get("body")).length()).isEqualTo(big.length());
        assertThat(big.equals(fetched.get("body"))).as("the value read back is the value written").isTrue();

        List<Object> heard = Collections.synchronizedList(new ArrayList<>());
        client.app().service("files").on("created", e -> {
            Object n = ((Map<?, ?>) e.data()).get("n");
            if (((Number) n).intValue() >= 10) heard.add(n + (((Map<?, ?>) e.data()).containsKey("body") ? " big" : ""));
        });
        server.app().service("files").create(Map.of("n", 10)).join();
        server.app().service("files").create(Map.of("n", 11, "body", big)).join();
        server.app().service("files").create(Map.of("n", 12)).join();

        await().atMost(Duration.ofSeconds(20)).until(() -> heard.size() == 3);
        assertThat(heard).containsExactly("10", "11 big", "12");
    }

    /** Metadata with a {@code null} value does not keep a service from being advertised. */
    @Test
    public void aServiceWithNullMetadataIsStillAdvertised() {
        java.util.Map<String, Object> metadata = new java.util.HashMap<>();
        metadata.put("owner", null);
        nodes.start("server", app -> app.use("todos", new MemoryService(), ServiceOptions.builder().metadata(metadata).build()));
        TestNodes.Node client = nodes.start("client", app -> { });

        awaitService(client.app(), "todos");
    }

    /** An {@code Instant} in a remote result arrives as the same {@code Instant} (a typed date on the wire, issue #24), not as a string. */
    @Test
    public void resultsWithJavaTimeValuesReachARemoteCaller() {
        nodes.start("server", app -> app.use("clock", new BlockingService() {
            @Override
            public Object get(Object id, Params params) {
                return Map.of("at", java.time.Instant.parse("2026-11-23T10:00:00Z"));
            }
        }));
        TestNodes.Node client = nodes.start("client", app -> { });
        awaitService(client.app(), "clock");

        assertThat(join(client.app().service("clock").get(1))).isEqualTo(Map.of("at", java.time.Instant.parse("2026-11-23T10:00:00Z")));
    }

    /** A create larger than the caller's 4096-byte frame limit fails at once with PayloadTooLarge naming the limit. */
    @Test
    public void aRequestAboveTheMaximumFrameSizeFailsAtOnceWithPayloadTooLarge() {
        nodes.start("server", app -> app.use("todos", new MemoryService()));
        TestNodes.Node client = nodes.start("client", app -> { }, b -> b.maxFrameSize(4096));
        awaitService(client.app(), "todos");
        long start = System.nanoTime();

        Throwable error = failure(client.app().service("todos").create(Map.of("text", "x".repeat(10_000))));

        assertThat(error).isInstanceOf(dev.skein.core.errors.PayloadTooLarge.class).hasMessageContaining("4096");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    /** A late-bound call of a method no instance offers fails with MethodNotAllowed naming path and method. */
    @Test
    public void aLateBoundCallOfAMethodNoNodeOffersNamesThePathAndTheMethod() {
        nodes.start("server", app -> app.use("todos", new MemoryService()));
        TestNodes.Node client = nodes.start("client", app -> { });
        awaitService(client.app(), "todos");

        Throwable error = failure(client.mesh().call("todos", "archive", Map.of()));

        assertThat(error).isInstanceOf(MethodNotAllowed.class).hasMessageContaining("archive").hasMessageContaining("todos");
    }

    /** Six calls over two instances go three to each. */
    @Test
    public void callsAreSpreadRoundRobinAcrossInstances() {
        nodes.start("a", app -> app.use("who", whoAmI("a")));
        nodes.start("b", app -> app.use("who", whoAmI("b")));
        TestNodes.Node client = nodes.start("client", app -> { });
        await().atMost(Duration.ofSeconds(10)).until(() -> client.mesh().services().stream().filter(s -> s.path().equals("who")).count() == 2);

        List<Object> answers = new ArrayList<>();
        for (int i = 0; i < 6; i++) answers.add(join(client.app().service("who").get(i)));

        assertThat(answers).containsOnly("a", "b");
        assertThat(answers.stream().filter("a"::equals).count()).isEqualTo(3);
    }

    /** With {@link Balancing#RANDOM}, calls reach both of two instances. */
    @Test
    public void randomBalancingReachesEveryInstance() {
        nodes.start("a", app -> app.use("who", whoAmI("a")));
        nodes.start("b", app -> app.use("who", whoAmI("b")));
        TestNodes.Node client = nodes.start("client", app -> { }, b -> b.balancing(Balancing.RANDOM));
        await().atMost(Duration.ofSeconds(10)).until(() -> client.mesh().services().stream().filter(s -> s.path().equals("who")).count() == 2);

        java.util.Set<Object> answers = new java.util.HashSet<>();
        for (int i = 0; i < 64 && answers.size() < 2; i++) answers.add(join(client.app().service("who").get(i)));

        assertThat(answers).containsExactlyInAnyOrder("a", "b");
    }

    /** With {@link Balancing#FEWEST_IN_FLIGHT}, calls avoid the instance held busy by a blocked call. */
    @Test
    public void fewestInFlightBalancingAvoidsABusyInstance() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        nodes.start("busy", app -> app.use("who", new BlockingService() {
            @Override
            public Object get(Object id, Params params) throws InterruptedException {
                if ("block".equals(id)) release.await(10, TimeUnit.SECONDS);
                return "busy";
            }
        }));
        nodes.start("idle", app -> app.use("who", whoAmI("idle")));
        TestNodes.Node client = nodes.start("client", app -> { }, b -> b.balancing(Balancing.FEWEST_IN_FLIGHT));
        await().atMost(Duration.ofSeconds(10)).until(() -> client.mesh().services().stream().filter(s -> s.path().equals("who")).count() == 2);
        List<CompletableFuture<Object>> blocked = new ArrayList<>();
        for (int i = 0; i < 2; i++) blocked.add(client.app().service("who").get("block"));
        // one of the two blocking calls went to "idle" and came back; the other holds "busy"
        await().atMost(Duration.ofSeconds(5)).until(() -> blocked.stream().filter(CompletableFuture::isDone).count() == 1);

        for (int i = 0; i < 4; i++) assertThat(join(client.app().service("who").get(i))).isEqualTo("idle");
        release.countDown();
    }

    /** A node that serves a path itself answers its own calls, though a remote instance exists. */
    @Test
    public void aLocalInstanceIsPreferredOverRemoteOnes() {
        nodes.start("remote", app -> app.use("who", whoAmI("remote")));
        TestNodes.Node local = nodes.start("local", app -> app.use("who", whoAmI("local")));
        await().atMost(Duration.ofSeconds(10)).until(() -> local.mesh().services().stream().filter(s -> s.path().equals("who")).count() == 2);

        for (int i = 0; i < 4; i++) assertThat(join(local.mesh().call("who", Methods.GET, i, null, new Params()))).isEqualTo("local");
    }

    /** With the range {@code ^1.0.0}, calls go to both 1.x instances and never to 2.0.0. */
    @Test
    public void aVersionRangeTakesTurnsAcrossEveryMatchingInstanceAsHappnerDoes() {
        nodes.start("v1", app -> app.use("who", whoAmI("1.4.0"), ServiceOptions.builder().version("1.4.0").build()));
        nodes.start("v1b", app -> app.use("who", whoAmI("1.2.0"), ServiceOptions.builder().version("1.2.0").build()));
        nodes.start("v2", app -> app.use("who", whoAmI("2.0.0"), ServiceOptions.builder().version("2.0.0").build()));
        TestNodes.Node client = nodes.start("client", app -> { }, b -> b.version("who", "^1.0.0"));
        await().atMost(Duration.ofSeconds(10)).until(() -> client.mesh().services().stream().filter(s -> s.path().equals("who")).count() == 3);

        java.util.Set<Object> served = new java.util.HashSet<>();
        for (int i = 0; i < 6; i++) served.add(join(client.app().service("who").get(i)));
        assertThat(served).containsExactlyInAnyOrder("1.4.0", "1.2.0");
    }

    /** With the replication patterns {@code todos/*} and {@code *}{@code /removed}, {@code orders created} stays on its node and the other three events cross. */

    @Test
    public void onlyTheEventsMatchingTheReplicationPatternsCrossNodes() {
        TestNodes.Node server = nodes.start("server", app -> {
            app.use("todos", new MemoryService());
            app.use("orders", new MemoryService());
        }, b -> b.replicate("todos/*", "*/removed"));
        TestNodes.Node client = nodes.start("client", app -> { });
        awaitService(client.app(), "todos");
        awaitService(client.app(), "orders");
        List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (String path : List.of("todos", "orders")) {
            for (String event : List.of("created", "removed")) client.app().service(path).on(event, e -> heard.add(path + " " + event));
        }

        Object todo = map(join(server.app().service("todos").create(Map.of("text", "t")))).get("id");
        Object order = map(join(server.app().service("orders").create(Map.of("item", "o")))).get("id");
        join(server.app().service("orders").remove(order));
        join(server.app().service("todos").remove(todo));

        await().atMost(Duration.ofSeconds(10)).until(() -> heard.contains("todos removed"));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> true);
        assertThat(heard).containsExactlyInAnyOrder("todos created", "orders removed", "todos removed");
    }

    /** Deployment and cluster split the mesh (namespace {@code deployment.cluster}), and a node's role reaches the nodes of its cluster. */
    @Test
    public void nodesOfAnotherDeploymentOrClusterNeverSeeEachOtherAndARoleIsShownToTheOthers() {
        String deployment = "deploy-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        TestNodes.Node historian = nodes.start("historian-1", app -> app.use("history", new MemoryService()),
                b -> b.deployment(deployment, "east").role("historian"));
        TestNodes.Node sameCluster = nodes.start("same", app -> { }, b -> b.deployment(deployment, "east"));
        TestNodes.Node otherCluster = nodes.start("other-cluster", app -> app.use("history", new MemoryService()), b -> b.deployment(deployment, "west"));
        TestNodes.Node otherDeployment = nodes.start("other-deployment", app -> app.use("history", new MemoryService()),
                b -> b.deployment(deployment + "-b", "east"));

        awaitService(sameCluster.app(), "history");
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(() -> true); // time for any stray hello
        assertThat(sameCluster.mesh().nodes()).extracting(NodeInfo::name).containsExactlyInAnyOrder("same", "historian-1");
        assertThat(sameCluster.mesh().nodes()).filteredOn(n -> n.name().equals("historian-1")).extracting(NodeInfo::role)
                .as("its role (happner's serviceName) travels in its hello").containsExactly("historian");
        assertThat(historian.mesh().nodes().get(0).role()).isEqualTo("historian");
        assertThat(historian.mesh().nodes()).extracting(NodeInfo::name).doesNotContain("other-cluster", "other-deployment");
        assertThat(otherCluster.mesh().nodes()).extracting(NodeInfo::name).containsExactly("other-cluster");
        assertThat(otherDeployment.mesh().nodes()).extracting(NodeInfo::name).containsExactly("other-deployment");
        assertThat(sameCluster.mesh().options().namespace()).isEqualTo(deployment + ".east");
    }

    /** With the range {@code ^1.0.0} and preferHighestVersion, every call goes to 1.4.0. */
    @Test
    public void preferringTheHighestVersionSendsEveryCallToTheHighestMatchingOne() {
        nodes.start("v1", app -> app.use("who", whoAmI("1.4.0"), ServiceOptions.builder().version("1.4.0").build()));
        nodes.start("v1b", app -> app.use("who", whoAmI("1.2.0"), ServiceOptions.builder().version("1.2.0").build()));
        nodes.start("v2", app -> app.use("who", whoAmI("2.0.0"), ServiceOptions.builder().version("2.0.0").build()));
        TestNodes.Node client = nodes.start("client", app -> { }, b -> b.version("who", "^1.0.0").preferHighestVersion(true));
        await().atMost(Duration.ofSeconds(10)).until(() -> client.mesh().services().stream().filter(s -> s.path().equals("who")).count() == 3);

        for (int i = 0; i < 4; i++) assertThat(join(client.app().service("who").get(i))).isEqualTo("1.4.0");
    }

    /** The serving node sees provider {@code mesh}, the caller's user and query, a deadline, and none of the caller's free params. */
    @Test
    public void theUserAndQueryTravelWithTheCallButFreeParamsDoNot() {
        AtomicReference<Params> seen = new AtomicReference<>();
        nodes.start("server", app -> {
            app.use("todos", new MemoryService());
            app.service("todos").hooks().before(ctx -> seen.set(ctx.params()));
        });
        TestNodes.Node client = nodes.start("client", app -> { });
        awaitService(client.app(), "todos");

        join(client.app().service("todos").find(Params.query(Map.of("done", false))
                .user(Map.of("email", "ada@example.com")).set("secret", "stays home")));

        assertThat(seen.get().provider()).isEqualTo(Params.MESH);
        assertThat(seen.get().user()).containsEntry("email", "ada@example.com");
        assertThat(seen.get().query()).containsEntry("done", false);
        assertThat((Object) seen.get().get("secret")).isNull();
        assertThat((Object) seen.get().get(Mesh.DEADLINE)).isNotNull();
    }

    /** A before hook of the serving node refuses a remote call without a user with NotAuthenticated and lets one with a user through. */
    @Test
    public void aHookOnTheServiceNodeCanRefuseACallerWithoutAUser() {
        nodes.start("server", app -> {
            app.use("secrets", new MemoryService());
            app.service("secrets").hooks().before(ctx -> {
                if (ctx.params().user() == null) throw new NotAuthenticated("Log in first");
            });
        });
        TestNodes.Node client = nodes.start("client", app -> { });
        awaitService(client.app(), "secrets");

        assertThat(failure(client.app().service("secrets").find())).isInstanceOf(NotAuthenticated.class);
        assertThat(join(client.app().service("secrets").find(new Params().user(Map.of("id", 1))))).isEqualTo(List.of());
    }

    /** A hook given to {@code proxyHooks} runs on the proxy of every remote service. */
    @Test
    public void proxyHooksRunOnEveryRemoteProxy() {
        nodes.start("server", app -> app.use("todos", new MemoryService()));
        TestNodes.Node gateway = nodes.start("gateway", app -> { }, b -> b.proxyHooks(h -> h.before(ctx -> {
            if (ctx.params().user() == null) throw new NotAuthenticated("The gateway needs a user");
        })));
        awaitService(gateway.app(), "todos");

        assertThat(failure(gateway.app().service("todos").find())).isInstanceOf(NotAuthenticated.class);
    }

    /** The issue's two-JVM run, in one: the only instance stops, a new one starts, and the handle taken before keeps working. */
    @Test
    public void aHandleOutlivesItsInstancesItsListenersHearTheReplacementAndACallWaitsForIt() {
        TestNodes.Node server = nodes.start("server", app -> app.use("todos", new MemoryService()));
        TestNodes.Node client = nodes.start("client", app -> { });
        awaitService(client.app(), "todos");
        dev.skein.core.ServiceHandle todos = client.app().service("todos");
        List<Object> heard = Collections.synchronizedList(new ArrayList<>());
        todos.on("created", e -> heard.add(map(e.data()).get("text")));
        join(todos.create(Map.of("text", "before")));
        await().atMost(Duration.ofSeconds(10)).until(() -> heard.contains("before"));

        server.app().close();
        await().atMost(Duration.ofSeconds(10)).until(() -> !hasInstance(client.app(), "todos"));
        assertThat(client.app().lookup("todos")).containsSame(todos);
        CompletableFuture<Object> waiting = todos.create(Map.of("text", "while none"));
        TestNodes.Node replacement = nodes.start("server", app -> app.use("todos", new MemoryService()));

        assertThat(map(join(waiting))).containsEntry("text", "while none");
        replacement.app().service("todos").create(Map.of("text", "after")).join();
        await().atMost(Duration.ofSeconds(10)).until(() -> heard.containsAll(List.of("while none", "after")));
        assertThat(heard).containsExactly("before", "while none", "after");
        assertThat(client.app().service("todos")).isSameAs(todos);
    }

    /**
     * A graceful stop under load (the attack run's SIGTERM): the leaving instance answers what it
     * runs, refuses the rest as not run, and the callers send those to the instance that stays:
     * no call fails, and every create that succeeded is stored exactly once.
     */
    @Test
    public void anInstanceThatStopsGracefullyUnderLoadFailsNoCallAndRunsNoneTwice() throws Exception {
        class SlowTodos extends MemoryService {
            @Override
            public java.util.concurrent.CompletionStage<Object> create(Object data, Params params) {
                return CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(200, TimeUnit.MICROSECONDS))
                        .thenCompose(x -> super.create(data, params));
            }
        }
        SlowTodos kept = new SlowTodos();
        SlowTodos gone = new SlowTodos();
        nodes.start("server", app -> app.use("todos", kept));
        TestNodes.Node leaves = nodes.start("server", app -> app.use("todos", gone));
        TestNodes.Node client = nodes.start("client", app -> { });
        await().atMost(Duration.ofSeconds(10)).until(() -> client.mesh().services().stream().filter(s -> s.path().equals("todos")).count() == 2);

        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicInteger succeeded = new java.util.concurrent.atomic.AtomicInteger();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> callers = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            int caller = t;
            Thread thread = new Thread(() -> {
                for (int i = 0; running.get() && i < 10_000; i++) {
                    try {
                        client.app().service("todos").create(Map.of("caller", caller, "i", i)).get(20, TimeUnit.SECONDS);
                        succeeded.incrementAndGet();
                    } catch (Exception e) {
                        failures.add(SkeinError.unwrap(e));
                    }
                }
            });
            thread.start();
            callers.add(thread);
        }
        Thread.sleep(500);
        leaves.app().close();
        Thread.sleep(500);
        running.set(false);
        for (Thread caller : callers) caller.join(30_000);

        assertThat(failures).isEmpty();
        int stored = ((List<?>) kept.find(new Params()).toCompletableFuture().join()).size()
                + ((List<?>) gone.find(new Params()).toCompletableFuture().join()).size();
        assertThat(stored).isEqualTo(succeeded.get());
        assertThat(succeeded.get()).isGreaterThan(100);
    }

    /** A blocking call that gives up cancels its remote call on the serving node, long before the mesh's timeout. */
    @Test
    public void aBlockingCallThatGivesUpCancelsTheWorkOnTheServingNode() {
        List<CompletableFuture<Object>> work = Collections.synchronizedList(new ArrayList<>());
        nodes.start("server", app -> app.use("slow", new MemoryService() {
            @Override
            public java.util.concurrent.CompletionStage<Object> create(Object data, Params params) {
                CompletableFuture<Object> never = new CompletableFuture<>();
                work.add(never);
                return never;
            }
        }));
        TestNodes.Node client = nodes.start("client", app -> { });
        awaitService(client.app(), "slow");

        long start = System.nanoTime();
        assertThatThrownBy(() -> client.app().service("slow").blocking(Duration.ofMillis(300)).create(Map.of("text", "t")))
                .isInstanceOf(dev.skein.core.errors.Timeout.class);
        await().atMost(Duration.ofSeconds(3)).until(() -> work.size() == 1 && work.get(0).isCancelled());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }

    /** A call made while serving one, with that call's params, inherits its deadline: it gives up when the outer caller does. */
    @Test
    public void aNestedCallInheritsTheDeadlineOfTheCallItServesAndATimeoutOfTheWrongTypeIsRefused() {
        List<CompletableFuture<Object>> inner = Collections.synchronizedList(new ArrayList<>());
        nodes.start("inner", app -> app.use("inner", new MemoryService() {
            @Override
            public java.util.concurrent.CompletionStage<Object> find(Params params) {
                CompletableFuture<Object> never = new CompletableFuture<>();
                inner.add(never);
                return never;
            }
        }));
        TestNodes.Node outer = nodes.start("outer", app -> { });
        awaitService(outer.app(), "inner");
        outer.app().use("outer", new MemoryService() {
            @Override
            public java.util.concurrent.CompletionStage<Object> find(Params params) {
                return outer.app().service("inner").find(params); // the incoming params, deadline and all
            }
        });
        List<CompletableFuture<Object>> nested = Collections.synchronizedList(new ArrayList<>());
        outer.app().use("fresh", new MemoryService() {
            @Override
            public java.util.concurrent.CompletionStage<Object> find(Params params) {
                nested.add(outer.app().service("inner").find(new Params())); // params of its own: the deadline still comes along
                return new CompletableFuture<>(); // and the caller's giving up does not reach the nested call through this one
            }
        });
        TestNodes.Node client = nodes.start("client", app -> { });
        awaitService(client.app(), "outer");

        long start = System.nanoTime();
        Throwable error = failure(client.app().service("outer").find(new Params().set(Mesh.TIMEOUT, Duration.ofMillis(800))));
        assertThat(error).isInstanceOf(dev.skein.core.errors.Timeout.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4)); // the mesh's default is 10 s
        await().atMost(Duration.ofSeconds(3)).until(() -> inner.size() == 1 && inner.get(0).isCancelled());

        awaitService(client.app(), "fresh");
        long again = System.nanoTime();
        assertThat(failure(client.app().service("fresh").find(new Params().set(Mesh.TIMEOUT, Duration.ofMillis(800)))))
                .isInstanceOf(dev.skein.core.errors.Timeout.class);
        assertThat(Duration.ofNanos(System.nanoTime() - again)).isLessThan(Duration.ofSeconds(4));
        await().atMost(Duration.ofSeconds(2)).until(() -> nested.size() == 1 && nested.get(0).isDone());
        assertThat(failure(nested.get(0))).isInstanceOf(dev.skein.core.errors.Timeout.class); // at the deadline, not the mesh's 10 s

        assertThat(failure(client.app().service("outer").find(new Params().set(Mesh.TIMEOUT, "2s"))))
                .isInstanceOf(dev.skein.core.errors.BadRequest.class).hasMessageContaining("java.time.Duration");
    }

    /** A caller retrying a create (after "may or may not have run") with the call's idempotency key gets the first answer. */
    @Test
    public void aCreateSentAgainWithItsIdempotencyKeyAnswersTheFirstResultInsteadOfRunningTwice() {
        List<Object> keysSeen = Collections.synchronizedList(new ArrayList<>());
        TestNodes.Node server = nodes.start("server", app -> app.use("todos", new MemoryService()));
        server.app().service("todos").hooks().before(ctx -> {
            if (ctx.method().equals("create")) keysSeen.add(ctx.params().get(Mesh.IDEMPOTENCY_KEY));
        });
        TestNodes.Node client = nodes.start("client", app -> { });
        TestNodes.Node other = nodes.start("other", app -> { });
        awaitService(client.app(), "todos");
        awaitService(other.app(), "todos");

        Object first = join(client.app().service("todos").create(Map.of("text", "once"), new Params().set(Mesh.IDEMPOTENCY_KEY, "order-42")));
        Object again = join(client.app().service("todos").create(Map.of("text", "once"), new Params().set(Mesh.IDEMPOTENCY_KEY, "order-42")));
        Object others = join(other.app().service("todos").create(Map.of("text", "theirs"), new Params().set(Mesh.IDEMPOTENCY_KEY, "order-42")));
        join(client.app().service("todos").create(Map.of("text", "a key of its own")));

        assertThat(again).isEqualTo(first);
        assertThat(map(others)).containsEntry("text", "theirs"); // a key is its caller's own
        assertThat((List<?>) join(server.app().service("todos").find())).hasSize(3);
        assertThat(keysSeen).hasSize(3).startsWith("order-42", "order-42").allSatisfy(k -> assertThat(k).isNotNull());
    }

    /** A listener blocked on the serving node does not hold back the answer of the create that emitted its event. */
    @Test
    public void aSlowListenerOnTheServingNodeDoesNotDelayTheCallersAnswer() {
        CountDownLatch release = new CountDownLatch(1);
        TestNodes.Node server = nodes.start("server", app -> app.use("todos", new MemoryService()));
        server.app().service("todos").on("created", e -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        });
        TestNodes.Node client = nodes.start("client", app -> { });
        awaitService(client.app(), "todos");
        try {
            long start = System.nanoTime();
            Object created = join(client.app().service("todos").create(Map.of("text", "fast answer")));
            assertThat(map(created)).containsEntry("text", "fast answer");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        } finally {
            release.countDown();
        }
    }

    /** A handle taken for a path no node serves yet gets its waiting call answered and hears standard and custom events once one does; a path that never appears fails with Unavailable. */
    @Test
    public void aHandleTakenBeforeAnyInstanceIsKnownCallsAndHearsOnceOneAppears() {
        TestNodes.Node client = nodes.start("client", app -> { });
        dev.skein.core.ServiceHandle later = client.app().service("later");
        List<Object> heard = Collections.synchronizedList(new ArrayList<>());
        later.on("created", e -> heard.add(map(e.data()).get("text")));
        later.on("status", e -> heard.add(e.data()));
        CompletableFuture<Object> waiting = later.create(Map.of("text", "early"));

        TestNodes.Node server = nodes.start("server", app -> app.use("later", new MemoryService(),
                ServiceOptions.builder().events("status").build()));
        assertThat(map(join(waiting))).containsEntry("text", "early");
        server.app().service("later").emit("status", "green");
        await().atMost(Duration.ofSeconds(10)).until(() -> heard.containsAll(List.of("early", "green")));
        assertThat(later.events()).contains("status");
        assertThat(failure(client.app().service("never").find(new Params().set(Mesh.TIMEOUT, Duration.ofMillis(300)))))
                .isInstanceOf(Unavailable.class).hasMessageContaining("never");
    }

    /** A service registered on a running node appears on the others, and disappears when it is unused. */
    @Test
    public void servicesAddedAfterStartAreAdvertisedAtOnce() {
        TestNodes.Node server = nodes.start("server", app -> { });
        TestNodes.Node client = nodes.start("client", app -> { });
        await().atMost(Duration.ofSeconds(10)).until(() -> client.mesh().nodes().size() == 2);

        server.app().use("late", new MemoryService());
        awaitService(client.app(), "late");
        server.app().unuse("late");

        await().atMost(Duration.ofSeconds(10)).until(() -> !hasInstance(client.app(), "late"));
    }

    /** A path the server does not publish is unknown to the client; a path the client does not consume is known but gets no proxy. */
    @Test
    public void publishAndConsumeFiltersChooseWhatCrosses() {
        nodes.start("server", app -> {
            app.use("public", new MemoryService());
            app.use("private", new MemoryService());
            app.use("ignored", new MemoryService());
        }, b -> b.publish(p -> !p.equals("private")));
        TestNodes.Node client = nodes.start("client", app -> { }, b -> b.consume(p -> !p.equals("ignored")));
        awaitService(client.app(), "public");

        assertThat(client.app().lookup("private")).isEmpty();
        assertThat(client.app().lookup("ignored")).isEmpty();
        assertThat(client.mesh().services()).extracting(ServiceInfo::path).contains("ignored").doesNotContain("private");
    }

    /** With {@code proxyPath(p -> "remote/" + p)}, the proxy of {@code todos} is at {@code remote/todos}. */
    @Test
    public void proxiesCanLiveAtAnAlias() {
        nodes.start("server", app -> app.use("todos", new MemoryService()));
        TestNodes.Node client = nodes.start("client", app -> { }, b -> b.proxyPath(p -> "remote/" + p));
        awaitService(client.app(), "remote/todos");

        assertThat(join(client.app().service("remote/todos").find())).isEqualTo(List.of());
    }

    /** An event predicate that refuses {@code removed} keeps those events on the serving node. */
    @Test
    public void anEventFilterKeepsChosenEventsOnTheirNode() {
        TestNodes.Node server = nodes.start("server", app -> app.use("todos", new MemoryService()),
                b -> b.events((path, event) -> !event.equals("removed")));
        TestNodes.Node client = nodes.start("client", app -> { });
        awaitService(client.app(), "todos");
        List<String> heard = Collections.synchronizedList(new ArrayList<>());
        client.app().service("todos").on("created", e -> heard.add("created"));
        client.app().service("todos").on("removed", e -> heard.add("removed"));

        Object item = server.app().service("todos").create(Map.of("a", 1)).join();
        server.app().service("todos").remove(((Map<?, ?>) item).get("id")).join();
        server.app().service("todos").create(Map.of("a", 2)).join();

        await().atMost(Duration.ofSeconds(5)).until(() -> heard.size() == 2);
        assertThat(heard).containsExactly("created", "created");
    }

    /** Synced replicas hear each other's events, except one an after hook kept local. */
    @Test
    public void syncedReplicasHearEachOthersEventsButNotTheOnesKeptLocal() {
        TestNodes.Node one = nodes.start("one", app -> app.use("messages", new MemoryService()), b -> b.sync("messages"));
        TestNodes.Node two = nodes.start("two", app -> app.use("messages", new MemoryService()), b -> b.sync("messages"));
        await().atMost(Duration.ofSeconds(10)).until(() -> two.mesh().nodes().size() == 2);
        List<Object> heardOnTwo = Collections.synchronizedList(new ArrayList<>());
        two.app().service("messages").on("created", e -> heardOnTwo.add(((Map<?, ?>) e.data()).get("text")));
        one.app().service("messages").hooks().after(Methods.CREATE, ctx -> {
            if ("local".equals(((Map<?, ?>) ctx.result()).get("text"))) ctx.keepEventLocal();
        });

        one.app().service("messages").create(Map.of("text", "local")).join();
        one.app().service("messages").create(Map.of("text", "shared")).join();

        await().atMost(Duration.ofSeconds(5)).until(() -> heardOnTwo.contains("shared"));
        assertThat(heardOnTwo).containsExactly("shared");
    }

    /** {@link Mesh#ready()} with a dependency of 2 instances completes with the second one, not the first. */
    @Test
    public void readinessWaitsForTheDeclaredNumberOfInstances() {
        TestNodes.Node client = nodes.start("client", app -> { }, b -> b.dependency("historian", 2));
        nodes.start("h1", app -> app.use("historian", new MemoryService()));
        assertThat(client.mesh().ready()).isNotDone();

        nodes.start("h2", app -> app.use("historian", new MemoryService()));

        client.mesh().ready().orTimeout(10, TimeUnit.SECONDS).join();
    }

    /**
     * A dependency counts members by their role too, as happner counts them by {@code serviceName}:
     * {@code historian: 2} is met by two other members whose role is historian, whatever paths they
     * serve, and the node's own role does not count.
     */
    @Test
    public void readinessCountsOtherMembersByTheirRole() {
        TestNodes.Node client = nodes.start("client", app -> { }, b -> b.role("historian").dependency("historian", 2));
        nodes.start("h1", app -> app.use("history", new MemoryService()), b -> b.role("historian"));
        await().atMost(Duration.ofSeconds(10)).until(() -> client.mesh().nodes().size() == 2);
        assertThat(client.mesh().ready()).isNotDone();
        assertThat(client.mesh().readiness().missing()).singleElement().asString().contains("'historian' needs 2 instance(s), 1 up");

        nodes.start("h2", app -> { }, b -> b.role("historian"));

        client.mesh().ready().orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** {@link Mesh#ready()} fails after a 300 ms discovery timeout with Unavailable naming the missing dependency and its count. */
    @Test
    public void readinessFailsAfterTheDiscoveryTimeoutListingWhatIsMissing() {
        TestNodes.Node client = nodes.start("client", app -> { }, b -> b.dependency("historian", 2)
                .discoveryTimeout(Duration.ofMillis(300)));

        Throwable error = failure(client.mesh().ready());

        assertThat(error).isInstanceOf(Unavailable.class).hasMessageContaining("historian").hasMessageContaining("needs 2");
    }

    /** A node of another namespace on the same transport sees no one and is seen by no one. */
    @Test
    public void nodesOfAnotherNamespaceAreIgnored() {
        TestNodes.Node server = nodes.start("server", app -> app.use("todos", new MemoryService()));
        TestNodes other = new TestNodes(transport());
        try {
            TestNodes.Node stranger = other.start("stranger", app -> { });
            TestNodes.Node client = nodes.start("client", app -> { });
            awaitService(client.app(), "todos");

            assertThat(stranger.mesh().nodes()).hasSize(1);
            assertThat(stranger.app().lookup("todos")).isEmpty();
            assertThat(server.mesh().nodes()).extracting(NodeInfo::name).doesNotContain("stranger");
        } finally {
            other.close();
        }
    }

    /** A remote node's heartbeats carry its heap, memory and processors, and its services. */
    @Test
    public void nodesReportTheirHealth() {
        nodes.start("server", app -> app.use("todos", new MemoryService()));
        TestNodes.Node client = nodes.start("client", app -> { });
        await().atMost(Duration.ofSeconds(10)).until(() -> client.mesh().nodes().size() == 2);

        NodeInfo server = client.mesh().nodes().stream().filter(n -> !n.local()).findFirst().orElseThrow();

        assertThat(server.name()).isEqualTo("server");
        assertThat(server.health().heapMax()).isPositive();
        assertThat(server.health().totalMemory()).isPositive();
        assertThat(server.health().processors()).isPositive();
        assertThat(server.services()).extracting(ServiceInfo::path).containsExactly("todos");
    }

    /** A mesh listener hears a node join, its service appear, and the node leave gracefully. */
    @Test
    public void listenersHearNodesJoinAndLeave() {
        TestNodes.Node watcher = nodes.start("watcher", app -> { });
        List<String> heard = Collections.synchronizedList(new ArrayList<>());
        watcher.mesh().addListener(new MeshListener() {
            @Override
            public void nodeJoined(NodeInfo node) {
                heard.add("joined " + node.name());
            }

            @Override
            public void nodeLeft(NodeInfo node, boolean graceful) {
                heard.add("left " + node.name() + (graceful ? " gracefully" : ""));
            }

            @Override
            public void serviceAdded(ServiceInfo service) {
                heard.add("service " + service.path());
            }
        });

        TestNodes.Node other = nodes.start("other", app -> app.use("todos", new MemoryService()));
        await().atMost(Duration.ofSeconds(10)).until(() -> heard.contains("service todos"));
        other.app().close();

        await().atMost(Duration.ofSeconds(10)).until(() -> heard.contains("left other gracefully"));
        assertThat(heard).startsWith("joined other");
    }

    /** A node that closes leaves {@link Mesh#nodes()} and stays in {@link Mesh#fleet()} offline, reason {@link NodeInfo#LEFT}, with its name, services and last-seen time. */
    @Test
    public void aNodeThatLeavesStaysInTheFleetMarkedOfflineWithWhyAndWhenItWasLastHeard() {
        TestNodes.Node watcher = nodes.start("watcher", app -> { });
        TestNodes.Node other = nodes.start("other", app -> app.use("todos", new MemoryService()));
        await().atMost(Duration.ofSeconds(10)).until(() -> watcher.mesh().nodes().size() == 2);
        String id = other.mesh().nodeId();
        List<NodeInfo> heardLeaving = Collections.synchronizedList(new ArrayList<>());
        watcher.mesh().addListener(new MeshListener() {
            @Override
            public void nodeLeft(NodeInfo node, boolean graceful) {
                heardLeaving.add(node);
            }
        });

        other.app().close();

        await().atMost(Duration.ofSeconds(10)).until(() -> watcher.mesh().fleet().stream().anyMatch(n -> n.id().equals(id) && !n.online()));
        NodeInfo gone = watcher.mesh().fleet().stream().filter(n -> n.id().equals(id)).findFirst().orElseThrow();
        assertThat(gone.offlineReason()).isEqualTo(NodeInfo.LEFT);
        assertThat(gone.name()).isEqualTo("other");
        assertThat(gone.services()).extracting(ServiceInfo::path).containsExactly("todos");
        assertThat(gone.lastSeen()).isBeforeOrEqualTo(java.time.Instant.now());
        assertThat(watcher.mesh().nodes()).extracting(NodeInfo::id).doesNotContain(id);
        assertThat(watcher.mesh().fleet().get(0).local()).as("this node first").isTrue();
        assertThat(heardLeaving).extracting(NodeInfo::id).contains(id);
    }

    /**
     * A graceful close is reported the same way every time, whatever order its leave, its last leave
     * and its connection's end arrive in: one {@code nodeLeft(node, true)} per node, the node offline
     * for {@link NodeInfo#LEFT}, and {@link Mesh#fleet()} says the same when the listener hears it.
     */
    @Test
    public void everyGracefulCloseIsHeardOnceAsLeftAndTheFleetAgrees() {
        TestNodes.Node watcher = nodes.start("watcher", app -> { });
        Map<String, List<String>> heard = new java.util.concurrent.ConcurrentHashMap<>();
        watcher.mesh().addListener(new MeshListener() {
            @Override
            public void nodeLeft(NodeInfo node, boolean graceful) {
                String listed = watcher.mesh().fleet().stream().filter(n -> n.id().equals(node.id()))
                        .map(n -> "online=" + n.online() + " reason=" + n.offlineReason()).findFirst().orElse("absent");
                heard.computeIfAbsent(node.name(), id -> Collections.synchronizedList(new ArrayList<>()))
                        .add("graceful=" + graceful + " online=" + node.online() + " reason=" + node.offlineReason() + ", fleet: " + listed);
            }
        });
        Map<String, List<String>> expected = new java.util.TreeMap<>();
        for (int i = 0; i < 10; i++) {
            String name = "leaver-" + i;
            TestNodes.Node leaver = nodes.start(name, app -> app.use("todos", new MemoryService()));
            String id = leaver.mesh().nodeId();
            await().atMost(Duration.ofSeconds(10)).until(() -> watcher.mesh().nodes().stream().anyMatch(n -> n.id().equals(id))
                    && leaver.mesh().nodes().size() == 2);

            leaver.app().close();

            await().atMost(Duration.ofSeconds(10)).until(() -> heard.containsKey(name)
                    && watcher.mesh().nodes().stream().noneMatch(n -> n.id().equals(id)));
            expected.put(name, List.of("graceful=true online=false reason=" + NodeInfo.LEFT + ", fleet: online=false reason=" + NodeInfo.LEFT));
        }

        assertThat(new java.util.TreeMap<>(heard)).isEqualTo(expected);
        assertThat(watcher.mesh().fleet()).filteredOn(n -> !n.local()).hasSize(10)
                .allMatch(n -> !n.online() && NodeInfo.LEFT.equals(n.offlineReason()));
    }

    /** With an offline retention of zero, a node that leaves is not kept in the fleet. */
    @Test
    public void withNoOfflineRetentionANodeThatLeavesIsForgottenAtOnce() {
        TestNodes.Node watcher = nodes.start("watcher", app -> { }, b -> b.offlineRetention(Duration.ZERO));
        TestNodes.Node other = nodes.start("other", app -> { });
        await().atMost(Duration.ofSeconds(10)).until(() -> watcher.mesh().nodes().size() == 2);

        other.app().close();

        await().atMost(Duration.ofSeconds(10)).until(() -> watcher.mesh().nodes().size() == 1);
        assertThat(watcher.mesh().fleet()).hasSize(1).allMatch(NodeInfo::online);
    }

    /** A node closing while it serves a call answers that call before it is gone. */
    @Test
    public void aNodeThatLeavesFinishesTheCallsItServes() {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        TestNodes.Node server = nodes.start("server", app -> app.use("slow", new BlockingService() {
            @Override
            public Object create(Object data, Params params) throws InterruptedException {
                entered.countDown();
                release.await(10, TimeUnit.SECONDS);
                return Map.of("done", true);
            }
        }));
        TestNodes.Node client = nodes.start("client", app -> { });
        awaitService(client.app(), "slow");
        CompletableFuture<Object> call = client.app().service("slow").create(Map.of());
        await().atMost(Duration.ofSeconds(5)).until(() -> entered.getCount() == 0);

        CompletableFuture<Void> leaving = CompletableFuture.runAsync(() -> server.app().close());
        release.countDown();

        assertThat(join(call)).isEqualTo(Map.of("done", true));
        leaving.orTimeout(15, TimeUnit.SECONDS).join();
    }

    /** A blocking service whose {@code get} and {@code find} answer {@code name}: which instance served a call. */
    public static BlockingService whoAmI(String name) {
        return new BlockingService() {
            @Override
            public Object get(Object id, Params params) {
                return name;
            }

            @Override
            public Object find(Params params) {
                return name;
            }
        };
    }
}
