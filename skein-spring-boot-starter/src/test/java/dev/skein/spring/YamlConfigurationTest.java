package dev.skein.spring;

import dev.skein.core.App;
import dev.skein.mesh.Mesh;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application whose configuration is an {@code application.yaml}, with no dependency but the
 * starter's (this module's test class path adds none that reads YAML): the starter brings Spring
 * Boot's core starter, and with it SnakeYAML. Without it the start failed with "Attempted to load
 * Config resource ... but snakeyaml was not found on the classpath" (issue #24).
 */
@Timeout(60)
class YamlConfigurationTest {

    /** An app with nothing of its own: the starter's beans only. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class YamlApp {
    }

    @Test
    void anApplicationYamlIsReadWithTheStartersDependenciesAlone() {
        // classpath:/yaml/skein-yaml.yaml, found as Spring Boot finds application.yaml
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(YamlApp.class)
                .properties("spring.config.location=classpath:/yaml/", "spring.config.name=skein-yaml", "spring.main.banner-mode=off").run()) {
            assertThat(context.getBean(App.class).name()).isEqualTo("from-yaml");
            Mesh mesh = context.getBean(Mesh.class);
            assertThat(mesh.options().namespace()).isEqualTo("yaml-configured");
            assertThat(mesh.options().calls().timeout().toMillis()).isEqualTo(7000);
        }
    }
}
