package dev.skein.spring;

import dev.skein.spring.actuate.SkeinHealthAutoConfiguration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.util.UUID;

import static dev.skein.spring.StartupFailures.invalid;
import static dev.skein.spring.StartupFailures.messages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * A {@code skein.*} value that still holds a placeholder when the context starts, such as docs/SPRING.md's
 * {@code secret: ${SKEIN_MESH_SECRET}} with the variable not set: Spring leaves the text as written, so the
 * start must name the property and the variable, not judge the 20 characters of the placeholder as a
 * secret ("at least 32 bytes, got 20") (issue #24).
 */
@Timeout(30)
class UnresolvedPlaceholderTest {

    /** A variable no machine sets. */
    private static final String UNSET = "SKEIN_TEST_UNSET_VARIABLE";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SkeinAutoConfiguration.class, SkeinGatewayAutoConfiguration.class,
                    SkeinHealthAutoConfiguration.class))
            .withPropertyValues("skein.mesh.transport=local://", "skein.mesh.namespace=spring-placeholder-" + UUID.randomUUID());

    @BeforeAll
    static void theVariableIsNotSet() {
        assumeThat(System.getenv(UNSET)).isNull();
        assumeThat(System.getProperty(UNSET)).isNull();
    }

    @Test
    void aSecretFromAnUnsetVariableNamesTheVariableNotTheSecretsLength() {
        runner.withPropertyValues("skein.mesh.secret=${" + UNSET + "}").run(context -> {
            InvalidConfigurationPropertyValueException e = invalid(context.getStartupFailure());
            assertThat(e.getName()).isEqualTo("skein.mesh.secret");
            assertThat(e.getReason()).startsWith("skein.mesh.secret is ${" + UNSET + "}: the variable " + UNSET + " is not set");
            assertThat(messages(context.getStartupFailure())).doesNotContain("32 bytes");
        });
    }

    @Test
    void aPlaceholderInsideASecretShowsThePlaceholderAloneNeverTheRest() {
        runner.withPropertyValues("skein.mesh.secret=0123456789abcdef${" + UNSET + "}").run(context -> {
            InvalidConfigurationPropertyValueException e = invalid(context.getStartupFailure());
            assertThat(e.getName()).isEqualTo("skein.mesh.secret");
            assertThat(e.getReason()).contains("the variable " + UNSET + " is not set");
            assertThat(messages(context.getStartupFailure()) + e.getValue()).doesNotContain("0123456789abcdef");
        });
    }

    @Test
    void aPlaceholderWithADefaultIsResolvedAsSpringResolvesIt() {
        runner.withPropertyValues("skein.mesh.timeout=${" + UNSET + ":7s}", "skein.name=${" + UNSET + ":orders}").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(dev.skein.core.App.class).name()).isEqualTo("orders");
        });
    }

    @Test
    void everySkeinValueIsCheckedNotOnlyTheMeshSettings() {
        runner.withPropertyValues("skein.name=${" + UNSET + "}").run(context ->
                assertThat(invalid(context.getStartupFailure()).getReason()).startsWith("skein.name is ${" + UNSET + "}: the variable " + UNSET));
        runner.withPropertyValues("skein.gateway.operations-token=${" + UNSET + "}").run(context ->
                assertThat(invalid(context.getStartupFailure()).getName()).isEqualTo("skein.gateway.operations-token"));
        runner.withPropertyValues("skein.mesh.dependencies.billing=${" + UNSET + "}").run(context ->
                assertThat(invalid(context.getStartupFailure()).getReason()).contains("the variable " + UNSET + " is not set"));
    }

    @Test
    void aValueSpringCannotReadSaysWhy() {
        // a list with a gap: Spring refuses it, and the reason it gives is kept
        runner.withPropertyValues("skein.mesh.replicate[0]=orders", "skein.mesh.replicate[2]=billing").run(context -> {
            InvalidConfigurationPropertyValueException e = invalid(context.getStartupFailure());
            assertThat(e.getName()).isEqualTo("skein.mesh.replicate");
            assertThat(e.getReason()).contains("skein.mesh.replicate[2]").contains("unbound");
        });
    }
}
