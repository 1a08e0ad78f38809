package dev.skein.cli;

import dev.skein.mesh.MeshCredentials;
import dev.skein.mesh.TrustedKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A setting given two ways, or a combination that cannot be honoured, fails the start with one
 * line naming what was given where (exit 2), before the node joins anything; never one of them
 * silently. In-process: each refusal comes before the mesh is built.
 */
@Timeout(60)
class NodeSettingsConflictTest {

    private static final KeyPair PAIR = MeshCredentials.generateKeyPair();

    /** Runs skein ARGS; gives its exit code and the first line of its stderr, checked to hold no stack trace. */
    private static String refusal(int expected, String... args) {
        try (CapturedStreams streams = new CapturedStreams()) {
            int code = Main.run(args);
            String err = streams.err();
            assertThat(code).as(err).isEqualTo(expected);
            assertThat(err).doesNotContain("\tat ").doesNotContain("Exception");
            return err.lines().findFirst().orElse("");
        }
    }

    private static Path yaml(Path dir, String mesh) throws Exception {
        return Files.writeString(dir.resolve("node.yaml"), "name: n\nmesh:\n  transport: tcp://127.0.0.1:0?multicast=false\n" + mesh);
    }

    private static Path keys(Path dir) throws Exception {
        MeshCredentials.writeKeyFile(PAIR, dir.resolve("node.key"));
        return Files.writeString(dir.resolve("trusted-keys"), TrustedKeys.text(PAIR.getPublic()) + " node-1 billing\n");
    }

