package dev.skein.testkit;

import dev.skein.core.App;
import dev.skein.core.Methods;
import dev.skein.core.Params;
import dev.skein.core.errors.SkeinError;
import dev.skein.core.errors.Unavailable;
import dev.skein.core.memory.MemoryService;
import dev.skein.mesh.Mesh;
import dev.skein.mesh.sync.Sync;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Broker faults every broker transport must survive: a broker of the test's own is stopped in the
 * middle of traffic and started again on the same port.
 */
public abstract class BrokerFaults {

    private BrokerProcess broker;
    private TestNodes nodes;

    /** A broker process on a spare port, not yet started. */
    protected abstract BrokerProcess broker() throws Exception;

    /** The transport URI for a broker on this port. */
    protected abstract String transport(int port);

    /** Closes the test's nodes, then stops its broker. */
    @AfterEach
    public void stopEverything() throws Exception {
        if (nodes != null) nodes.close();
        if (broker != null) broker.close();
    }

    /** Calls made while the broker is down end with 408 or 503 within their 2 s timeout; after the restart, calls and events flow again, each event heard once. */
    @Test
    @Timeout(90)
    public void callsDuringAnOutageWaitOrFailWithinTheirTimeoutAndTrafficResumesAfterTheRestart() throws Exception {
        broker = broker().start();
        nodes = new TestNodes(transport(broker.port()), b -> b.heartbeat(Duration.ofMillis(300), Duration.ofSeconds(20)));
        TestNodes.Node server = nodes.start("server", app -> app.use("todos", new MemoryService()));
        TestNodes.Node client = nodes.start("client", app -> { });
        MeshTck.awaitService(client.app(), "todos");
        assertThat(MeshTck.join(client.app().service("todos").create(Map.of("n", 0)))).isNotNull();

        broker.stop();
        List<CompletableFuture<Object>> during = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            during.add(client.mesh().call("todos", Methods.FIND, null, null, new Params().set(Mesh.TIMEOUT, Duration.ofSeconds(2))));
        }
        for (CompletableFuture<Object> call : during) {
            try {
                call.orTimeout(10, TimeUnit.SECONDS).join();
            } catch (CompletionException e) {
                assertThat(SkeinError.unwrap(e)).isInstanceOf(SkeinError.class);
                assertThat(((SkeinError) SkeinError.unwrap(e)).code()).isIn(408, 503);
            }
        }
        broker.start();

