package dev.skein.spring;

import dev.skein.core.settings.Setting;
import dev.skein.mesh.Mesh;
import dev.skein.spring.actuate.SkeinHealthAutoConfiguration;
import dev.skein.testkit.SettingSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every declared mesh setting given as a {@code skein.mesh.*} property makes the options the same
 * setting makes as a flag, a variable or in a node file (the CLI's SettingsSourcesTest): one
 * declaration, one parser, every source.
 */
@Timeout(30)
class SettingsPropertiesTest {

    @Test
    void everyDeclaredSettingAsASpringPropertyMakesTheSameNodeAsEveryOtherSource(@TempDir Path dir) throws Exception {
        Map<Setting<?>, String> samples = SettingSamples.inside(dir);
        String[] properties = samples.entrySet().stream().map(e -> e.getKey().property() + "=" + e.getValue()).toArray(String[]::new);
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SkeinAutoConfiguration.class, SkeinHealthAutoConfiguration.class))
                .withPropertyValues(properties)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    SettingSamples.assertHeld(context.getBean(Mesh.class).options(), samples, "Spring properties");
                });
    }
}
