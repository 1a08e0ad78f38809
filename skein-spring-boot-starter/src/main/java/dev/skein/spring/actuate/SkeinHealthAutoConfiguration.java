package dev.skein.spring.actuate;

import dev.skein.mesh.Mesh;
import dev.skein.spring.SkeinAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code skein} health indicator ({@link SkeinHealthIndicator}) when Spring Boot Actuator is on
 * the class path and the context has a {@link Mesh}; {@code management.health.skein.enabled=false}
 * turns it off. Put it in the readiness group for Kubernetes:
 * {@code management.endpoint.health.group.readiness.include=readinessState,skein}.
 */
@AutoConfiguration(after = SkeinAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(Mesh.class)
@ConditionalOnEnabledHealthIndicator("skein")
public class SkeinHealthAutoConfiguration {

    /** The auto-configuration; Spring Boot creates it. */
    public SkeinHealthAutoConfiguration() {
    }

    /** The indicator; a bean of yours named {@code skeinHealthIndicator} replaces it. */
    @Bean
    @ConditionalOnMissingBean(name = "skeinHealthIndicator")
    public SkeinHealthIndicator skeinHealthIndicator(Mesh mesh) {
        return new SkeinHealthIndicator(mesh);
    }
}
