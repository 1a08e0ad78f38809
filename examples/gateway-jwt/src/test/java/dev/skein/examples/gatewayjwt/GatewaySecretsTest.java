package dev.skein.examples.gatewayjwt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The example's secrets: named as skein gateway names them, and written where git does not see them. */
@Timeout(10)
class GatewaySecretsTest {

    @TempDir
    Path dir;

    @Test
    void theTokenSecretComesFromAuthSecretFileOrSkeinAuthSecretAsForSkeinGateway() throws Exception {
        Path file = Files.writeString(dir.resolve("jwt.secret"), "from-the-file\n");

        assertThat(GatewayNode.authSecret(List.of("--auth-secret-file", file.toString()), Map.of("SKEIN_AUTH_SECRET", "from-env")::get))
                .isEqualTo("from-the-file");
        assertThat(GatewayNode.authSecret(List.of(), Map.of("SKEIN_AUTH_SECRET", "from-env")::get)).isEqualTo("from-env");
        assertThat(GatewayNode.authSecret(List.of(), Map.of("SKEIN_AUTH_SECRET_FILE", file.toString())::get)).isNull();
    }

    @Test
    void theReadmeWritesItsSecretsUnderTargetAndGitIgnoresTheOldPlace() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        Matcher written = Pattern.compile(">\\s*(\\S+\\.secret)").matcher(readme);
        int secrets = 0;
        while (written.find()) {
            assertThat(written.group(1)).startsWith("examples/gateway-jwt/target/");
            secrets++;
        }
        assertThat(secrets).isEqualTo(2);
        assertThat(readme).doesNotContain("SKEIN_AUTH_SECRET_FILE");
        assertThat(Files.readAllLines(Path.of("../../.gitignore"))).contains("jwt.secret", "mesh.secret");
    }
}
