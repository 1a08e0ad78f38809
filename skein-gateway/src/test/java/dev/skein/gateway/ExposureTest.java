package dev.skein.gateway;

import dev.skein.core.App;
import dev.skein.core.memory.MemoryService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.skein.gateway.Cluster.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which services a gateway serves, and at which public paths. */
class ExposureTest {

    private Cluster cluster;
    private App serviceNode;
    private App gatewayApp;

    @BeforeEach
    void start() {
        cluster = Cluster.local();
        serviceNode = cluster.node("service", app -> {
            app.use("todos", new MemoryService());
            app.use("users", new MemoryService());
        });
        join(serviceNode.service("todos").create(Map.of("text", "public")));
        join(serviceNode.service("users").create(Map.of("email", "private@example.com")));
        gatewayApp = cluster.node("gateway", app -> { });
        Cluster.awaitService(gatewayApp, "todos");
        Cluster.awaitService(gatewayApp, "users");
    }

    @AfterEach
    void close() {
        cluster.close();
    }

    @Test
    void exposingOneServiceHidesEveryOtherOverRestAndWebSocket() {
        Gateway gateway = Cluster.gateway(gatewayApp, Gateway.builder().expose("todos"));
        Http http = new Http(gateway);

        assertThat(http.get("/todos").status()).isEqualTo(200);
        Http.Response users = http.get("/users");
        assertThat(users.status()).isEqualTo(404);
        assertThat(users.object()).containsEntry("name", "NotFound");
        assertThat(users.body()).doesNotContain("private@example.com");
        assertThat(http.get("/users/0").status()).isEqualTo(404);
        try (Ws ws = Ws.connect(gateway)) {
            Map<String, Object> reply = ws.call(1, "users", "find", Map.of());
            assertThat(reply).containsEntry("type", "error");
            assertThat(Cluster.map(reply.get("error"))).containsEntry("name", "NotFound");
        }
    }

    @Test
    void aPredicateDecidesWhichServicesAreExposed() {
        Gateway gateway = Cluster.gateway(gatewayApp, Gateway.builder().expose(path -> !path.equals("users")));
        Http http = new Http(gateway);

        assertThat(http.get("/todos").status()).isEqualTo(200);
        assertThat(http.get("/users").status()).isEqualTo(404);
    }

    @Test
    void aMountedServiceIsServedAtItsPublicPathOnly() {
        Gateway gateway = Cluster.gateway(gatewayApp, Gateway.builder().expose(path -> false).mount("public-todos", "todos"));
        Http http = new Http(gateway);

        Http.Response found = http.get("/public-todos");
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.list()).extracting(t -> t.get("text")).containsExactly("public");
        assertThat(http.get("/public-todos/0").object()).containsEntry("text", "public");
        assertThat(http.post("/public-todos", Map.of("text", "through the mount")).status()).isEqualTo(201);
        assertThat(http.get("/todos").status()).isEqualTo(404);
        assertThat(http.get("/users").status()).isEqualTo(404);
        assertThat((java.util.List<?>) join(serviceNode.service("todos").find())).hasSize(2);
    }

    @Test
    void eventsOfAMountedServiceCarryItsPublicPath() {
        Gateway gateway = Cluster.gateway(gatewayApp, Gateway.builder().expose(path -> false).mount("public-todos", "todos"));
        try (Ws ws = Ws.connect(gateway)) {
            assertThat(ws.call(1, "public-todos", "find", Map.of())).containsEntry("type", "result");

            join(serviceNode.service("users").create(Map.of("email", "hidden@example.com")));
            join(serviceNode.service("todos").create(Map.of("text", "heard")));

            Map<String, Object> event = ws.nextEvent();
            assertThat(event).containsEntry("path", "public-todos").containsEntry("event", "created");
            assertThat(Cluster.map(event.get("data"))).containsEntry("text", "heard");
            assertThat(ws.seen()).noneMatch(m -> "users".equals(m.get("path")));
        }
    }

    /**
     * A mounted path is never 404: with no instance yet a request waits for one (until the settle window ends, at most the
     * call timeout), then answers 503.
     */
    @Test
    void aMountedPathWithNoInstanceYetWaitsForOneThenAnswers503() throws Exception {
        App edge = cluster.node("edge", app -> { }, mesh -> mesh.timeout(Duration.ofMillis(1500)));
        Gateway gateway = Cluster.gateway(edge, Gateway.builder().expose(path -> false).mount("public-late", "late"));
        Http http = new Http(gateway);

        long start = System.nanoTime();
        Http.Response none = http.get("/public-late");
        assertThat(none.status()).isEqualTo(503);
        assertThat(none.object()).containsEntry("name", "Unavailable");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1400));

        CompletableFuture<Http.Response> waiting = CompletableFuture.supplyAsync(() -> http.post("/public-late", Map.of("text", "early")));
        Thread.sleep(300);
        cluster.node("late-service", app -> app.use("late", new MemoryService()));
        Http.Response created = waiting.get(10, TimeUnit.SECONDS);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.object()).containsEntry("text", "early");
    }

    @Test
    void twoServicesMountedAtOnePublicPathFailAtBuildNamingBoth() {
        Gateway.Builder builder = Gateway.builder().mount("api", "todos").mount("/api/", "users");

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("todos")
                .hasMessageContaining("users");
    }
}
