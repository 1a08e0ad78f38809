package dev.skein.testkit;

import dev.skein.core.App;
import dev.skein.core.Methods;
import dev.skein.core.ServiceEvent;
import dev.skein.core.memory.MemoryService;
import dev.skein.mesh.sync.Sync;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Sync-only mode (feathers-sync) over one broker: each broker module runs this suite with its URI. */
public abstract class SyncTck {

    private final List<App> apps = new ArrayList<>();
    private final String key = "sync-" + UUID.randomUUID();

    /** The broker URI. */
    protected abstract String uri();

    /** The adapter type {@link Sync#type()} reports. */
    protected abstract String type();

    @AfterEach
    public void closeApps() {
        for (App app : apps) app.close();
    }

    private App instance(String name, Sync sync) {
        App app = App.builder().name(name).build();
        app.use("messages", new MemoryService());
        app.configure(sync);
        apps.add(app);
        Sync.of(app).ready().orTimeout(20, TimeUnit.SECONDS).join();
        return app;
    }

    private App instance(String name) {
        return instance(name, Sync.builder(uri()).key(key).build());
    }

    private static List<Object> texts(App app) {
        List<Object> heard = Collections.synchronizedList(new ArrayList<>());
        for (String event : Methods.STANDARD_EVENTS) {
            app.service("messages").on(event, e -> heard.add(event + " " + ((Map<?, ?>) e.data()).get("text")));
        }
        return heard;
    }

    @Test
    public void everyStandardEventOfOneInstanceReachesTheSameServiceOnTheOthers() {
        App one = instance("one");
        App two = instance("two");
        App three = instance("three");
        List<Object> onTwo = texts(two);
        List<Object> onThree = texts(three);

        Object created = one.service("messages").create(Map.of("text", "hi")).join();
        one.service("messages").patch(((Map<?, ?>) created).get("id"), Map.of("text", "hi!")).join();

        await().atMost(Duration.ofSeconds(10)).until(() -> onTwo.size() == 2 && onThree.size() == 2);
        assertThat(onTwo).containsExactly("created hi", "patched hi!");
        assertThat(onThree).containsExactly("created hi", "patched hi!");
        assertThat(Sync.of(one).type()).isEqualTo(type());
    }

    @Test
    public void theEmittingInstanceHearsItsOwnEventOnceWithoutTheBroker() {
        App one = instance("one");
        App two = instance("two");
        List<Object> onOne = texts(one);
        List<Object> onTwo = texts(two);

        one.service("messages").create(Map.of("text", "once")).join();

        assertThat(onOne).containsExactly("created once");
        await().atMost(Duration.ofSeconds(10)).until(() -> onTwo.size() == 1);
        two.service("messages").create(Map.of("text", "marker")).join();
        await().atMost(Duration.ofSeconds(10)).until(() -> onOne.size() == 2);
        assertThat(onOne).containsExactly("created once", "created marker");
    }

    @Test
    public void aHookCanKeepOneCallsEventLocal() {
        App one = instance("one");
        App two = instance("two");
        one.service("messages").hooks().after(Methods.CREATE, ctx -> {
            if ("private".equals(((Map<?, ?>) ctx.result()).get("text"))) ctx.keepEventLocal();
        });
        List<Object> onTwo = texts(two);

        one.service("messages").create(Map.of("text", "private")).join();
        one.service("messages").create(Map.of("text", "public")).join();

        await().atMost(Duration.ofSeconds(10)).until(() -> onTwo.contains("created public"));
        assertThat(onTwo).containsExactly("created public");
    }

    @Test
    public void customEventsAreSyncedAndUnknownPathsAreDroppedQuietly() {
        App one = App.builder().name("one").build();
        apps.add(one);
        one.use("jobs", new MemoryService(), dev.skein.core.ServiceOptions.builder().events("progress").build());
        one.use("only-here", new MemoryService());
        one.configure(Sync.builder(uri()).key(key).build());
        Sync.of(one).ready().join();
        App two = App.builder().name("two").build();
        apps.add(two);
        two.use("jobs", new MemoryService(), dev.skein.core.ServiceOptions.builder().events("progress").build());
        two.configure(Sync.builder(uri()).key(key).build());
        Sync.of(two).ready().join();
        List<ServiceEvent> heard = Collections.synchronizedList(new ArrayList<>());
        two.service("jobs").on("progress", heard::add);

        one.service("only-here").create(Map.of("text", "nobody else serves this")).join();
        one.service("jobs").emit("progress", Map.of("done", 50));

        await().atMost(Duration.ofSeconds(10)).until(() -> heard.size() == 1);
        assertThat(heard.get(0).data()).isEqualTo(Map.of("done", 50));
        assertThat(heard.get(0).origin()).isNotNull();
    }

