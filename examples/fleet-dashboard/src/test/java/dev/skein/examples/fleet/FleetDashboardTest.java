package dev.skein.examples.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skein.core.App;
import dev.skein.gateway.Gateway;
import dev.skein.mesh.Mesh;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A registry and two workers over tcp on loopback, read over HTTP as an operator would: /fleet, /health, /dashboard. */
class FleetDashboardTest {

    private final String namespace = "fleet-dashboard-" + UUID.randomUUID();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final List<App> apps = new ArrayList<>();
    private App worker2;
    private String url;

    @BeforeEach
    void start() {
        App registry = Registry.start("tcp://127.0.0.1:0?multicast=false", namespace, 0);
        apps.add(registry);
        Mesh mesh = registry.plugin(Mesh.class).orElseThrow();
        mesh.ready().join();
        String seed = mesh.nodes().get(0).address().replace("tcp://", "");
        apps.add(Worker.start("worker-1", "tcp://127.0.0.1:0?multicast=false&seeds=" + seed, namespace));
        worker2 = Worker.start("worker-2", "tcp://127.0.0.1:0?multicast=false&seeds=" + seed, namespace);
        apps.add(worker2);
        url = registry.plugin(Gateway.class).orElseThrow().url();
    }

    @AfterEach
    void stop() {
        for (int i = apps.size() - 1; i >= 0; i--) apps.get(i).close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode node(String name) throws Exception {
        for (JsonNode node : json.readTree(get("/fleet").body())) if (node.path("name").asText().equals(name)) return node;
        return null;
    }

    @Test
    @Timeout(30)
    void theFleetListsEveryNodeOnlineWithItsRoleServicesAndMemoryFigures() throws Exception {
        await().atMost(Duration.ofSeconds(8)).until(() -> node("worker-1") != null && node("worker-2") != null
                && node("worker-2").path("health").path("totalMem").asLong() > 0);

        JsonNode worker = node("worker-2");
        assertThat(worker.path("online").asBoolean()).isTrue();
        assertThat(worker.path("role").asText()).isEqualTo("worker");
        assertThat(worker.path("services").get(0).path("path").asText()).isEqualTo("jobs");
        assertThat(worker.path("health").path("heapUsed").asLong()).isPositive();
        assertThat(worker.path("health").path("uptime").asLong()).isPositive();
        assertThat(node("registry").path("local").asBoolean()).isTrue();

        HttpResponse<String> health = get("/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json.readTree(health.body()).path("status").asText()).isEqualTo("UP");
        HttpResponse<String> dashboard = get("/dashboard");
        assertThat(dashboard.statusCode()).isEqualTo(200);
        assertThat(dashboard.headers().firstValue("content-type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
    }

    @Test
    @Timeout(30)
    void aStoppedWorkerStaysInTheFleetMarkedOfflineWithWhy() throws Exception {
        await().atMost(Duration.ofSeconds(8)).until(() -> node("worker-2") != null);

        worker2.close();

        await().atMost(Duration.ofSeconds(5)).until(() -> !node("worker-2").path("online").asBoolean());
        JsonNode gone = node("worker-2");
        assertThat(gone.path("offlineReason").asText()).isEqualTo("left");
        assertThat(gone.path("lastSeen").asText()).isNotEmpty();
        assertThat(node("worker-1").path("online").asBoolean()).isTrue();
    }
}
