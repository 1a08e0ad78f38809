package dev.skein.cli;

import dev.skein.core.App;
import dev.skein.mesh.Mesh;
import dev.skein.mesh.MeshCredentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The attack of issue #21 item 8: {@code skein node --config node.yaml} with the mesh secret given
 * by {@code --secret-file} or {@code $SKEIN_MESH_SECRET} ran an open mesh, and a client holding no
 * secret created a {@code payroll} record. Now the node uses the secret, or refuses to start with
 * one line when the secret is given two ways at once.
 */
@Timeout(240)
class NodeConfigAttackTest {

    private static final String SECRET = "the-payroll-mesh-secret-0123456789abcdef";
    private static final String OTHER = "another-payroll-mesh-secret-0123456789ab";

    private final String namespace = "cfg-attack-" + UUID.randomUUID().toString().substring(0, 8);
    private final NodeProcesses nodes = new NodeProcesses();

    @AfterEach
    void stop() throws Exception {
        nodes.close();
    }

    /** A file holding {@code secret}, readable by its owner only. */
    static Path secretFile(Path dir, String name, String secret) throws Exception {
        Path file = Files.writeString(dir.resolve(name), secret + "\n");
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        return file;
    }

    private Path payrollYaml(Path dir, String meshExtra) throws Exception {
        return Files.writeString(dir.resolve("payroll.yaml"), "name: payroll\nmesh:\n  transport: tcp://?beacon=200\n  namespace: " + namespace
                + "\n" + meshExtra + "services:\n  - {path: payroll, class: dev.skein.core.memory.MemoryService}\n");
    }

    /** An outside client with no secret tries to create a payroll record; it must fail. */
    private void anOutsiderCreatesNothing(Path secret) throws Exception {
        try (App outsider = App.builder().name("outsider").build()) {
            outsider.configure(Mesh.builder().transport("tcp://?beacon=200").namespace(namespace).timeout(Duration.ofSeconds(3)).build());
            assertThatThrownBy(() -> outsider.service("payroll").create(Map.of("name", "mallory", "salary", 1_000_000)).join())
                    .as("a client without the secret must not reach payroll").hasMessageContaining("payroll");
        }
        try (App holder = App.builder().name("holder").build()) {
            holder.configure(Mesh.builder().transport("tcp://?beacon=200").namespace(namespace).timeout(Duration.ofSeconds(20))
                    .credentials(MeshCredentials.fromFile(secret)).build());
            Object found = holder.service("payroll").find().join();
            assertThat((List<?>) found).as("nothing was created").isEmpty();
        }
    }

    @Test
    void aSecretFileGivenBesideConfigIsUsedAndAClientWithoutItCreatesNothing(@TempDir Path dir) throws Exception {
        Path secret = secretFile(dir, "mesh.secret", SECRET);
        NodeProcesses.Node node = nodes.start(Map.of(), "--config", payrollYaml(dir, "").toString(), "--secret-file", secret.toString());
        assertThat(node.ready().get(60, TimeUnit.SECONDS)).contains("serving [payroll]");

        anOutsiderCreatesNothing(secret);
    }

    @Test
    void theMeshSecretFromTheEnvironmentIsUsedWithConfigAndAClientWithoutItCreatesNothing(@TempDir Path dir) throws Exception {
        Path secret = secretFile(dir, "mesh.secret", SECRET);
        NodeProcesses.Node node = nodes.start(Map.of(MeshCredentials.ENVIRONMENT_VARIABLE, SECRET), "--config", payrollYaml(dir, "").toString());
        assertThat(node.ready().get(60, TimeUnit.SECONDS)).contains("serving [payroll]");

        anOutsiderCreatesNothing(secret);
    }

    @Test
    void aSecretInTheFileAndAnotherOnTheCommandLineFailsTheStartNamingBoth(@TempDir Path dir) throws Exception {
        Path inFile = secretFile(dir, "mesh.secret", SECRET);
        Path other = secretFile(dir, "other.secret", OTHER);
        NodeProcesses.Node node = nodes.start(Map.of(), "--config", payrollYaml(dir, "  secretFile: " + inFile.getFileName() + "\n").toString(),
                "--secret-file", other.toString());

        assertThat(NodeProcesses.exitCode(node)).isEqualTo(2);
        assertThat(node.text()).contains("mesh.secretFile").contains("--secret-file").doesNotContain(SECRET).doesNotContain(OTHER)
                .doesNotContain("\tat ");
    }

    @Test
    void aSecretInTheFileAndAnotherInTheEnvironmentFailsTheStartNamingBoth(@TempDir Path dir) throws Exception {
        Path inFile = secretFile(dir, "mesh.secret", SECRET);
        NodeProcesses.Node node = nodes.start(Map.of(MeshCredentials.ENVIRONMENT_VARIABLE, OTHER),
                "--config", payrollYaml(dir, "  secretFile: " + inFile.getFileName() + "\n").toString());

        assertThat(NodeProcesses.exitCode(node)).isEqualTo(2);
        assertThat(node.text()).contains("mesh.secretFile").contains("$" + MeshCredentials.ENVIRONMENT_VARIABLE)
                .doesNotContain(SECRET).doesNotContain(OTHER).doesNotContain("\tat ");
    }
}
