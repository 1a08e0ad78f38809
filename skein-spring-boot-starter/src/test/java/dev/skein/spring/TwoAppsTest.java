package dev.skein.spring;

import dev.skein.core.App;
import dev.skein.core.BlockingHandle;
import dev.skein.core.ServiceHandle;
import dev.skein.core.TypedService;
import dev.skein.core.memory.MemoryService;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two Spring Boot applications, as a user writes them (auto-configuration from the imports file,
 * Actuator on the class path), as two nodes of one mesh over tcp on loopback: one serves todos from
 * a bean, the other calls them through injected handles, reports its readiness as health, and
 * measures its calls in the MeterRegistry that Actuator made.
 */
@Timeout(60)
class TwoAppsTest {

    /** Loopback only: listens on 127.0.0.1, discovery beacons on lo. */
    static final String TRANSPORT = "tcp://127.0.0.1?interface=lo&beacon=200";

    record Todo(Long id, String text, boolean done) {
    }

    /** The todos microservice: one bean, one annotation. */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class TodosApp {
        @Bean
        @SkeinService(path = "todos", version = "1.1.0")
        MemoryService todos() {
            return new MemoryService();
        }
    }

    /** What a web tier would do: handles injected into its constructor and its fields. */
    @Component
    static class TodoClient {
        final ServiceHandle todos;
        @SkeinReference("todos")
        TypedService<Todo> typed;
        @SkeinReference("todos")
        BlockingHandle blocking;

        TodoClient(@SkeinReference("todos") ServiceHandle todos) {
            this.todos = todos;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class WebApp {
        @Bean
        TodoClient todoClient(@SkeinReference("todos") ServiceHandle todos) {
            return new TodoClient(todos);
        }
    }

    private final String namespace = "spring-" + UUID.randomUUID();
    private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

    @AfterEach
    void close() {
        for (int i = contexts.size() - 1; i >= 0; i--) contexts.get(i).close();
    }

    private ConfigurableApplicationContext start(Class<?> app, String name, String... properties) {
        List<String> all = new ArrayList<>(List.of("skein.name=" + name, "skein.mesh.transport=" + TRANSPORT, "skein.mesh.namespace=" + namespace,
                "management.endpoint.health.show-details=always", "spring.main.banner-mode=off"));
        all.addAll(List.of(properties));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(app).web(WebApplicationType.NONE)
                .properties(all.toArray(String[]::new)).run();
        contexts.add(context);
        return context;
    }

    private static HealthComponent skeinHealth(ConfigurableApplicationContext context) {
        return context.getBean(HealthEndpoint.class).healthForPath("skein");
    }

    @Test
    void aBeanServedByOneAppIsCalledFromAnotherThroughInjectedHandlesAndItsReadinessIsItsHealth() {
        ConfigurableApplicationContext web = start(WebApp.class, "web", "skein.mesh.dependencies.todos=1");
        TodoClient client = web.getBean(TodoClient.class);

        // the handles were injected before any instance of todos was up: the node is not ready, and says why
        HealthComponent waiting = skeinHealth(web);
        assertThat(waiting.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        assertThat(waiting.toString()).contains("'todos' needs 1 instance(s), 0 up");

        ConfigurableApplicationContext todos = start(TodosApp.class, "todos");
        await().atMost(Duration.ofSeconds(10)).until(() -> skeinHealth(web).getStatus().equals(Status.UP));

        Object created = client.todos.create(Map.of("text", "write the starter")).join();
        assertThat(created).isEqualTo(Map.of("id", 0, "text", "write the starter"));  // as JSON gives it back
        assertThat(client.typed.get(0L).join()).isEqualTo(new Todo(0L, "write the starter", false));
        assertThat(client.blocking.find()).isEqualTo(List.of(created));
        assertThat(todos.getBean(App.class).service("todos").find().join()).isEqualTo(List.of(Map.of("id", 0L, "text", "write the starter")));

        // the MeterRegistry Actuator made measures the mesh's calls
        MeterRegistry meters = web.getBean(MeterRegistry.class);
        assertThat(meters.get("skein.client.calls").tags("service", "todos", "method", "create", "outcome", "ok").timer().count()).isEqualTo(1);

        // the only instance leaves: the dependency is missing again
        todos.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> skeinHealth(web).getStatus().equals(Status.OUT_OF_SERVICE));
    }
}
