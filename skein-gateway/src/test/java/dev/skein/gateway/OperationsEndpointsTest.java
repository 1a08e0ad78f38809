package dev.skein.gateway;

import dev.skein.core.App;
import dev.skein.core.memory.MemoryService;
import dev.skein.gateway.auth.Authentication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.skein.gateway.Cluster.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The operations paths of a gateway and of a node's HTTP port: Kubernetes probes, this node's health, the fleet. */
@Timeout(60)
class OperationsEndpointsTest {

    private Cluster cluster;

    @BeforeEach
    void start() {
        cluster = Cluster.local();
    }

    @AfterEach
    void close() {
        cluster.close();
    }

    @Test
    void livenessAnswersWhileTheProcessDoesAndReadinessFollowsTheDependencies() {
        App edge = cluster.node("edge", app -> { }, mesh -> mesh.dependency("billing", 1).waitForTransport(true));
        Http http = new Http(Cluster.gateway(edge));

        Http.Response live = http.get("/health/live");
        assertThat(live.status()).isEqualTo(200);
        assertThat(live.object()).containsEntry("status", "UP");
        Http.Response notReady = http.get("/health/ready");
        assertThat(notReady.status()).as(notReady.toString()).isEqualTo(503);
        assertThat(notReady.object()).containsEntry("status", "DOWN");
        assertThat(notReady.object().get("missing").toString()).contains("'billing' needs 1 instance(s), 0 up");

        App billing = cluster.node("billing", app -> app.use("billing", new MemoryService()));
        await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/health/ready").status() == 200);
        assertThat(http.get("/health/ready").object()).containsEntry("status", "UP").doesNotContainKey("missing");

        billing.close(); // the dependency goes away: not ready again, though Mesh.ready() completed long ago
        await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/health/ready").status() == 503);
        assertThat(http.get("/health/ready").object().get("missing").toString()).contains("'billing' needs 1 instance(s), 0 up");
    }

    @Test
    void healthGivesThisNodesFiguresServicesAndPeers() {
        App edge = cluster.node("edge", app -> app.use("todos", new MemoryService()));
        cluster.node("other", app -> app.use("notes", new MemoryService()));
        Cluster.awaitService(edge, "notes");
        Http http = new Http(Cluster.gateway(edge));

        Http.Response health = http.get("/health");

        assertThat(health.status()).as(health.toString()).isEqualTo(200);
        Map<String, Object> body = health.object();
        assertThat(body).containsEntry("status", "UP").containsEntry("name", "edge").containsEntry("local", true)
                .containsEntry("online", true).containsEntry("peers", 1);
        Map<String, Object> figures = map(body.get("health"));
        assertThat(((Number) figures.get("heapUsed")).longValue()).isPositive();
        assertThat(((Number) figures.get("uptime")).longValue()).isPositive();
        assertThat(((Number) figures.get("cpus")).intValue()).isPositive();
        assertThat(body.get("services").toString()).contains("path=todos").doesNotContain("notes");
    }

