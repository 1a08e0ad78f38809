package dev.skein.spring;

import dev.skein.gateway.Gateway;
import dev.skein.spring.internal.GatewayFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * A {@link Gateway} from the {@code skein.gateway.*} properties when {@code skein.gateway.enabled}
 * is true and skein-gateway is on the class path. It listens when the context starts
 * ({@link SkeinLifecycle}) and closes when it stops. Declare a {@code Gateway} bean of your own to
 * replace it (it is started the same way), or a {@link GatewayBuilderCustomizer} to change it.
 */
@AutoConfiguration(after = SkeinAutoConfiguration.class)
@ConditionalOnClass(Gateway.class)
@ConditionalOnProperty(prefix = "skein.gateway", name = "enabled", havingValue = "true")
public class SkeinGatewayAutoConfiguration {

    /** The auto-configuration; Spring Boot creates it. */
    public SkeinGatewayAutoConfiguration() {
    }

    /** The gateway, not listening yet. */
    @Bean
    @ConditionalOnMissingBean
    public Gateway skeinGateway(org.springframework.core.env.Environment environment, ObjectProvider<GatewayBuilderCustomizer> customizers) {
        return GatewayFactory.build(environment, customizers.orderedStream().toList());
    }
}