    static Path ownerOnly(Path file) throws Exception {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        }
        return file;
    }

    @Test
    void aKeyPairInTheFileAndASecretFileOnTheCommandLineFailNamingBoth(@TempDir Path dir) throws Exception {
        keys(dir);
        Path secret = ownerOnly(Files.writeString(dir.resolve("mesh.secret"), "a-mesh-secret-of-at-least-32-bytes-000000\n"));
        Path file = yaml(dir, "  keyFile: node.key\n  trustedKeysFile: trusted-keys\n");

        assertThat(refusal(2, "node", "--config", file.toString(), "--secret-file", secret.toString()))
                .contains("the mesh credentials are given two ways, secretFile and keyFile").contains("given as --secret-file, mesh.keyFile")
                .doesNotContain("a-mesh-secret-of");
    }

    @Test
    void theSameSecretFileInTheFileAndOnTheCommandLineIsNotAConflict(@TempDir Path dir) throws Exception {
        Path secret = ownerOnly(Files.writeString(dir.resolve("mesh.secret"), "a-mesh-secret-of-at-least-32-bytes-000000\n"));
        Path file = yaml(dir, "  secretFile: mesh.secret\n  access: {payroll: {call: [billing]}}\n");

        assertThat(refusal(2, "node", "--config", file.toString(), "--secret-file", secret.toString()))
                .as("the one refusal left is the access rules' need of a key pair")
                .contains("access rules (mesh.access) name node identities, which only node key pairs prove here: add mesh.keyFile and "
                        + "mesh.trustedKeysFile instead of --secret-file and mesh.secretFile");
    }

    @Test
    void accessRulesOnAnOpenMeshOrWithASecretFailTheStart(@TempDir Path dir) throws Exception {
        assertThat(refusal(2, "node", "--config", yaml(dir, "  access: {payroll: {offer: [billing]}}\n").toString()))
                .contains("access rules (mesh.access)").contains("mesh.keyFile and mesh.trustedKeysFile");
        assertThat(refusal(2, "node", "-s", "payroll", "--transport", "tcp://127.0.0.1:0?multicast=false", "--allow-call", "payroll=billing"))
                .contains("access rules (--allow-call/--allow-offer)").contains("--key-file and --trusted-keys-file");
    }

    @Test
    void accessRulesInTheFileAndAsFlagsFailNamingBoth(@TempDir Path dir) throws Exception {
        keys(dir);
        Path file = yaml(dir, "  keyFile: node.key\n  trustedKeysFile: trusted-keys\n  access: {payroll: {call: [billing]}}\n");

        assertThat(refusal(2, "node", "--config", file.toString(), "--allow-offer", "payroll=billing"))
                .contains("access rules are given two ways, mesh.access and --allow-call/--allow-offer");
    }

    @Test
    void aRuleOnAPathThatIsNotCanonicalOrWithoutIdentitiesIsRefused(@TempDir Path dir) throws Exception {
        Path trusted = keys(dir);
        String key = dir.resolve("node.key").toString();
        assertThat(refusal(2, "nodes", "--key-file", key, "--trusted-keys-file", trusted.toString(), "--allow-call", "payroll/=billing"))
                .contains("--allow-call payroll/=billing: the service path 'payroll/' is not canonical: it ends with '/'");
        assertThat(refusal(2, "nodes", "--key-file", key, "--trusted-keys-file", trusted.toString(), "--allow-offer", "payroll"))
                .contains("--allow-offer payroll: expected PATH=IDS");
        Path file = yaml(dir, "  keyFile: node.key\n  trustedKeysFile: trusted-keys\n  access: {payroll: {cal: [billing]}}\n");
        assertThat(refusal(2, "node", "--config", file.toString())).contains("unknown key 'mesh.access.payroll.cal'");
    }

    @Test
    void theHttpPortInTheFileAndAnotherOnTheCommandLineFailNamingBoth(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("node.yaml"), "name: n\nhttpPort: 8081\nmesh:\n  transport: tcp://127.0.0.1:0?multicast=false\n");

        assertThat(refusal(2, "node", "--config", file.toString(), "--http-port", "0"))
                .contains("the HTTP port is given two ways, httpPort and --http-port, with different values; give one");
    }

    @Test
    void aMeshFlagBesideTheFileIsReadAndOneThatDiffersFromItFailsNamingBothWhileOtherFlagsFail(@TempDir Path dir) throws Exception {
        Path file = yaml(dir, "");
        assertThat(refusal(2, "node", "--config", file.toString(), "--transport", "nats://127.0.0.1:4222"))
                .contains("transport is given two ways, --transport and mesh.transport, with different values");
        assertThat(refusal(2, "node", "--config", file.toString(), "--heartbeat", "100ms", "--dead-after", "150ms"))
                .contains("deadAfter (150 ms) must be at least two heartbeat intervals (200 ms)").contains("given as --dead-after, --heartbeat");
        assertThat(refusal(2, "node", "--config", file.toString(), "-s", "payroll")).contains("--service is not read with --config");
    }

    @Test
    void aSecretWrittenIntoTheNodeFileIsRefused(@TempDir Path dir) throws Exception {
        assertThat(refusal(2, "node", "--config", yaml(dir, "  secret: a-mesh-secret-of-at-least-32-bytes-000000\n").toString()))
                .contains("'mesh.secret' would put the mesh secret in the node file").doesNotContain("a-mesh-secret-of");
    }

    @Test
    void aBrokerPasswordGivenTwoWaysIsRefusedAndTheUriNeverShowsIt(@TempDir Path dir) throws Exception {
        Path password = ownerOnly(Files.writeString(dir.resolve("broker.password"), "s3cret-broker-password\n"));
        String line = refusal(2, "nodes", "--transport", "nats://skein:other@127.0.0.1:4222", "--transport-password-file", password.toString());
        assertThat(line).contains("the broker password is given two ways, in the transport URI and --transport-password-file")
                .doesNotContain("s3cret").doesNotContain("other@");

        Path uri = ownerOnly(Files.writeString(dir.resolve("transport"), "nats://skein@127.0.0.1:4222\n"));
        assertThat(refusal(2, "nodes", "--transport", "tcp://", "--transport-file", uri.toString()))
                .contains("transport is given two ways, --transport and --transport-file");
    }

    @Test
    void aPasswordFromAFileGoesIntoTheUrisUserPercentEncoded() {
        assertThat(TransportPassword.into("nats://skein@127.0.0.1:4222", "p@ss:w/rd%", "x")).isEqualTo("nats://skein:p%40ss%3Aw%2Frd%25@127.0.0.1:4222");
        assertThat(TransportPassword.into("redis://127.0.0.1:6379/0", "pw", "x")).isEqualTo("redis://:pw@127.0.0.1:6379/0");
        assertThat(TransportPassword.into("amqp://guest@127.0.0.1:5672?x=1", "pw", "x")).isEqualTo("amqp://guest:pw@127.0.0.1:5672?x=1");
        assertThat(TransportPassword.into("tcp://", null, "x")).isEqualTo("tcp://");
    }

    @Test
    void helpSaysTheTransportUriShowsInPsAndWhereAPasswordGoesInstead() {
        try (CapturedStreams streams = new CapturedStreams()) {
            assertThat(Main.run("node", "--help")).isZero();
            assertThat(streams.out().replaceAll("\\s+", " ")).contains("shows in ps").contains("--transport-password-file")
                    .contains("$" + TransportPassword.VARIABLE).contains("--transport-file").contains("--allow-call")
                    .contains("--trusted-keys-file");
        }
    }
}