    @Test
    public void instancesWithAnotherKeyHearNothing() {
        App one = instance("one");
        App stranger = instance("stranger", Sync.builder(uri()).key(key + "-other").build());
        App two = instance("two");
        List<Object> onStranger = texts(stranger);
        List<Object> onTwo = texts(two);

        one.service("messages").create(Map.of("text", "in the family")).join();

        await().atMost(Duration.ofSeconds(10)).until(() -> onTwo.size() == 1);
        assertThat(onStranger).isEmpty();
    }

    @Test
    public void theBinarySerializerKeepsByteArrays() {
        App one = instance("one", Sync.builder(uri()).key(key).serializer(Sync.CBOR).build());
        App two = instance("two", Sync.builder(uri()).key(key).serializer(Sync.CBOR).build());
        List<Object> payloads = Collections.synchronizedList(new ArrayList<>());
        two.service("messages").on("created", e -> payloads.add(((Map<?, ?>) e.data()).get("blob")));

        one.service("messages").create(Map.of("blob", new byte[]{1, 2, 3})).join();

        await().atMost(Duration.ofSeconds(10)).until(() -> payloads.size() == 1);
        assertThat(payloads.get(0)).isEqualTo(new byte[]{1, 2, 3});
    }

    /**
     * A Node replica using the real feathers-sync (npm, from {@code compat/feathers-sync}'s lockfile,
     * which {@code .ci/run} installs) on the same broker and key: an event emitted on the Java
     * replica reaches the Node one once, and the Node replica's answer reaches the Java one once.
     */
    @Test
    public void aNodeReplicaUsingFeathersSyncSharesEventsBothWaysOnceEach() throws Exception {
        java.io.File project = feathersSyncProject();
        String syncKey = "feathers-sync-" + UUID.randomUUID();
        App replica = instance("java", Sync.builder(uri()).feathersSync().key(syncKey).build());
        List<Object> heard = Collections.synchronizedList(new ArrayList<>());
        replica.service("messages").on("created", e -> heard.add(((Map<?, ?>) e.data()).get("from")));

        Process node = new ProcessBuilder("node", "peer.mjs", uri(), syncKey).directory(project).redirectErrorStream(true).start();
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(node.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    lines.add(line);
                    if (line.equals("READY")) ready.countDown();
                }
            } catch (java.io.IOException ignored) {
                // the process ended
            }
        }, "feathers-sync-peer");
        reader.setDaemon(true);
        reader.start();
        try {
            assertThat(ready.await(30, TimeUnit.SECONDS)).as("the Node replica subscribed: " + lines).isTrue();
            replica.service("messages").create(Map.of("from", "java", "text", "hello from java")).get(10, TimeUnit.SECONDS);

            assertThat(node.waitFor(40, TimeUnit.SECONDS)).as("the Node replica finished: " + lines).isTrue();
            reader.join(5_000);
            assertThat(node.exitValue()).as(String.join("\n", lines)).isZero();
            // the Node replica heard the Java event once, and its own once (feathers-sync emits on the way back)
            assertThat(lines).as(String.join("\n", lines)).contains("COUNTS {\"java\":1,\"node\":1}");
            await().atMost(Duration.ofSeconds(5)).until(() -> heard.contains("node"));
            Thread.sleep(300);
            assertThat(heard).containsExactly("java", "node");
        } finally {
            node.destroyForcibly();
        }
    }

    /** {@code compat/feathers-sync} of the repository, with its npm packages installed. */
    private static java.io.File feathersSyncProject() {
        for (java.io.File dir = new java.io.File("").getAbsoluteFile(); dir != null; dir = dir.getParentFile()) {
            java.io.File project = new java.io.File(dir, "compat/feathers-sync");
            if (project.isDirectory()) {
                assertThat(new java.io.File(project, "node_modules/feathers-sync"))
                        .as("the npm packages of compat/feathers-sync: .ci/run installs them (npm ci --prefix compat/feathers-sync)").exists();
                return project;
            }
        }
        throw new AssertionError("compat/feathers-sync not found above " + new java.io.File("").getAbsolutePath());
    }
}
