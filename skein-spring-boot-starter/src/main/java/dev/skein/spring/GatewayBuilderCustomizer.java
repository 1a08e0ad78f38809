package dev.skein.spring;

import dev.skein.gateway.Gateway;

/**
 * Changes the {@link Gateway.Builder} the starter makes from the {@code skein.gateway.*}
 * properties, before the gateway is built: a {@link dev.skein.gateway.Publisher}, brokered paths,
 * an expose predicate. Customizers run in {@link org.springframework.core.Ordered} order, after the
 * properties are applied.
 */
@FunctionalInterface
public interface GatewayBuilderCustomizer {

    /** Changes {@code builder}; called once, on the thread that creates the gateway bean. */
    void customize(Gateway.Builder builder);
}