    @Test
    void theFleetListsANodeThatWentAwayAsOfflineWithWhy() {
        App edge = cluster.node("edge", app -> { });
        App gone = cluster.node("gone", app -> app.use("notes", new MemoryService()));
        Cluster.awaitService(edge, "notes");
        Http http = new Http(Cluster.gateway(edge));
        gone.close();

        await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/fleet").list().stream()
                .anyMatch(n -> "gone".equals(n.get("name")) && Boolean.FALSE.equals(n.get("online"))));
        List<Map<String, Object>> fleet = http.get("/fleet").list();
        assertThat(fleet).anySatisfy(n -> assertThat(n).containsEntry("name", "edge").containsEntry("online", true).containsEntry("local", true));
        assertThat(fleet).anySatisfy(n -> {
            assertThat(n).containsEntry("name", "gone").containsEntry("online", false).containsEntry("offlineReason", "left");
            assertThat(n.get("lastSeen")).isNotNull();
            assertThat(n.get("services").toString()).contains("path=notes");
        });
    }

    @Test
    void withAuthenticationTheFleetNeedsATokenButTheProbesDoNot() {
        App edge = cluster.node("edge", app -> {
            app.configure(Authentication.builder(Cluster.SECRET).build());
            Cluster.users(app);
        });
        Cluster.createUser(edge, "ops@example.com", "s3cret!");
        Http http = new Http(Cluster.gateway(edge));

        assertThat(http.get("/fleet").status()).isEqualTo(401);
        assertThat(http.get("/fleet", "Authorization", "Bearer not-a-token").status()).isEqualTo(401);
        assertThat(http.get("/health/live").status()).isEqualTo(200);
        assertThat(http.get("/health/ready").status()).isEqualTo(200);
        String token = (String) http.post("/authentication", Map.of("strategy", "local", "email", "ops@example.com", "password", "s3cret!"))
                .object().get("accessToken");
        Http.Response fleet = http.get("/fleet", "Authorization", "Bearer " + token);
        assertThat(fleet.status()).as(fleet.toString()).isEqualTo(200);
        assertThat(fleet.list()).anySatisfy(n -> assertThat(n).containsEntry("name", "edge"));
    }

    @Test
    void aServiceAtAnOperationsPathWinsAndAGatewayMayServeNoneOfThem() {
        App edge = cluster.node("edge", app -> app.use("health", new MemoryService()));
        Http http = new Http(Cluster.gateway(edge));
        assertThat(http.get("/health").list()).isEmpty(); // the service's find: a page of nothing
        assertThat(http.get("/health/ready").status()).isEqualTo(404); // get of id "ready" in that service

        App quiet = cluster.node("quiet", app -> { });
        Http none = new Http(Cluster.gateway(quiet, Gateway.builder().operations(false).settleWindow(java.time.Duration.ZERO)));
        assertThat(none.get("/health/live").status()).isEqualTo(404);
        assertThat(none.get("/fleet").status()).isEqualTo(404);
    }

    @Test
    void aNodesOperationsPortServesTheProbesAndNoService() {
        App node = cluster.node("worker", app -> app.use("todos", new MemoryService()));
        Gateway port = Gateway.operationsOnly("127.0.0.1", 0);
        node.configure(port);
        port.started().join();
        Http http = new Http(port);

        assertThat(http.get("/health/ready").status()).isEqualTo(200);
        assertThat(http.get("/health").object()).containsEntry("name", "worker");
        assertThat(http.get("/todos").status()).isEqualTo(404);
    }

    @Test
    void metricsAreScrapedInPrometheusFormatWhenTheMeshHasAPrometheusRegistry() {
        io.micrometer.prometheusmetrics.PrometheusMeterRegistry prometheus =
                new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
        App edge = cluster.node("edge", app -> { }, mesh -> mesh.metrics(prometheus));
        cluster.node("service", app -> app.use("todos", new MemoryService()));
        Cluster.awaitService(edge, "todos");
        Cluster.join(edge.service("todos").create(Map.of("text", "measured")));
        Http http = new Http(Cluster.gateway(edge));

        Http.Response metrics = http.get("/metrics");

        assertThat(metrics.status()).as(metrics.toString()).isEqualTo(200);
        assertThat(metrics.contentType()).startsWith("text/plain");
        assertThat(metrics.body()).containsPattern("skein_client_calls_seconds_count\\{[^}]*method=\"create\"[^}]*outcome=\"ok\"[^}]*service=\"todos\"[^}]*\\} 1")
                .contains("skein_nodes_online").contains("skein_transport_frames_total");

        App plain = cluster.node("plain", app -> { });
        Http.Response none = new Http(Cluster.gateway(plain)).get("/metrics");
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.object().get("message").toString()).contains("Mesh.Builder.metrics");
    }
}
