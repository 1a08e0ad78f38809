package dev.skein.spring;

import dev.skein.core.App;
import dev.skein.mesh.Mesh;
import dev.skein.spring.internal.LocalServices;
import dev.skein.spring.internal.MeshFactory;
import dev.skein.spring.internal.MeshJoiner;
import dev.skein.spring.internal.Placeholders;
import dev.skein.spring.internal.RemoteHandles;
import dev.skein.spring.internal.SkeinReferenceResolverInstaller;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.context.annotation.Scope;
import org.springframework.core.env.Environment;

/**
 * Auto-configures a Skein node from the {@code skein.*} properties ({@link SkeinProperties}): the
 * {@link App}, its {@link Mesh} (unless {@code skein.mesh.enabled=false}), the registration of
 * {@link SkeinService} beans, {@link SkeinReference} injection and the {@link SkeinLifecycle}. A
 * {@code MeterRegistry} bean, when there is one, gets the mesh's meters; an {@code OpenTelemetry}
 * bean its spans. Declare your own {@code App}, {@code Mesh.Builder} or {@code Mesh} bean to replace
 * the starter's; a {@link MeshBuilderCustomizer} changes the builder without replacing it.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.opentelemetry.OpenTelemetryAutoConfiguration"})
@EnableConfigurationProperties(SkeinProperties.class)
public class SkeinAutoConfiguration {

    /** The auto-configuration; Spring Boot creates it. */
    public SkeinAutoConfiguration() {
    }

    /** Lets {@link SkeinReference} injection points be resolved; static, as it runs before any bean is created. */
    @Bean
    static SkeinReferenceResolverInstaller skeinReferenceResolverInstaller() {
        return new SkeinReferenceResolverInstaller();
    }

    /** Joins the context's {@link Mesh} bean to its {@link App} as soon as it is created. */
    @Bean
    static MeshJoiner skeinMeshJoiner(ObjectProvider<App> app) {
        return new MeshJoiner(app);
    }

    /**
     * Refuses, at start, a {@code skein.*} property that names nothing (a typo would leave its setting at the default),
     * or whose value holds a placeholder left unresolved ({@code ${SKEIN_MESH_SECRET}} with the variable unset).
     * The app and the mesh builder depend on it, so it runs before they read the properties.
     */
    @Bean
    Object skeinKnownProperties(Environment environment) {
        dev.skein.spring.internal.KnownProperties.check(environment);
        Placeholders.check(environment);
        return new Object();
    }

    /** The app, named {@code skein.name}, else {@code spring.application.name}, else "app"; closed when the context closes. */
    @Bean
    @ConditionalOnMissingBean
    @DependsOn("skeinKnownProperties")
    public App skeinApp(SkeinProperties properties, Environment environment) {
        String name = properties.getName() != null ? properties.getName() : environment.getProperty("spring.application.name", "app");
        return App.builder().name(name).build();
    }

    /** The service beans of the context and their registration. */
    @Bean
    @ConditionalOnMissingBean
    public LocalServices skeinLocalServices(ListableBeanFactory beans, ObjectProvider<App> app, SkeinProperties properties) {
        return new LocalServices(beans, app, properties);
    }

    /** The values of {@link SkeinReference} injection points. */
    @Bean
    @ConditionalOnMissingBean
    public RemoteHandles skeinRemoteHandles(ObjectProvider<App> app, ObjectProvider<Mesh> mesh, LocalServices local) {
        return new RemoteHandles(app, mesh, local);
    }

    /** Starts and stops the node with the context. */
    @Bean
    @ConditionalOnMissingBean
    public SkeinLifecycle skeinLifecycle(ListableBeanFactory beans, ObjectProvider<App> app, ObjectProvider<Mesh> mesh, LocalServices local,
                                         SkeinProperties properties) {
        return new SkeinLifecycle(beans, app, mesh, local, properties.getMesh().isAwaitReady(), properties.isKeepAlive());
    }

    /** The mesh, unless {@code skein.mesh.enabled=false}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "skein.mesh", name = "enabled", matchIfMissing = true)
    static class MeshConfiguration {

        /**
         * A new builder with the {@code skein.mesh.*} properties, the registry and tracing beans and the
         * customizers applied, each time it is asked for: start from it to declare a {@link Mesh} of your own.
         */
        @Bean
        @Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
        @ConditionalOnMissingBean
        @DependsOn("skeinKnownProperties")
        Mesh.Builder skeinMeshBuilder(Environment environment, SkeinProperties properties, LocalServices local, ObjectProvider<MeterRegistry> meters,
                                      ObjectProvider<OpenTelemetry> openTelemetry, ObjectProvider<MeshBuilderCustomizer> customizers) {
            return MeshFactory.builder(environment, properties.getMesh(), local.paths(), meters.getIfUnique(), openTelemetry.getIfUnique(),
                    customizers.orderedStream().toList());
        }

        /** The mesh, built from {@link #skeinMeshBuilder}; it joins when created, and leaves when the context stops. */
        @Bean
        @ConditionalOnMissingBean
        Mesh skeinMesh(Mesh.Builder builder) {
            return MeshFactory.build(builder);
        }
    }
}
