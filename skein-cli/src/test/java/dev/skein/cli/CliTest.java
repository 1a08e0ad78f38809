package dev.skein.cli;

import dev.skein.core.App;
import dev.skein.core.Json;
import dev.skein.core.memory.MemoryService;
import dev.skein.mesh.Mesh;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The skein command against a real node over tcp (multicast on loopback), output captured. */
class CliTest {

    private final String namespace = "cli-" + UUID.randomUUID();
    private App server;
    private CapturedStreams streams;
    private ByteArrayOutputStream out;
    private ByteArrayOutputStream err;

    @BeforeEach
    void start() {
        server = App.builder().name("server").build();
        server.use("todos", new MemoryService());
        server.configure(Mesh.builder().transport("tcp://?beacon=200").namespace(namespace).build());
        streams = new CapturedStreams();
        out = streams.out;
        err = streams.err;
    }

    @AfterEach
    void stop() {
        streams.close();
        server.close();
    }

    private int skein(String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--namespace";
        all[args.length + 1] = namespace;
        all[args.length + 2] = "--transport";
        all[args.length + 3] = "tcp://?beacon=200";
        return Main.run(all);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The line of stdout that -o json printed (the test's log lines go to stdout too). */
    private String jsonLine() {
        return out().lines().filter(l -> l.startsWith("[")).findFirst().orElseThrow(() -> new AssertionError("no JSON array in " + out()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"node", "gateway", "nodes", "services", "call", "events", "demo", "keygen", "drain"})
    void everyCommandHasHelpWithItsExitCodes(String command) {
        assertThat(Main.run(command, "--help")).isZero();
        assertThat(out()).contains("Usage: skein " + command).contains("Exit codes:").containsPattern("(?m)^  0 ");
    }

    @Test
    void callPrintsTheJsonResultOfARemoteService() {
        int code = skein("call", "todos", "create", "{\"text\":\"from the cli\"}");

        assertThat(code).isZero();
        assertThat(out()).contains("\"text\":\"from the cli\"");
        assertThat(server.service("todos").find().join()).asList().hasSize(1);
    }

    @Test
    void aFailedCallPrintsTheErrorAndExitsWithItsCode() {
        int code = skein("call", "todos", "get", "--id", "999");

        assertThat(code).isEqualTo(104);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("\"name\":\"NotFound\"").contains("\"code\":404");
    }

    @Test
    void malformedJsonIsABadRequestExit() {
        assertThat(skein("call", "todos", "create", "{not json")).isEqualTo(100);
    }

    @Test
    void nodesAndServicesListWhatTheMeshHolds() {
        assertThat(skein("nodes", "--wait", "1500ms")).isZero();
        assertThat(out()).contains("server").contains("todos").contains("HEAP MB");
        out.reset();

        assertThat(skein("services", "--wait", "1500ms")).isZero();
        assertThat(out()).containsPattern("todos\\s+0\\.0\\.0\\s+1\\s+find,get,create,update,patch,remove");
    }

    @Test
    void eventsPrintsEventsAsTheyHappen() {
        CompletableFuture<Integer> listening = CompletableFuture.supplyAsync(() -> skein("events", "todos", "--for", "4s"));
        await().atMost(10, TimeUnit.SECONDS).pollInterval(200, TimeUnit.MILLISECONDS).until(() -> {
            server.service("todos").create(Map.of("text", "watched")).join();
            return out().contains("\"event\":\"created\"");
        });

        assertThat(listening.orTimeout(15, TimeUnit.SECONDS).join()).isZero();
        assertThat(out()).contains("\"path\":\"todos\"").contains("\"text\":\"watched\"");
    }

    @Test
    void aMeshSecretComesFromAFileAndOnlyItsHoldersReachTheServices(@TempDir Path dir) throws Exception {
        String secured = "cli-secured-" + UUID.randomUUID();
        Path right = NodeSettingsConflictTest.ownerOnly(Files.writeString(dir.resolve("mesh.secret"), "# the mesh secret\nthe-secret-of-the-cli-test-mesh-0000000\n"));
        Path wrong = NodeSettingsConflictTest.ownerOnly(Files.writeString(dir.resolve("other.secret"), "another-secret-of-the-cli-test-0000000000\n"));
        App vault = App.builder().name("vault").build();
        try (vault) {
            vault.use("vault", new MemoryService());
            vault.configure(Mesh.builder().transport("tcp://?beacon=200").namespace(secured)
                    .credentials(dev.skein.mesh.MeshCredentials.fromFile(right)).build());

            int refused = Main.run("call", "vault", "find", "--namespace", secured, "--transport", "tcp://?beacon=200",
                    "--timeout", "2s", "--secret-file", wrong.toString());
            int allowed = Main.run("call", "vault", "create", "{\"text\":\"sealed\"}", "--namespace", secured,
                    "--transport", "tcp://?beacon=200", "--secret-file", right.toString());

            assertThat(refused).isEqualTo(203);
            assertThat(allowed).isZero();
            assertThat(out()).contains("\"text\":\"sealed\"").doesNotContain("the-secret-of");
            assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("the-secret-of").doesNotContain("another-secret");
        }
    }

    @Test
    void keygenMakesANodeKeyAndItsTrustLineAndOnlyTrustedKeysReachTheServices(@TempDir Path dir) throws Exception {
        String secured = "cli-keys-" + UUID.randomUUID();
        Path vaultKey = dir.resolve("vault.key");
        Path clientKey = dir.resolve("client.key");
        Path strangerKey = dir.resolve("stranger.key");
        assertThat(Main.run("keygen", "--key-file", vaultKey.toString(), "--name", "vault-1", "--roles", "vault")).isZero();
        String vaultLine = out().trim();
        assertThat(Main.run("keygen", "--key-file", clientKey.toString(), "--name", "cli-1")).isZero();
        String clientLine = out().trim().lines().reduce((a, b) -> b).orElseThrow();
        assertThat(Main.run("keygen", "--key-file", strangerKey.toString(), "--name", "stranger")).isZero();
        assertThat(Main.run("keygen", "--key-file", clientKey.toString(), "--name", "again")).isEqualTo(1);
        assertThat(Files.readString(vaultKey)).contains("-----BEGIN PRIVATE KEY-----").contains("-----BEGIN PUBLIC KEY-----");
        assertThat(vaultLine).endsWith(" vault-1 vault");
        if (vaultKey.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(vaultKey))).isEqualTo("rw-------");
        }
        Path trusted = Files.writeString(dir.resolve("trusted"), "# the mesh\n" + vaultLine + "\n" + clientLine + "\n");
        App vault = App.builder().name("vault").build();
        try (vault) {
            vault.use("vault", new MemoryService());
            vault.configure(Mesh.builder().transport("tcp://?beacon=200").namespace(secured)
                    .credentials(dev.skein.mesh.MeshCredentials.fromKeyFiles(vaultKey, trusted)).build());

            int refused = Main.run("call", "vault", "find", "--namespace", secured, "--transport", "tcp://?beacon=200",
                    "--timeout", "2s", "--key-file", strangerKey.toString(), "--trusted-keys", trusted.toString());
            int allowed = Main.run("call", "vault", "create", "{\"text\":\"signed\"}", "--namespace", secured,
                    "--transport", "tcp://?beacon=200", "--key-file", clientKey.toString(), "--trusted-keys", trusted.toString());

            assertThat(refused).isEqualTo(203);
            assertThat(allowed).isZero();
            assertThat(out()).contains("\"text\":\"signed\"");
            assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("PRIVATE KEY");
        }
    }

    @Test
    void nodesAndServicesInAnEmptyNamespaceSaySoInsteadOfPrintingAnEmptyTable() {
        String empty = "cli-empty-" + UUID.randomUUID();
        for (String command : new String[]{"nodes", "services"}) {
            assertThat(Main.run(command, "--namespace", empty, "--transport", "tcp://?beacon=200", "--wait", "1500ms")).isZero();
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("listening up to 1.5s for the nodes of namespace '" + empty + "'")
                .contains("no nodes found in namespace '" + empty + "' (tcp://?beacon=200) after 1.5s");
        assertThat(out()).doesNotContain("NODE").doesNotContain("PATH");

        assertThat(Main.run("nodes", "-o", "json", "--namespace", empty, "--transport", "tcp://?beacon=200", "--wait", "500ms")).isZero();
        assertThat(jsonLine()).isEqualTo("[]");
    }

    @Test
    @SuppressWarnings("unchecked")
    void nodesAndServicesPrintJsonForPrograms() {
        assertThat(skein("nodes", "-o", "json", "--wait", "1500ms")).isZero();
        List<Map<String, Object>> nodes = (List<Map<String, Object>>) Json.read(jsonLine());
        assertThat(nodes).singleElement().satisfies(node -> {
            assertThat(node).containsEntry("name", "server").containsEntry("online", true).containsKeys("id", "address", "health", "lastSeen");
            assertThat((List<Map<String, Object>>) node.get("services")).extracting(s -> s.get("path")).containsExactly("todos");
        });
        out.reset();

        assertThat(skein("services", "--output", "json", "--wait", "1500ms")).isZero();
        List<Map<String, Object>> services = (List<Map<String, Object>>) Json.read(jsonLine());
        assertThat(services).singleElement().satisfies(todos -> assertThat(todos).containsEntry("path", "todos")
                .containsEntry("instances", 1).containsEntry("versions", List.of("0.0.0")).containsEntry("nodes", List.of(nodes.get(0).get("id")))
                .containsEntry("methods", List.of("find", "get", "create", "update", "patch", "remove")));
    }

    @Test
    void aCallToAPathNobodyServesSaysWhatItWaitsForThenExits203() {
        assertThat(skein("call", "nosuch", "find", "--timeout", "2s")).isEqualTo(203);

        assertThat(err.toString(StandardCharsets.UTF_8)).contains("waiting up to 2s for a node serving 'nosuch' in namespace '" + namespace + "'")
                .contains("\"name\":\"Unavailable\"");
    }

    @Test
    void eventsOfAPathNobodyServesSaysWhatItWaitsForThenExits203() {
        assertThat(skein("events", "nosuch", "--wait", "2s")).isEqualTo(203);

        assertThat(err.toString(StandardCharsets.UTF_8)).contains("waiting up to 2s for a node serving 'nosuch' in namespace '" + namespace + "'")
                .contains("skein events: no node served 'nosuch' in namespace '" + namespace + "' (tcp://?beacon=200) within 2s (Unavailable, 503)");
    }

    @Test
    void noSecretIsTakenFromTheCommandLine() {
        assertThat(Main.run("gateway", "--secret", "a-secret-of-at-least-thirty-two-bytes-for-hs256")).isEqualTo(2);
        assertThat(Main.run("gateway", "--help")).isZero();
        assertThat(out()).contains("--auth-secret-file").contains("SKEIN_AUTH_SECRET").doesNotContain("--secret ");
        assertThat(Main.run("node", "--help")).isZero();
        assertThat(out()).contains("--secret-file").contains("SKEIN_MESH_SECRET");
    }

    @Test
    void nodesAllAsksALongRunningNodesHttpPortAndListsTheNodesGoneOfflineWithWhy() {
        dev.skein.gateway.Gateway port = dev.skein.gateway.Gateway.operationsOnly("127.0.0.1", 0);
        server.configure(port);
        port.started().join();
        App gone = App.builder().name("gone").build();
        gone.use("notes", new MemoryService());
        gone.configure(Mesh.builder().transport("tcp://?beacon=200").namespace(namespace).build());
        Mesh serverMesh = server.plugin(Mesh.class).orElseThrow();
        await().atMost(java.time.Duration.ofSeconds(15)).until(() -> serverMesh.nodes().stream().anyMatch(n -> n.name().equals("gone")));
        gone.close();
        await().atMost(java.time.Duration.ofSeconds(15)).until(() -> serverMesh.fleet().stream().anyMatch(n -> n.name().equals("gone") && !n.online()));

        assertThat(Main.run("nodes", "--url", port.url())).isZero();
        assertThat(out()).contains("server").contains("online (this node)").doesNotContain("gone");
        out.reset();
        assertThat(Main.run("nodes", "--url", port.url(), "--all")).isZero();
        assertThat(out()).contains("STATUS").containsPattern("gone\\s+.*offline \\(left, \\d+s ago\\).*notes");

        assertThat(Main.run("nodes", "--all")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--all needs --url");
        assertThat(Main.run("nodes", "--url", "http://127.0.0.1:1")).isEqualTo(Main.exitCode(503));
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Cannot reach http://127.0.0.1:1/fleet");
    }

    @Test
    void aNodeWhoseDependenciesDoNotComeWithinTheDiscoveryTimeoutSaysWhatIsMissingAndExits203() {
        long start = System.nanoTime();
        int code = skein("node", "--name", "edge", "--dependency", "historian=2", "--discovery-timeout", "1500ms");

        assertThat(code).isEqualTo(203).isEqualTo(Main.exitCode(503));
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("node: not ready").contains("'historian' needs 2 instance(s), 0 up");
        // it gave up at its own 1.5 s, not at the default discovery timeout (however busy the machine)
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(Mesh.DEFAULT_DISCOVERY_TIMEOUT);
    }
}
