package dev.skein.spring;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skein.core.ServiceHandle;
import dev.skein.core.errors.NotFound;
import dev.skein.core.memory.MemoryService;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.boot.web.embedded.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.server.ConfigurableServletWebServerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Skein error reaching a controller answers with its own status and JSON form, in Spring MVC (embedded Tomcat)
 * and in WebFlux (Reactor Netty), each on a random port of 127.0.0.1 and asked over HTTP: a call to a service
 * no instance serves is 503 {@code Unavailable}, a missing record 404 {@code NotFound}, with
 * {@code {name, message, code, className}} and no stack trace (issue #24: both were 500). An application's own
 * {@code @RestControllerAdvice} for an error answers instead, and an exception that is not Skein's stays Spring's 500.
 */
@Timeout(90)
class WebErrorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A controller over one local service and one that nothing serves. */
    @RestController
    static class TodoController {
        private final ServiceHandle todos;
        private final ServiceHandle nobody;

        TodoController(@SkeinReference("todos") ServiceHandle todos, @SkeinReference("nobody") ServiceHandle nobody) {
            this.todos = todos;
            this.nobody = nobody;
        }

        @GetMapping("/todos/{id}")
        CompletableFuture<Object> get(@PathVariable("id") long id) {
            return todos.get(id);
        }

        @GetMapping("/nobody")
        CompletableFuture<Object> nobody() {
            return nobody.find();
        }

        /** Joined in the controller: the error arrives wrapped in a CompletionException. */
        @GetMapping("/nobody/joined")
        Object nobodyJoined() {
            return nobody.find().join();
        }

        @GetMapping("/broken")
        CompletableFuture<Object> broken() {
            return CompletableFuture.failedFuture(new IllegalStateException("not a Skein error"));
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(TodoController.class)
    static class WebApp {
        @Bean
        @SkeinService("todos")
        MemoryService todos() {
            return new MemoryService();
        }

        /** Tomcat's document root in the test's directory, not a temporary one of its own that outlives the test. */
        @Bean
        WebServerFactoryCustomizer<ConfigurableServletWebServerFactory> documentRoot(Environment environment) {
            return factory -> factory.setDocumentRoot(new File(environment.getProperty("server.tomcat.basedir")));
        }
    }

    /** An application's own answer to NotFound. */
    @RestControllerAdvice
    static class Gone {
        @ExceptionHandler(NotFound.class)
        ResponseEntity<String> gone(NotFound e) {
            return ResponseEntity.status(HttpStatus.GONE).body("gone");
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({TodoController.class, Gone.class})
    static class WebAppWithItsOwnAdvice extends WebApp {
    }

    /** WebFlux on Reactor Netty, as spring-boot-starter-webflux serves it (with Tomcat on the class path too, Boot would take Tomcat). */
    @SpringBootConfiguration
    static class OnNetty {
        @Bean
        NettyReactiveWebServerFactory netty() {
            return new NettyReactiveWebServerFactory();
        }
    }

    private static ConfigurableApplicationContext start(Class<?> app, WebApplicationType stack, Path dir) {
        SpringApplicationBuilder builder = new SpringApplicationBuilder(app).web(stack);
        if (stack == WebApplicationType.REACTIVE) builder.sources(OnNetty.class);
        return builder.properties("server.tomcat.basedir=" + dir, "server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off",
                "skein.mesh.transport=local://", "skein.mesh.namespace=spring-web-" + UUID.randomUUID(), "skein.mesh.timeout=300ms").run();
    }

    private static HttpResponse<String> get(ConfigurableApplicationContext context, String path) throws Exception {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(20)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(HttpResponse<String> response) throws Exception {
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        return (Map<String, Object>) JSON.readValue(response.body(), Map.class);
    }

    @ParameterizedTest
    @EnumSource(value = WebApplicationType.class, names = {"SERVLET", "REACTIVE"})
    void aSkeinErrorAnswersWithItsStatusAndItsJson(WebApplicationType stack, @TempDir Path dir) throws Exception {
        try (ConfigurableApplicationContext context = start(WebApp.class, stack, dir)) {
            for (String path : new String[]{"/nobody", "/nobody/joined"}) {
                HttpResponse<String> unavailable = get(context, path);
                assertThat(unavailable.statusCode()).as(path).isEqualTo(503);
                Map<String, Object> body = json(unavailable);
                assertThat(body).containsEntry("name", "Unavailable").containsEntry("code", 503).containsEntry("className", "unavailable");
                assertThat((String) body.get("message")).contains("nobody");
                assertThat(body.keySet()).as("no stack trace, no Spring error attributes").containsOnly("name", "message", "code", "className");
            }

            HttpResponse<String> notFound = get(context, "/todos/42");
            assertThat(notFound.statusCode()).isEqualTo(404);
            assertThat(json(notFound)).containsEntry("name", "NotFound").containsEntry("code", 404).containsEntry("className", "not-found");

            // not Skein's: Spring's own answer, as before
            HttpResponse<String> broken = get(context, "/broken");
            assertThat(broken.statusCode()).isEqualTo(500);
            assertThat(broken.body()).doesNotContain("GeneralError").doesNotContain("className");
        }
    }

    @ParameterizedTest
    @EnumSource(value = WebApplicationType.class, names = {"SERVLET", "REACTIVE"})
    void anApplicationsOwnAdviceAnswersFirst(WebApplicationType stack, @TempDir Path dir) throws Exception {
        try (ConfigurableApplicationContext context = start(WebAppWithItsOwnAdvice.class, stack, dir)) {
            HttpResponse<String> gone = get(context, "/todos/42");
            assertThat(gone.statusCode()).isEqualTo(410);
            assertThat(gone.body()).isEqualTo("gone");
            assertThat(get(context, "/nobody").statusCode()).as("the errors it does not handle are still the starter's").isEqualTo(503);
        }
    }
}