        // a read finds out when traffic flows again; each create is then called exactly once, so
        // a create that ran twice would be the mesh's fault, not a retry's
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() ->
                client.mesh().call("todos", Methods.FIND, null, null, new Params().set(Mesh.TIMEOUT, Duration.ofSeconds(1)))
                        .get(3, TimeUnit.SECONDS) != null);
        assertThat(MeshTck.join(client.mesh().call("todos", Methods.CREATE, null, Map.of("n", 1),
                new Params().set(Mesh.TIMEOUT, Duration.ofSeconds(10))))).isNotNull();
        List<Object> created = new CopyOnWriteArrayList<>();
        client.app().service("todos").on("created", e -> created.add(((Map<?, ?>) e.data()).get("n")));
        server.app().service("todos").create(Map.of("n", 2)).join();
        // Answers and events travel apart, so n=1's event may still arrive after its answer did.
        // The new event must arrive, and only once.
        await().atMost(Duration.ofSeconds(10)).until(() -> created.contains(2));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> Collections.frequency(created, 2) == 1);
        List<Object> numbers = new ArrayList<>();
        for (Object todo : (List<?>) MeshTck.join(client.app().service("todos").find())) numbers.add(((Map<?, ?>) todo).get("n"));
        assertThat(numbers).containsExactly(0, 1, 2);
    }

    /**
     * The attack run's outage: creates in flight when the broker stops are sent again once it is
     * back, to the node that may have run them; one that ran answers with its first answer (its
     * idempotency key) instead of running twice, and none waits for its whole timeout.
     */
    @Test
    @Timeout(150)
    public void createsInFlightDuringAShortOutageAreSentAgainWhenTheBrokerIsBackAndNoneRunsTwice() throws Exception {
        broker = broker().start();
        nodes = new TestNodes(transport(broker.port()), b -> b.heartbeat(Duration.ofMillis(300), Duration.ofSeconds(20)));
        TestNodes.Node server = nodes.start("server", app -> app.use("todos", new MemoryService() {
            @Override
            public java.util.concurrent.CompletionStage<Object> create(Object data, Params params) {
                return CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(400, TimeUnit.MILLISECONDS))
                        .thenCompose(x -> super.create(data, params));
            }
        }));
        TestNodes.Node client = nodes.start("client", app -> { });
        MeshTck.awaitService(client.app(), "todos");

        List<CompletableFuture<Object>> inFlight = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            inFlight.add(client.mesh().call("todos", Methods.CREATE, null, Map.of("n", i), new Params().set(Mesh.TIMEOUT, Duration.ofSeconds(60))));
        }
        Thread.sleep(150); // the requests reached the server, which answers 250 ms later: into the outage
        broker.stop();
        for (int i = 16; i < 32; i++) { // and more, sent while the broker is down
            inFlight.add(client.mesh().call("todos", Methods.CREATE, null, Map.of("n", i), new Params().set(Mesh.TIMEOUT, Duration.ofSeconds(60))));
            Thread.sleep(60);
        }
        Thread.sleep(1000);
        broker.start();
        long back = System.nanoTime();

        for (CompletableFuture<Object> call : inFlight) assertThat(call.get(70, TimeUnit.SECONDS)).isNotNull();
        assertThat(Duration.ofNanos(System.nanoTime() - back)).isLessThan(Duration.ofSeconds(20)); // not the calls' 60 s timeout
        List<Object> numbers = new ArrayList<>();
        for (Object todo : (List<?>) MeshTck.join(server.app().service("todos").find())) numbers.add(((Map<?, ?>) todo).get("n"));
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < 32; i++) all.add(i);
        assertThat(numbers).containsExactlyInAnyOrderElementsOf(all);
    }

    /** A node whose broker is not listening fails {@link Mesh#ready()} with Unavailable naming the broker's port. */
    @Test
    @Timeout(60)
    public void aBrokerThatIsUnreachableAtStartFailsReadinessNamingItsAddress() throws Exception {
        broker = broker(); // never started: nothing listens on its port
        nodes = new TestNodes(transport(broker.port()));
        TestNodes.Node node = nodes.start("lonely", app -> { });

        Throwable error = MeshTck.failure(node.mesh().ready());

        assertThat(error).isInstanceOf(Unavailable.class).hasMessageContaining(String.valueOf(broker.port()));
    }

    /** Nodes with {@code waitForTransport} stay not ready while the broker is down and become ready, and call, once it starts. */
    @Test
    @Timeout(60)
    public void nodesAskedToWaitForTheirBrokerBecomeReadyWhenItComesUp() throws Exception {
        broker = broker(); // not started yet
        nodes = new TestNodes(transport(broker.port()), b -> b.waitForTransport(true).discoveryTimeout(Duration.ofSeconds(40)));
        TestNodes.Node server = nodes.start("server", app -> app.use("todos", new MemoryService()));
        TestNodes.Node client = nodes.start("client", app -> { }, b -> b.dependency("todos", 1));

        Thread.sleep(1500);
        assertThat(server.mesh().ready()).isNotDone();
        assertThat(client.mesh().ready()).isNotDone();
        broker.start();

        server.mesh().ready().get(30, TimeUnit.SECONDS);
        client.mesh().ready().get(30, TimeUnit.SECONDS);
        assertThat(MeshTck.join(client.app().service("todos").create(Map.of("n", 1)))).isEqualTo(Map.of("id", 0, "n", 1));
    }

    /** Closing a node still waiting for its broker fails its readiness and its waiting call with Unavailable. */
    @Test
    @Timeout(60)
    public void closingANodeThatWaitsForItsBrokerFailsItsReadinessAndItsWaitingCalls() throws Exception {
        broker = broker(); // never started
        nodes = new TestNodes(transport(broker.port()), b -> b.waitForTransport(true).discoveryTimeout(Duration.ofSeconds(40)));
        TestNodes.Node node = nodes.start("patient", app -> { });
        CompletableFuture<Object> call = node.mesh().call("todos", Methods.FIND, null, null,
                new Params().set(Mesh.TIMEOUT, Duration.ofSeconds(40)));
        Thread.sleep(500);

        node.app().close();

        assertThat(MeshTck.failure(call)).isInstanceOf(Unavailable.class);
        assertThat(MeshTck.failure(node.mesh().ready())).isInstanceOf(Unavailable.class);
    }

    /** A node waiting for a broker that never starts stays not ready until its 3 s discovery timeout, then fails naming the broker's port. */
    @Test
    @Timeout(60)
    public void waitingForABrokerThatNeverComesFailsReadinessAtTheDiscoveryTimeoutNamingIt() throws Exception {
        broker = broker(); // never started
        nodes = new TestNodes(transport(broker.port()), b -> b.waitForTransport(true).discoveryTimeout(Duration.ofSeconds(3)));
        TestNodes.Node node = nodes.start("patient", app -> { });

        Thread.sleep(1000);
        assertThat(node.mesh().ready()).as("still waiting within the discovery timeout").isNotDone();
        Throwable error = MeshTck.failure(node.mesh().ready());

        assertThat(error).isInstanceOf(Unavailable.class).hasMessageContaining(String.valueOf(broker.port()));
    }

    /** Sync replicas hear each other again after a broker restart, each later event once; an event emitted during the outage may be lost. */
    @Test
    @Timeout(90)
    public void syncSurvivesABrokerRestartAndDeliversEachLaterEventOnce() throws Exception {
        broker = broker().start();
        App first = App.builder().name("first").build();
        App second = App.builder().name("second").build();
        String key = "restart-" + UUID.randomUUID();
        try {
            for (App app : List.of(first, second)) {
                app.use("messages", new MemoryService());
                app.configure(Sync.builder(transport(broker.port())).key(key).build());
                Sync.of(app).ready().get(20, TimeUnit.SECONDS);
            }
            List<Object> heard = new CopyOnWriteArrayList<>();
            second.service("messages").on("created", e -> heard.add(((Map<?, ?>) e.data()).get("text")));
            first.service("messages").create(Map.of("text", "before")).join();
            await().atMost(Duration.ofSeconds(10)).until(() -> heard.contains("before"));

            broker.stop();
            first.service("messages").create(Map.of("text", "during")).join(); // pub/sub keeps nothing: lost to the other
            broker.start();

            // keep sending until the first one after the reconnect arrives, then check none came twice
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
                first.service("messages").create(Map.of("text", "after")).join();
                return heard.contains("after");
            });
            first.service("messages").create(Map.of("text", "last")).join();
            await().atMost(Duration.ofSeconds(10)).until(() -> heard.contains("last"));
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> Collections.frequency(heard, "last") == 1);
            assertThat(Collections.frequency(heard, "before")).isEqualTo(1);
            assertThat(Collections.frequency(heard, "during")).isLessThanOrEqualTo(1);
        } finally {
            first.close();
            second.close();
        }
    }

    /** Sync with {@code waitForBroker} becomes ready when the broker starts, and then shares events. */
    @Test
    @Timeout(60)
    public void syncAskedToWaitForItsBrokerSharesEventsOnceItComesUp() throws Exception {
        broker = broker(); // not started yet
        App first = App.builder().name("first").build();
        App second = App.builder().name("second").build();
        String key = "wait-" + UUID.randomUUID();
        try {
            for (App app : List.of(first, second)) {
                app.use("messages", new MemoryService());
                app.configure(Sync.builder(transport(broker.port())).key(key).waitForBroker(Duration.ofSeconds(40)).build());
            }
            Thread.sleep(1500);
            assertThat(Sync.of(first).ready()).isNotDone();
            broker.start();
            Sync.of(first).ready().get(30, TimeUnit.SECONDS);
            Sync.of(second).ready().get(30, TimeUnit.SECONDS);

            List<Object> heard = new CopyOnWriteArrayList<>();
            second.service("messages").on("created", e -> heard.add(((Map<?, ?>) e.data()).get("text")));
            first.service("messages").create(Map.of("text", "after the wait")).join();

            await().atMost(Duration.ofSeconds(10)).until(() -> heard.contains("after the wait"));
        } finally {
            first.close();
            second.close();
        }
    }

    /** Sync waiting 2 s for a broker that never starts fails its readiness naming the broker's port. */
    @Test
    @Timeout(60)
    public void syncWaitingForABrokerThatNeverComesFailsNamingIt() throws Exception {
        broker = broker(); // never started
        App app = App.builder().name("patient").build();
        try {
            app.configure(Sync.builder(transport(broker.port())).waitForBroker(Duration.ofSeconds(2)).build());
            Throwable error = MeshTck.failure(Sync.of(app).ready());
            assertThat(error).isInstanceOf(Unavailable.class).hasMessageContaining(String.valueOf(broker.port()));
        } finally {
            app.close();
        }
    }

    /** With {@code scanErrorThreshold(3)}, a node whose broker stays down reports itself not ready ("failed") and ready again once the broker is back. */
    @Test
    @Timeout(90)
    public void aNodeWhoseBrokerStaysAwayPastTheScanErrorThresholdReportsItselfFailedUntilItIsBack() throws Exception {
        broker = broker().start();
        App app = App.builder().name("member").build();
        try {
            Mesh mesh = Mesh.builder().transport(transport(broker.port())).namespace("scan-" + UUID.randomUUID())
                    .heartbeat(Duration.ofMillis(200), Duration.ofMillis(800)).scanErrorThreshold(3).build();
            app.configure(mesh);
            mesh.ready().get(20, TimeUnit.SECONDS);
            assertThat(mesh.readiness().ready()).isTrue();

            broker.stop();
            await().atMost(Duration.ofSeconds(15)).until(() -> !mesh.readiness().ready());
            assertThat(mesh.readiness().missing().toString()).contains("failed").contains("scanErrorThreshold 3");

            broker.start();
            await().atMost(Duration.ofSeconds(40)).until(() -> mesh.readiness().ready());
        } finally {
            app.close();
        }
    }
}
