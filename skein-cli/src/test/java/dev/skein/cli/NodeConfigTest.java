package dev.skein.cli;

import dev.skein.gateway.Gateway;
import dev.skein.gateway.GatewayOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Nodes described by YAML files, as happner configures its members: three processes, one waiting for two historians. */
@Timeout(120)
class NodeConfigTest {

    private final List<Process> nodes = new ArrayList<>();
    private final String deployment = "deploy-" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void stop() throws Exception {
        for (Process p : nodes) {
            p.destroy();
            if (!p.waitFor(15, TimeUnit.SECONDS)) p.destroyForcibly();
        }
    }

    private String mesh(String role) {
        return "mesh:\n  transport: tcp://?beacon=200\n  deployment: " + deployment + "\n  role: " + role
                + "\n  heartbeat: 250ms\n  deadAfter: 1s\n";
    }

    /** Starts {@code skein node --config file}; completes with its ready line. */
    private CompletableFuture<String> start(Path file) throws Exception {
        Process node = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Dskein.discovery.interface=lo",
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "node", "--config", file.toString())
                .redirectErrorStream(true).start();
        nodes.add(node);
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            List<String> lines = new ArrayList<>();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    lines.add(line);
                    if (line.startsWith("node ")) ready.complete(line);
                }
            } catch (java.io.IOException ignored) {
                // it ended
            }
            ready.completeExceptionally(new AssertionError("the node ended before it was ready: " + lines));
        });
        reader.setDaemon(true);
        reader.start();
        return ready;
    }

    @Test
    void threeNodesFromFilesAndTheEdgeIsReadyOnlyWithTwoHistorians(@TempDir Path dir) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path edge = Files.writeString(dir.resolve("edge.yaml"), "name: edge\n" + mesh("edge")
                + "  discoveryTimeout: 60s\n  dependencies: {history: 2}\n  versions: {history: '^2'}\n"
                + "gateway:\n  port: " + port + "\n  expose: []\n  broker:\n    - {path: shop/history, service: history, version: '^2', methods: [find]}\n");
        CompletableFuture<String> edgeReady = start(edge);
        List<CompletableFuture<String>> historians = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            Path historian = Files.writeString(dir.resolve("historian-" + i + ".yaml"), "name: historian-" + i + "\n" + mesh("historian")
                    + "services:\n  - {path: history, class: dev.skein.core.memory.MemoryService, version: 2.1.0}\n");
            historians.add(start(historian));
            if (i == 1) {
                historians.get(0).get(60, TimeUnit.SECONDS);
                Thread.sleep(1500); // one historian is not enough
                assertThat(edgeReady).as("the edge waits for two historians").isNotDone();
            }
        }
        for (CompletableFuture<String> h : historians) assertThat(h.get(60, TimeUnit.SECONDS)).contains("serving [history]").contains(deployment);
        assertThat(edgeReady.get(60, TimeUnit.SECONDS)).contains("HTTP on http://127.0.0.1:" + port);

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> found = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/shop/history")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(found.statusCode()).isEqualTo(200);
        HttpResponse<String> removed = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/shop/history/1")).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(removed.statusCode()).as("only find is brokered").isEqualTo(405);
    }

    @Test
    void theGatewaysWaitsComeFromTheFileOrTheirDefaults(@TempDir Path dir) throws Exception {
        Path set = Files.writeString(dir.resolve("set.yaml"), "name: edge\ngateway:\n  settleWindow: 5s\n  unavailableAfter: 500ms\n");
        Path unset = Files.writeString(dir.resolve("unset.yaml"), "name: edge\ngateway:\n  port: 0\n");

        assertThat(NodeConfig.read(set).gateway().options().discovery())
                .isEqualTo(new GatewayOptions.Discovery(java.time.Duration.ofSeconds(5), java.time.Duration.ofMillis(500)));
        assertThat(NodeConfig.read(unset).gateway().options().discovery())
                .isEqualTo(new GatewayOptions.Discovery(Gateway.DEFAULT_SETTLE_WINDOW, Gateway.DEFAULT_UNAVAILABLE_AFTER));
    }

    @Test
    void aNodeFileSaysWhoMayDrainTheNodeAsOperationsMdShows(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("worker.yaml"), "name: worker\nmesh:\n  access:\n    _skein/drain: {call: [ops]}\n");

        dev.skein.mesh.Access access = NodeConfig.read(file).access();
        assertThat(access.restrictsCalls(dev.skein.mesh.Mesh.DRAIN_PATH)).isTrue();
        assertThat(access.mayCall(java.util.Set.of("ops"), dev.skein.mesh.Mesh.DRAIN_PATH, "drain")).isTrue();
        assertThat(access.mayCall(java.util.Set.of("web"), dev.skein.mesh.Mesh.DRAIN_PATH, "drain")).isFalse();
    }

    @Test
    void anUnknownKeyIsAUsageErrorNamingIt(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "name: x\nmesh:\n  pulseIntervalMs: 1000\n");
        PrintStream before = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertThat(Main.run("node", "--config", bad.toString())).isEqualTo(2);
        } finally {
            System.setErr(before);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown key 'mesh.pulseIntervalMs'").contains("heartbeat");
    }
}
