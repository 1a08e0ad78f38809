package dev.skein.spring;

import dev.skein.mesh.Access;
import dev.skein.mesh.Mesh;
import dev.skein.mesh.MeshCredentials;
import dev.skein.mesh.TrustedKeys;
import dev.skein.spring.actuate.SkeinHealthAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.Set;
import java.util.UUID;

import static dev.skein.spring.StartupFailures.invalid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The mesh's security settings as Spring properties, with the names the CLI's flags and node file
 * use (issue #21 items 8 and 10): access rules ({@code skein.mesh.access.<path>.call / .methods.<m> /
 * .offer}) that need a key pair, and secret files refused when others may read them.
 */
@Timeout(30)
@ExtendWith(OutputCaptureExtension.class)
class SecurityPropertiesAttackTest {

    /** An application with the starter's beans alone, started as a user starts one, so that its failure report is printed. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Node {
    }

    private static final KeyPair PAIR = MeshCredentials.generateKeyPair();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SkeinAutoConfiguration.class, SkeinGatewayAutoConfiguration.class,
                    SkeinHealthAutoConfiguration.class))
            .withPropertyValues("skein.mesh.transport=local://", "skein.mesh.namespace=spring-security-" + UUID.randomUUID());

    private static String[] keys(Path dir) throws Exception {
        Path key = dir.resolve("node.key");
        MeshCredentials.writeKeyFile(PAIR, key);
        Path trusted = Files.writeString(dir.resolve("trusted-keys"), TrustedKeys.text(PAIR.getPublic()) + " payroll-1 billing\n");
        return new String[]{"skein.mesh.key-file=" + key, "skein.mesh.trusted-keys-file=" + trusted};
    }

    @Test
    void accessRulesFromPropertiesReachTheMeshWithTheirKeyPair(@TempDir Path dir) throws Exception {
        runner.withPropertyValues(keys(dir)).withPropertyValues("skein.mesh.access.payroll.call=billing", "skein.mesh.access.payroll.offer=billing",
                "skein.mesh.access.payroll.methods.create=web", "skein.mesh.access[shop/orders].call=admin").run(context -> {
            assertThat(context).hasNotFailed();
            Access access = context.getBean(Mesh.class).options().security().access();
            assertThat(access.mayCall(Set.of("billing"), "payroll", "find")).isTrue();
            assertThat(access.mayCall(Set.of("web"), "payroll", "find")).isFalse();
            assertThat(access.mayCall(Set.of("web"), "payroll", "create")).isTrue();
            assertThat(access.mayOffer(Set.of("web"), "payroll")).isFalse();
            assertThat(access.mayCall(Set.of("billing"), "shop/orders", "find")).isFalse();
            assertThat(access.mayCall(Set.of("admin"), "shop/orders", "remove")).isTrue();
        });
    }

    @Test
    void accessRulesWithoutAKeyPairFailTheStartNamingTheProperty() {
        runner.withPropertyValues("skein.mesh.access.payroll.call=billing").run(context -> {
            InvalidConfigurationPropertyValueException e = invalid(context.getStartupFailure());
            assertThat(e.getName()).isEqualTo("skein.mesh.access");
            assertThat(e.getReason()).contains("skein.mesh.key-file and skein.mesh.trusted-keys-file");
        });
    }

    @Test
    void aSecretFileOthersMayReadFailsTheStartNamingThePropertyAndChmod600(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("mesh.secret"), "0123456789abcdef0123456789abcdef\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r--r--"));
        runner.withPropertyValues("skein.mesh.secret-file=" + secret).run(context -> {
            InvalidConfigurationPropertyValueException e = invalid(context.getStartupFailure());
            assertThat(e.getName()).isEqualTo("skein.mesh.secret-file");
            assertThat(e.getReason()).contains("is open to others (rw-r--r--)").contains("chmod 600 " + secret).doesNotContain("0123456789abcdef");
        });
    }

    /**
     * docs/SPRING.md section 10: the report Spring Boot prints when the start fails ("APPLICATION FAILED TO
     * START") names the property and never shows a secret. Spring Boot's own analyzer looks the property's
     * value up in the environment and prints it, whatever the refusal says, so each case goes through a
     * real start and its printed report.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a secret too short               | skein.mesh.secret       | swordfish-0123                   | swordfish |",
            "a second secret too short        | skein.mesh.secret       | 0123456789abcdef0123456789abcdef,swordfish-0123 | swordfish |",
            "a secret around an unset variable| skein.mesh.secret       | swordfish-0123${SKEIN_TEST_UNSET_VARIABLE} | swordfish |",
            "a misspelt secret key            | skein.mesh.secrte       | swordfish-0123456789abcdef0123456789 | swordfish |",
            "a transport's password           | skein.mesh.transport    | carrier-pigeon://user:swordfish@127.0.0.1:1 | swordfish |",
            "an operations token too short    | skein.gateway.operations-token | swordfish | swordfish | skein.gateway.enabled=true"})
    void theFailureReportNamesThePropertyAndNeverShowsTheSecret(String what, String property, String value, String secret, String also,
                                                                 CapturedOutput output) {
        assertThatThrownBy(() -> new SpringApplicationBuilder(Node.class).properties("spring.main.banner-mode=off",
                "spring.main.web-application-type=none", "skein.keep-alive=false", "skein.mesh.transport=local://",
                "skein.mesh.namespace=spring-report-" + UUID.randomUUID(), also == null ? "skein.name=report" : also)
                .run("--" + property + "=" + value).close()).isNotNull();
        assertThat(output.getAll()).contains("APPLICATION FAILED TO START").contains("configuration property '" + property + "'")
                .contains("Validation failed for the following reason").doesNotContain(secret);
    }
}
