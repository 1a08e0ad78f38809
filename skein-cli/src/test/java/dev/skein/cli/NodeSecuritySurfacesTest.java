package dev.skein.cli;

import dev.skein.core.App;
import dev.skein.core.errors.Forbidden;
import dev.skein.core.errors.SkeinError;
import dev.skein.mesh.Mesh;
import dev.skein.mesh.MeshCredentials;
import dev.skein.mesh.TrustedKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The same security settings, with the same names, whichever way a node is configured: a node from
 * a YAML file and a node from flags, with the same key pair, trusted keys and access rules, let
 * and refuse the same callers; and the node file's HTTP port serves /metrics as --http-port does.
 */
@Timeout(240)
class NodeSecuritySurfacesTest {

    private static final KeyPair PAYROLL = MeshCredentials.generateKeyPair();
    private static final KeyPair BILLING = MeshCredentials.generateKeyPair();
    private static final KeyPair WEB = MeshCredentials.generateKeyPair();

    private final NodeProcesses nodes = new NodeProcesses();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() throws Exception {
        nodes.close();
    }

    private static Path trusted(Path dir) throws Exception {
        return Files.writeString(dir.resolve("trusted-keys"), TrustedKeys.text(PAYROLL.getPublic()) + " payroll-1 billing\n"
                + TrustedKeys.text(BILLING.getPublic()) + " billing-1 billing\n" + TrustedKeys.text(WEB.getPublic()) + " web-1 web\n");
    }

    private static Path key(Path dir, String name, KeyPair pair) {
        Path file = dir.resolve(name);
        MeshCredentials.writeKeyFile(pair, file);
        return file;
    }

    /** A client node holding {@code pair}: creates a payroll record, then lists what it sees. */
    private static Object create(String namespace, KeyPair pair, Path trusted, String name) throws Exception {
        try (App client = App.builder().name(name).build()) {
            client.configure(Mesh.builder().transport("tcp://?beacon=200").namespace(namespace).timeout(Duration.ofSeconds(20))
                    .credentials(MeshCredentials.keyPair(pair, TrustedKeys.fromFile(trusted))).build());
            return client.service("payroll").create(Map.of("by", name)).join();
        }
    }

    private static void billingMayCallAndWebMayNot(String namespace, Path trusted) throws Exception {
        assertThatThrownBy(() -> create(namespace, WEB, trusted, "web"))
                .satisfies(e -> assertThat(SkeinError.unwrap(e)).isInstanceOf(Forbidden.class));
        assertThat(create(namespace, BILLING, trusted, "billing")).asString().contains("billing");
    }

    @Test
    void aNodeFromYamlAndANodeFromFlagsWithTheSameKeysAndRulesLetAndRefuseTheSameCallers(@TempDir Path dir) throws Exception {
        Path trusted = trusted(dir);
        key(dir, "payroll.key", PAYROLL);
        String fromFile = "cfg-yaml-" + UUID.randomUUID().toString().substring(0, 8);
        String fromFlags = "cfg-flags-" + UUID.randomUUID().toString().substring(0, 8);
        Path yaml = Files.writeString(dir.resolve("payroll.yaml"), "name: payroll\nmesh:\n  transport: tcp://?beacon=200\n  namespace: " + fromFile
                + "\n  keyFile: payroll.key\n  trustedKeysFile: trusted-keys\n"
                + "  access:\n    payroll: {call: [billing], offer: [billing]}\n"
                + "services:\n  - {path: payroll, class: dev.skein.core.memory.MemoryService}\n");

        NodeProcesses.Node yamlNode = nodes.start(Map.of(), "--config", yaml.toString());
        NodeProcesses.Node flagNode = nodes.start(Map.of(), "--name", "payroll", "-s", "payroll", "--transport", "tcp://?beacon=200",
                "--namespace", fromFlags, "--key-file", dir.resolve("payroll.key").toString(), "--trusted-keys-file", trusted.toString(),
                "--allow-call", "payroll=billing", "--allow-offer", "payroll=billing");
        assertThat(yamlNode.ready().get(60, TimeUnit.SECONDS)).contains("serving [payroll]");
        assertThat(flagNode.ready().get(60, TimeUnit.SECONDS)).contains("serving [payroll]");

        billingMayCallAndWebMayNot(fromFile, trusted);
        billingMayCallAndWebMayNot(fromFlags, trusted);
    }

    @Test
    void perMethodRulesReadTheSameInTheFileAndAsFlags(@TempDir Path dir) throws Exception {
        Path trusted = trusted(dir);
        Path key = key(dir, "payroll.key", PAYROLL);
        String namespace = "cfg-methods-" + UUID.randomUUID().toString().substring(0, 8);
        NodeProcesses.Node node = nodes.start(Map.of(), "--name", "payroll", "-s", "payroll", "--transport", "tcp://?beacon=200",
                "--namespace", namespace, "--key-file", key.toString(), "--trusted-keys", trusted.toString(),
                "--allow-call", "payroll:create=web", "--allow-call", "payroll=billing");
        node.ready().get(60, TimeUnit.SECONDS);

        assertThat(create(namespace, WEB, trusted, "web")).asString().contains("web");
        try (App client = App.builder().name("web-finder").build()) {
            client.configure(Mesh.builder().transport("tcp://?beacon=200").namespace(namespace).timeout(Duration.ofSeconds(20))
                    .credentials(MeshCredentials.keyPair(WEB, TrustedKeys.fromFile(trusted))).build());
            assertThatThrownBy(() -> client.service("payroll").find().join())
                    .as("web may create, nothing else").satisfies(e -> assertThat(SkeinError.unwrap(e)).isInstanceOf(Forbidden.class));
        }
    }

    @Test
    void theNodeFilesHttpPortServesMetricsAsTheFlagDoes(@TempDir Path dir) throws Exception {
        String namespace = "cfg-metrics-" + UUID.randomUUID().toString().substring(0, 8);
        Path yaml = Files.writeString(dir.resolve("node.yaml"), "name: measured\nhttpPort: 0\nmesh:\n  transport: tcp://?beacon=200\n  namespace: "
                + namespace + "\nservices:\n  - {path: todos, class: dev.skein.core.memory.MemoryService}\n");
        NodeProcesses.Node fromFile = nodes.start(Map.of(), "--config", yaml.toString());
        Path bare = Files.writeString(dir.resolve("bare.yaml"), "name: bare\nmesh:\n  transport: tcp://?beacon=200\n  namespace: " + namespace + "\n");
        NodeProcesses.Node fromFlag = nodes.start(Map.of(), "--config", bare.toString(), "--http-port", "0");

        for (NodeProcesses.Node node : List.of(fromFile, fromFlag)) {
            Matcher url = Pattern.compile("metrics on (http://\\S+)").matcher(node.ready().get(60, TimeUnit.SECONDS));
            assertThat(url.find()).as(node.text()).isTrue();
            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(url.group(1) + "/metrics")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).as(metrics.body()).isEqualTo(200);
            assertThat(metrics.body()).contains("# TYPE");
        }
    }
}
