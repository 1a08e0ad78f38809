package dev.skein.spring;

import dev.skein.core.App;
import dev.skein.core.BlockingService;
import dev.skein.core.Params;
import dev.skein.core.ServiceHandle;
import dev.skein.core.memory.MemoryService;
import dev.skein.gateway.Gateway;
import dev.skein.mesh.Balancing;
import dev.skein.mesh.Mesh;
import dev.skein.mesh.MeshOptions;
import dev.skein.spring.actuate.SkeinHealthAutoConfiguration;
import dev.skein.spring.actuate.SkeinHealthIndicator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.skein.spring.StartupFailures.invalid;
import static dev.skein.spring.StartupFailures.messages;
import static org.assertj.core.api.Assertions.assertThat;

/** The auto-configuration in one context at a time, on the in-JVM local:// transport: properties, overrides, errors. */
@Timeout(30)
class SkeinAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SkeinAutoConfiguration.class, SkeinGatewayAutoConfiguration.class,
                    SkeinHealthAutoConfiguration.class))
            .withPropertyValues("skein.mesh.transport=local://", "skein.mesh.namespace=spring-" + UUID.randomUUID());

    static class Greetings implements BlockingService {
        @Override
        public Object get(Object id, Params params) {
            return "Hello " + id;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class GreetingsByProperty {
        @Bean
        Greetings greeter() {
            return new Greetings();
        }
    }

    @Test
    void propertiesReachTheMeshBuilder() {
        runner.withPropertyValues("skein.name=orders", "skein.mesh.role=billing", "skein.mesh.timeout=2s", "skein.mesh.heartbeat=200ms",
                        "skein.mesh.dependencies.payments=2", "skein.mesh.versions.payments=^2", "skein.mesh.balancing=fewest-in-flight",
                        "skein.mesh.max-frame-size=1MB", "skein.mesh.drain-timeout=0s")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    MeshOptions options = context.getBean(Mesh.class).options();
                    assertThat(context.getBean(App.class).name()).isEqualTo("orders");
                    assertThat(options.membership().role()).isEqualTo("billing");
                    assertThat(options.calls().timeout()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(options.membership().heartbeatInterval()).isEqualTo(Duration.ofMillis(200));
                    assertThat(options.membership().deadAfter()).isEqualTo(Duration.ofMillis(700));  // 3.5 heartbeats, as the defaults
                    assertThat(options.membership().dependencies()).isEqualTo(Map.of("payments", 2));
                    assertThat(options.calls().versions()).isEqualTo(Map.of("payments", "^2"));
                    assertThat(options.calls().balancing()).isEqualTo(Balancing.FEWEST_IN_FLIGHT);
                    assertThat(options.maxFrameSize()).isEqualTo(1024 * 1024);
                    assertThat(context.getBean(App.class).plugin(Mesh.class)).containsSame(context.getBean(Mesh.class));
                });
    }

    @Test
    void aBeanNamedInThePropertiesIsAServiceAtItsPathAndRemoteHandlesOfALocalPathGetIt() {
        runner.withUserConfiguration(GreetingsByProperty.class)
                .withPropertyValues("skein.mesh.enabled=false", "skein.services.greeter.path=greetings", "skein.services.greeter.version=2.0.0",
                        "skein.services.greeter.non-blocking=true")
                .withBean(Caller.class)
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(Mesh.class).doesNotHaveBean(SkeinHealthIndicator.class);
                    ServiceHandle greetings = context.getBean(App.class).service("greetings");
                    assertThat(greetings.options().version()).isEqualTo("2.0.0");
                    assertThat(greetings.options().nonBlocking()).isTrue();
                    assertThat(greetings.get("Ada").join()).isEqualTo("Hello Ada");
                    assertThat(context.getBean(Caller.class).greetings).isSameAs(greetings);  // in one process: the local service itself
                });
    }

    static class Caller {
        final ServiceHandle greetings;

        Caller(@SkeinReference("greetings") ServiceHandle greetings) {
            this.greetings = greetings;
        }
    }

    @SkeinService(path = "/api/orders/", version = "1.2.0", methods = {"find", "create", "archive"}, events = "archived", nonBlocking = true)
    static class Orders extends MemoryService {
    }

    @Test
    void anAnnotatedClassIsAServiceWithTheOptionsItsAnnotationGives() {
        runner.withBean(Orders.class).run(context -> {
            ServiceHandle orders = context.getBean(App.class).service("api/orders");
            assertThat(orders.service()).isSameAs(context.getBean(Orders.class));
            assertThat(orders.options().version()).isEqualTo("1.2.0");
            assertThat(orders.methods()).containsExactly("find", "create", "archive");
            assertThat(orders.events()).contains("archived");
            assertThat(orders.options().nonBlocking()).isTrue();
        });
    }

    @Test
    void yourOwnBeansReplaceTheStartersAndCustomizersChangeTheBuilder() {
        App mine = App.builder().name("mine").build();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        OpenTelemetry openTelemetry = OpenTelemetry.noop();
        runner.withBean(App.class, () -> mine)
                .withBean(MeterRegistry.class, () -> meters)
                .withBean(OpenTelemetry.class, () -> openTelemetry)
                .withBean(MeshBuilderCustomizer.class, () -> builder -> builder.role("customized"))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(App.class)).isSameAs(mine);
                    MeshOptions options = context.getBean(Mesh.class).options();
                    assertThat(options.membership().role()).isEqualTo("customized");
                    assertThat(options.telemetry().meterRegistry()).isSameAs(meters);
                    assertThat(options.telemetry().openTelemetry()).isSameAs(openTelemetry);
                    assertThat(mine.plugin(Mesh.class)).containsSame(context.getBean(Mesh.class));
                });
        assertThat(mine.isClosed()).isTrue();
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnMesh {
        @Bean
        Mesh mesh(Mesh.Builder fromProperties) {
            return fromProperties.role("own").build();
        }
    }

    @Test
    void aMeshOfYourOwnStartsFromTheBuilderBeanAndJoinsAsTheStartersWould() {
        runner.withUserConfiguration(OwnMesh.class).withPropertyValues("skein.mesh.timeout=3s").run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(Mesh.class);
            Mesh mesh = context.getBean(Mesh.class);
            assertThat(mesh.options().membership().role()).isEqualTo("own");
            assertThat(mesh.options().calls().timeout()).isEqualTo(Duration.ofSeconds(3));
            assertThat(context.getBean(App.class).plugin(Mesh.class)).containsSame(mesh);
            assertThat(context.getBean(SkeinHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
        });
    }

    @Test
    void withoutActuatorThereIsNoHealthIndicatorAndTheNodeStillRuns() {
        runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class)).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(Mesh.class).doesNotHaveBean(SkeinHealthIndicator.class);
        });
    }

    @Test
    void aMissingDependencyIsOutOfServiceWithWhatIsMissing() {
        runner.withPropertyValues("skein.mesh.dependencies.billing=1").run(context -> {
            var health = context.getBean(SkeinHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
            assertThat(health.getDetails().get("missing")).isEqualTo(List.of("'billing' needs 1 instance(s), 0 up"));
        });
    }

    @Test
    void withAwaitReadyTheStartFailsSayingWhatIsMissingOnceDiscoveryTimesOut() {
        runner.withPropertyValues("skein.mesh.await-ready=true", "skein.mesh.discovery-timeout=300ms", "skein.mesh.dependencies.billing=1")
                .run(context -> assertThat(messages(context.getStartupFailure()))
                        .contains("The Skein node is not ready (skein.mesh.await-ready is true)").contains("billing"));
    }

    @Test
    void aWronglyTypedPropertyFailsNamingIt() {
        runner.withPropertyValues("skein.mesh.timeout=soon").run(context ->
                assertThat(context).getFailure().rootCause().hasMessageContaining("soon")
                        .satisfies(e -> assertThat(messages(context.getStartupFailure())).contains("skein.mesh.timeout")));
    }

    @Test
    void anUnknownKeyFailsNamingIt() {
        runner.withPropertyValues("skein.mesh.tranport=tcp://").run(context ->
                assertThat(messages(context.getStartupFailure())).contains("skein.mesh.tranport"));
    }

    @Test
    void settingsTheMeshRefusesNameTheirProperty() {
        runner.withPropertyValues("skein.mesh.heartbeat=1s", "skein.mesh.dead-after=1s").run(context -> {
            assertThat(context).hasFailed();
            InvalidConfigurationPropertyValueException e = invalid(context.getStartupFailure());
            assertThat(e.getName()).isEqualTo("skein.mesh.dead-after");
            assertThat(e.getReason()).contains("at least two heartbeat intervals");
        });
        runner.withPropertyValues("skein.mesh.dependencies.billing=0").run(context ->
                assertThat(invalid(context.getStartupFailure()).getName()).isEqualTo("skein.mesh.dependencies[billing]"));
        runner.withPropertyValues("skein.mesh.transport=carrier-pigeon://").run(context ->
                assertThat(messages(context.getStartupFailure())).contains("skein.mesh.transport").contains("carrier-pigeon"));
    }

    @Test
    void aShortSecretIsRefusedWithoutShowingIt() {
        runner.withPropertyValues("skein.mesh.secret=swordfish").run(context -> {
            InvalidConfigurationPropertyValueException e = invalid(context.getStartupFailure());
            assertThat(e.getName()).isEqualTo("skein.mesh.secret");
            assertThat(e.getReason()).contains("at least 32 bytes");
            assertThat(messages(context.getStartupFailure())).doesNotContain("swordfish");
        });
    }

    @Test
    void aSecretFileSealsTheMesh(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("mesh.secret"), "0123456789abcdef0123456789abcdef\n");
        Files.setPosixFilePermissions(secret, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")); // a secret file is its owner's alone
        runner.withPropertyValues("skein.mesh.secret-file=" + secret).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(Mesh.class).options().security().credentials()).isNotNull();
        });
    }

    @Test
    void servicesDeclaredWronglyFailNamingTheBean() {
        runner.withPropertyValues("skein.services.nobody.path=x").run(context ->
                assertThat(invalid(context.getStartupFailure()).getReason()).contains("no bean is named 'nobody'"));
        runner.withBean("notAService", String.class, () -> "hello").withPropertyValues("skein.services.notAService.path=x").run(context ->
                assertThat(messages(context.getStartupFailure()))
                        .contains("Bean 'notAService' (java.lang.String) is declared a Skein service at 'x' but implements neither"));
        runner.withUserConfiguration(GreetingsByProperty.class).withPropertyValues("skein.services.greeter.version=2").run(context ->
                assertThat(messages(context.getStartupFailure())).contains("bean 'greeter' is a Skein service without a path"));
    }

    @Test
    void aRemoteHandleOfAPathNothingServesWithoutAMeshFailsSayingWhy() {
        runner.withPropertyValues("skein.mesh.enabled=false").withBean(Caller.class).run(context ->
                assertThat(messages(context.getStartupFailure()))
                        .contains("@SkeinReference(\"greetings\")").contains("the app has no mesh (skein.mesh.enabled is false)"));
    }

    @Configuration(proxyBeanMethods = false)
    static class AnnotatedTodos {
        @Bean
        @SkeinService("todos")
        MemoryService todos() {
            return new MemoryService();
        }
    }

    /** A bean whose creation takes until the mesh has heard of another node's todos: a context slow to refresh. */
    static class SlowToCreate {
        SlowToCreate(Mesh mesh) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() ->
                    mesh.services().stream().anyMatch(s -> s.path().equals("todos")));
        }
    }

    @Test
    void aReplicaStartedBesideARunningOneServesItsOwnBean() {
        runner.withUserConfiguration(AnnotatedTodos.class).withPropertyValues("skein.name=first").run(first -> {
            Mesh firstMesh = first.getBean(Mesh.class);
            runner.withUserConfiguration(AnnotatedTodos.class).withBean(SlowToCreate.class).withPropertyValues("skein.name=second").run(second -> {
                assertThat(second).hasNotFailed();
                // the second joined while the first already served todos, and still registered its own bean there
                assertThat(second.getBean(App.class).service("todos").service()).isSameAs(second.getBean(MemoryService.class));
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() ->
                        firstMesh.services().stream().filter(s -> s.path().equals("todos")).count() == 2);
            });
        });
    }

    @Test
    void theMetadataShowsMeshDefaultsAsTheMeshHasThem() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                getClass().getResource("/META-INF/spring-configuration-metadata.json"));
        Map<String, String> defaults = new java.util.HashMap<>();
        json.get("properties").forEach(p -> { if (p.has("defaultValue")) defaults.put(p.get("name").asText(), p.get("defaultValue").asText()); });
        org.springframework.boot.convert.ApplicationConversionService conversion = new org.springframework.boot.convert.ApplicationConversionService();
        assertThat(conversion.convert(defaults.get("skein.mesh.timeout"), Duration.class)).isEqualTo(Mesh.DEFAULT_TIMEOUT);
        assertThat(conversion.convert(defaults.get("skein.mesh.heartbeat"), Duration.class)).isEqualTo(Mesh.DEFAULT_HEARTBEAT_INTERVAL);
        assertThat(conversion.convert(defaults.get("skein.mesh.dead-after"), Duration.class)).isEqualTo(Mesh.DEFAULT_DEAD_AFTER);
        assertThat(conversion.convert(defaults.get("skein.mesh.discovery-timeout"), Duration.class)).isEqualTo(Mesh.DEFAULT_DISCOVERY_TIMEOUT);
        assertThat(conversion.convert(defaults.get("skein.mesh.drain-timeout"), Duration.class)).isEqualTo(Mesh.DEFAULT_DRAIN_TIMEOUT);
        assertThat(conversion.convert(defaults.get("skein.mesh.offline-retention"), Duration.class)).isEqualTo(Mesh.DEFAULT_OFFLINE_RETENTION);
        assertThat(conversion.convert(defaults.get("skein.mesh.max-frame-age"), Duration.class)).isEqualTo(Mesh.DEFAULT_MAX_FRAME_AGE);
        assertThat(org.springframework.util.unit.DataSize.parse(defaults.get("skein.mesh.max-frame-size")).toBytes()).isEqualTo(Mesh.DEFAULT_MAX_FRAME_SIZE);
        assertThat(Integer.valueOf(defaults.get("skein.mesh.max-serving"))).isEqualTo(Mesh.DEFAULT_MAX_SERVING);
        assertThat(Integer.valueOf(defaults.get("skein.mesh.max-queued-events"))).isEqualTo(Mesh.DEFAULT_MAX_QUEUED_EVENTS);
        assertThat(Integer.valueOf(defaults.get("skein.mesh.max-pending-calls"))).isEqualTo(Mesh.DEFAULT_MAX_PENDING_CALLS);
        assertThat(defaults.get("skein.mesh.transport")).isEqualTo(Mesh.DEFAULT_TRANSPORT);
        assertThat(defaults.get("skein.mesh.namespace")).isEqualTo(Mesh.DEFAULT_NAMESPACE);
        assertThat(defaults.get("skein.mesh.cluster")).isEqualTo(Mesh.DEFAULT_CLUSTER_NAME);
        assertThat(defaults.get("skein.mesh.codec")).isEqualTo(Mesh.DEFAULT_CODEC);
        assertThat(defaults.get("skein.gateway.host")).isEqualTo(Gateway.DEFAULT_HOST);
        assertThat(Integer.valueOf(defaults.get("skein.gateway.port"))).isEqualTo(Gateway.DEFAULT_PORT);
        assertThat(Integer.valueOf(defaults.get("skein.gateway.max-connections"))).isEqualTo(Gateway.DEFAULT_MAX_CONNECTIONS);
        assertThat(Integer.valueOf(defaults.get("skein.gateway.max-connections-per-address"))).isEqualTo(Gateway.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS);
        assertThat(conversion.convert(defaults.get("skein.gateway.idle-timeout"), Duration.class)).isEqualTo(Gateway.DEFAULT_IDLE_TIMEOUT);
        assertThat(conversion.convert(defaults.get("skein.gateway.headers-timeout"), Duration.class)).isEqualTo(Gateway.DEFAULT_HEADERS_TIMEOUT);
        assertThat(conversion.convert(defaults.get("skein.gateway.body-timeout"), Duration.class)).isEqualTo(Gateway.DEFAULT_BODY_TIMEOUT);
        assertThat(Integer.valueOf(defaults.get("skein.gateway.max-json-depth"))).isEqualTo(Gateway.DEFAULT_MAX_JSON_DEPTH);
        assertThat(conversion.convert(defaults.get("skein.gateway.settle-window"), Duration.class)).isEqualTo(Gateway.DEFAULT_SETTLE_WINDOW);
        assertThat(conversion.convert(defaults.get("skein.gateway.unavailable-after"), Duration.class)).isEqualTo(Gateway.DEFAULT_UNAVAILABLE_AFTER);
    }

    @Test
    void theGatewaysLimitsComeFromTheirPropertiesAndABadOneIsNamed() {
        runner.withPropertyValues("skein.gateway.enabled=true", "skein.gateway.host=127.0.0.1", "skein.gateway.port=0",
                        "skein.gateway.max-connections=100", "skein.gateway.max-connections-per-address=3", "skein.gateway.idle-timeout=5s",
                        "skein.gateway.headers-timeout=2s", "skein.gateway.body-timeout=3s", "skein.gateway.max-json-depth=10",
                        "skein.gateway.settle-window=5s", "skein.gateway.unavailable-after=500ms")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(Gateway.class).options().limits()).isEqualTo(new dev.skein.gateway.GatewayOptions.Limits(
                            100, 3, Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(3), 10));
                    assertThat(context.getBean(Gateway.class).options().discovery())
                            .isEqualTo(new dev.skein.gateway.GatewayOptions.Discovery(Duration.ofSeconds(5), Duration.ofMillis(500)));
                });
        runner.withPropertyValues("skein.gateway.enabled=true", "skein.gateway.port=0", "skein.gateway.idle-timeout=0s").run(context ->
                assertThat(messages(context.getStartupFailure())).contains("skein.gateway.idle-timeout").contains("idleTimeout must be positive"));
        runner.withPropertyValues("skein.gateway.enabled=true", "skein.gateway.port=0", "skein.gateway.settle-window=-1s").run(context ->
                assertThat(messages(context.getStartupFailure())).contains("skein.gateway.settle-window").contains("settleWindow must be zero or more"));
    }

    @Test
    void theGatewayServesTheServiceBeansOnceTheContextStartsAndClosesWithIt() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        int[] port = new int[1];
        runner.withUserConfiguration(AnnotatedTodos.class)
                .withPropertyValues("skein.gateway.enabled=true", "skein.gateway.host=127.0.0.1", "skein.gateway.port=0")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Gateway gateway = context.getBean(Gateway.class);
                    port[0] = gateway.port();
                    HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(gateway.url() + "/todos"))
                            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"from REST\"}")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(created.statusCode()).isEqualTo(201);
                    assertThat(context.getBean(MemoryService.class).find(new Params()).toCompletableFuture().join()).asList().hasSize(1);
                });
        assertThat(catchConnect(http, port[0])).isTrue();
    }

    @Test
    void aGatewayPortInUseFailsTheStartNamingIt() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            runner.withPropertyValues("skein.gateway.enabled=true", "skein.gateway.host=127.0.0.1", "skein.gateway.port=" + taken.getLocalPort()).run(context ->
                    assertThat(messages(context.getStartupFailure()))
                            .contains("The Skein gateway could not listen on 127.0.0.1:" + taken.getLocalPort()));
        }
    }

    private static boolean catchConnect(HttpClient http, int port) {
        try {
            http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/live")).build(), HttpResponse.BodyHandlers.discarding());
            return false;
        } catch (java.io.IOException | InterruptedException e) {
            return true;
        }
    }
}
