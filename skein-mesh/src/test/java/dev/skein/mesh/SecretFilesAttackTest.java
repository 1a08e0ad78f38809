package dev.skein.mesh;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue #21 item 10: a secret file that others may read was used as it was. Now a mesh secret file
 * or a node key file with any permission for its group or others is refused, as ssh refuses such a
 * key, with one line naming the file and {@code chmod 600}; a trusted keys file others may change is
 * refused too. The tests run as whatever user the build runs as: root reads every file whatever
 * its bits, and is refused the same files, since the check reads the bits, not the access.
 */
@Timeout(30)
class SecretFilesAttackTest {

    private static final String SECRET = "a-mesh-secret-of-at-least-32-bytes-000000";

    private static Path withMode(Path file, String mode) throws Exception {
        Assumptions.assumeTrue(file.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-r--r--", "rw-r-----", "rw----r--", "rw--w----", "rw------x", "rwxrwxrwx"})
    void aMeshSecretFileOthersMayReadIsRefusedNamingTheFileAndChmod600(String mode, @TempDir Path dir) throws Exception {
        Path file = withMode(Files.writeString(dir.resolve("mesh.secret"), SECRET + "\n"), mode);

        assertThatThrownBy(() -> MeshCredentials.fromFile(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the mesh secret file " + file + " is open to others (" + mode + "); make it readable by its owner only: chmod 600 " + file)
                .hasMessageNotContaining(SECRET);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-------", "r--------"})
    void aMeshSecretFileItsOwnerAloneMayReadIsAccepted(String mode, @TempDir Path dir) throws Exception {
        Path file = withMode(Files.writeString(dir.resolve("mesh.secret"), SECRET + "\n"), mode);

        assertThat(MeshCredentials.fromFile(file)).isEqualTo(MeshCredentials.secret(SECRET));
    }

    @Test
    void aNodeKeyFileOthersMayReadIsRefusedAndTheOneKeygenWritesIsAccepted(@TempDir Path dir) throws Exception {
        KeyPair pair = MeshCredentials.generateKeyPair();
        Path key = dir.resolve("node.key");
        MeshCredentials.writeKeyFile(pair, key);
        Path trusted = Files.writeString(dir.resolve("trusted-keys"), TrustedKeys.text(pair.getPublic()) + " node-1 billing\n");

        assertThat(MeshCredentials.fromKeyFiles(key, trusted).nodeKeyPair().getPublic()).isEqualTo(pair.getPublic());
        withMode(key, "rw-r--r--");
        assertThatThrownBy(() -> MeshCredentials.fromKeyFiles(key, trusted)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the key file " + key + " is open to others (rw-r--r--); make it readable by its owner only: chmod 600 " + key);
    }

    @Test
    void aTrustedKeysFileOthersMayChangeIsRefusedAndOneTheyMayOnlyReadIsAccepted(@TempDir Path dir) throws Exception {
        KeyPair pair = MeshCredentials.generateKeyPair();
        Path key = dir.resolve("node.key");
        MeshCredentials.writeKeyFile(pair, key);
        Path trusted = withMode(Files.writeString(dir.resolve("trusted-keys"), TrustedKeys.text(pair.getPublic()) + " node-1\n"), "rw-r--r--");
        assertThat(TrustedKeys.fromFile(trusted).entries()).hasSize(1);

        withMode(trusted, "rw-rw-r--");
        assertThatThrownBy(() -> TrustedKeys.fromFile(trusted)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the trusted keys file " + trusted + " may be changed by others (rw-rw-r--), who could add a key to it; "
                        + "let only its owner write it: chmod go-w " + trusted);
        withMode(trusted, "rw-r--rw-");
        assertThatThrownBy(() -> MeshCredentials.fromKeyFiles(key, trusted)).hasMessageContaining("chmod go-w");
    }

    @Test
    void aMissingSecretFileIsNamedInOneLine(@TempDir Path dir) {
        Path none = dir.resolve("none");
        assertThatThrownBy(() -> MeshCredentials.fromFile(none)).hasMessage("cannot read the mesh secret file " + none + ": no such file");
    }
}
