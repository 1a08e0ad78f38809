package dev.skein.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #21 item 10 on the command line: every file the CLI takes a secret from (mesh secret,
 * node key, the gateway's token secret, a broker password, a whole transport URI) was read
 * whoever else could read it. Now one its group or others may read is refused with one line naming
 * the file and {@code chmod 600} (exit 2), before anything joins or listens; 600 is accepted.
 */
@Timeout(60)
class SecretFilesAttackTest {

    private static final String SECRET = "a-secret-of-at-least-32-bytes-00000000000";

    private static Path file(Path dir, String name, String text, String mode) throws Exception {
        Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Path file = Files.writeString(dir.resolve(name), text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    private static void refused(Path file, String what, String... args) {
        try (CapturedStreams streams = new CapturedStreams()) {
            assertThat(Main.run(args)).as(streams.err()).isEqualTo(2);
            assertThat(streams.err().lines().findFirst().orElse("")).endsWith(what + " " + file + " is open to others (rw-r--r--); "
                    + "make it readable by its owner only: chmod 600 " + file);
            assertThat(streams.err()).doesNotContain(SECRET).doesNotContain("\tat ");
        }
    }

    @Test
    void aMeshSecretFileOthersMayReadIsRefusedByEveryCommandAndTheNodeFile(@TempDir Path dir) throws Exception {
        Path secret = file(dir, "mesh.secret", SECRET + "\n", "rw-r--r--");
        refused(secret, "the mesh secret file", "nodes", "--wait", "100ms", "--secret-file", secret.toString());
        refused(secret, "the mesh secret file", "call", "todos", "find", "--secret-file", secret.toString());
        Path yaml = Files.writeString(dir.resolve("node.yaml"), "mesh:\n  transport: tcp://127.0.0.1:0?multicast=false\n  secretFile: mesh.secret\n");
        refused(secret, "the mesh secret file", "node", "--config", yaml.toString());
    }

    @Test
    void aNodeKeyFileOthersMayReadIsRefused(@TempDir Path dir) throws Exception {
        Path key = dir.resolve("node.key");
        try (CapturedStreams ignored = new CapturedStreams()) {
            assertThat(Main.run("keygen", "--key-file", key.toString(), "--name", "node-1")).isZero();
        }
        Path trusted = Files.writeString(dir.resolve("trusted-keys"), "");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        refused(key, "the key file", "nodes", "--wait", "100ms", "--key-file", key.toString(), "--trusted-keys-file", trusted.toString());
    }

    @Test
    void theGatewaysTokenSecretFileOthersMayReadIsRefusedBeforeItListens(@TempDir Path dir) throws Exception {
        Path secret = file(dir, "jwt.secret", SECRET + "\n", "rw-r--r--");
        refused(secret, "the secret file", "gateway", "--port", "0", "--transport", "tcp://127.0.0.1:0?multicast=false",
                "--auth-secret-file", secret.toString());
    }

    @Test
    void aBrokerPasswordFileOrTransportFileOthersMayReadIsRefused(@TempDir Path dir) throws Exception {
        Path password = file(dir, "broker.password", "broker-password\n", "rw-r--r--");
        refused(password, "the transport password file", "nodes", "--transport", "nats://skein@127.0.0.1:4222",
                "--transport-password-file", password.toString());
        Path uri = file(dir, "transport", "nats://skein:broker-password@127.0.0.1:4222\n", "rw-r--r--");
        refused(uri, "the transport file", "nodes", "--transport-file", uri.toString());
        Path yaml = file(dir, "node.yaml", "mesh:\n  transport: nats://skein:broker-password@127.0.0.1:4222\n", "rw-r--r--");
        try (CapturedStreams streams = new CapturedStreams()) {
            assertThat(Main.run("node", "--config", yaml.toString())).isEqualTo(2);
            assertThat(streams.err()).contains("the node file (its mesh.transport holds a password) " + yaml + " is open to others")
                    .contains("chmod 600").doesNotContain("broker-password");
        }
    }

    @Test
    void secretFilesTheirOwnerAloneMayReadAreAccepted(@TempDir Path dir) throws Exception {
        Path secret = file(dir, "mesh.secret", SECRET + "\n", "rw-------");
        Path transport = file(dir, "transport", "tcp://127.0.0.1:0?multicast=false\n", "r--------");
        try (CapturedStreams streams = new CapturedStreams()) {
            assertThat(Main.run("nodes", "--wait", "100ms", "--secret-file", secret.toString(), "--transport-file", transport.toString()))
                    .as(streams.err()).isZero();
        }
    }
}
