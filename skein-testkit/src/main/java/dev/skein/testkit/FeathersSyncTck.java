package dev.skein.testkit;

import dev.skein.core.App;
import dev.skein.core.memory.MemoryService;
import dev.skein.mesh.sync.Sync;
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

/**
 * Sync with Node replicas that use the real feathers-sync (npm) on the same broker
 * ({@link Sync.Builder#feathersSync()}): each broker module runs it against its broker.
 */
public abstract class FeathersSyncTck {

    /** The broker URI, as both sides use it. */
    protected abstract String uri();

    /**
     * A Node replica using the real feathers-sync (npm, from {@code compat/feathers-sync}'s lockfile,
     * which the build installs) on the same broker and key: an event emitted on the Java
     * replica reaches the Node one once, with the hook context feathers-sync would give it (method,
     * path, query, provider, user; never the credentials), and the Node replica's answer reaches the
     * Java one once.
     */
    @Test
    public void aNodeReplicaUsingFeathersSyncSharesEventsBothWaysOnceEach() throws Exception {
        java.io.File project = feathersSyncProject();
        String syncKey = "feathers-sync-" + UUID.randomUUID();
        App replica = App.builder().name("java").build();
        replica.use("messages", new MemoryService());
        replica.configure(Sync.builder(uri()).feathersSync().key(syncKey).build());
        Sync.of(replica).ready().orTimeout(20, TimeUnit.SECONDS).join();
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
            dev.skein.core.Params params = dev.skein.core.Params.query(Map.of("tag", "a")).provider("rest").user(Map.of("id", 7))
                    .authentication(Map.of("accessToken", "secret-token")).header("authorization", "Bearer secret-token");
            replica.service("messages").create(Map.of("from", "java", "text", "hello from java"), params).get(10, TimeUnit.SECONDS);

            assertThat(node.waitFor(40, TimeUnit.SECONDS)).as("the Node replica finished: " + lines).isTrue();
            reader.join(5_000);
            assertThat(node.exitValue()).as(String.join("\n", lines)).isZero();
            // the Node replica heard the Java event once, and its own once (feathers-sync emits on the way back)
            assertThat(lines).as(String.join("\n", lines)).contains("COUNTS {\"java\":1,\"node\":1}");
            // its listener saw the call as feathers-sync hands a Node instance's: method, path, query, provider, user;
            // not the credentials (authentication, headers)
            assertThat(lines).as(String.join("\n", lines)).contains("CONTEXT {\"method\":\"create\",\"path\":\"messages\",\"type\":\"after\","
                    + "\"query\":{\"tag\":\"a\"},\"provider\":\"rest\",\"user\":{\"id\":7}}");
            await().atMost(Duration.ofSeconds(5)).until(() -> heard.contains("node"));
            Thread.sleep(300);
            assertThat(heard).containsExactly("java", "node");
        } finally {
            node.destroyForcibly();
            replica.close();
        }
    }

    /** {@code compat/feathers-sync} of the repository, with its npm packages installed. */
    private static java.io.File feathersSyncProject() {
        for (java.io.File dir = new java.io.File("").getAbsoluteFile(); dir != null; dir = dir.getParentFile()) {
            java.io.File project = new java.io.File(dir, "compat/feathers-sync");
            if (project.isDirectory()) {
                assertThat(new java.io.File(project, "node_modules/feathers-sync"))
                        .as("the npm packages of compat/feathers-sync, which the build of each broker module installs before its "
                                + "tests (tools/npm-ci.sh): run them through Maven, e.g. mvn -pl skein-redis test").exists();
                return project;
            }
        }
        throw new AssertionError("compat/feathers-sync not found above " + new java.io.File("").getAbsolutePath());
    }
}
