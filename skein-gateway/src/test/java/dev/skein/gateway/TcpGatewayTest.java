package dev.skein.gateway;

import dev.skein.core.App;
import dev.skein.core.memory.MemoryOptions;
import dev.skein.core.memory.MemoryService;
import dev.skein.mesh.Mesh;
import dev.skein.mesh.NodeInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.skein.gateway.Cluster.join;
import static dev.skein.gateway.Cluster.map;
import static org.assertj.core.api.Assertions.assertThat;

/** The gateway in front of a service on another node over real sockets: the tcp transport, discovery on loopback. */
class TcpGatewayTest {

    private Cluster cluster;
    private App serviceNode;
    private App gatewayApp;
    private Gateway gateway;
    private Http http;

    @BeforeEach
    void start() {
        cluster = new Cluster("tcp://?beacon=200");
        serviceNode = cluster.node("service", app -> app.use("todos", new MemoryService(MemoryOptions.builder().multi(true).build())));
        gatewayApp = cluster.node("gateway", app -> { });
        gateway = Cluster.gateway(gatewayApp);
        Cluster.awaitService(gatewayApp, "todos");
        http = new Http(gateway);
    }

    @AfterEach
    void close() {
        cluster.close();
    }

    @Test
    void theServiceNodeIsReachedOverTcp() {
        List<NodeInfo> nodes = gatewayApp.plugin(Mesh.class).orElseThrow().nodes();

        assertThat(nodes).filteredOn(n -> !n.local()).singleElement()
                .satisfies(n -> assertThat(n.address()).startsWith("tcp://"));
    }

    @Test
    void everyRestRouteReachesTheServiceOnTheOtherNode() {
        assertThat(http.post("/todos", Map.of("text", "a", "done", false)).status()).isEqualTo(201);
        assertThat(http.post("/todos", Map.of("text", "b", "done", true)).status()).isEqualTo(201);

        assertThat(http.get("/todos?done=false").list()).extracting(t -> t.get("text")).containsExactly("a");
        assertThat(http.get("/todos/1").object()).containsEntry("text", "b");
        assertThat(http.patch("/todos/0", Map.of("done", true)).object()).containsEntry("done", true);
        assertThat(http.put("/todos/1", Map.of("text", "B")).object()).isEqualTo(Map.of("id", 1, "text", "B"));
        assertThat(http.patch("/todos?done=true", Map.of("archived", true)).list()).hasSize(1);
        assertThat(http.delete("/todos/1").status()).isEqualTo(200);
        assertThat(http.delete("/todos?archived=true").list()).hasSize(1);
        assertThat((List<?>) join(serviceNode.service("todos").find())).isEmpty();
    }

    @Test
    void errorsOfTheOtherNodeKeepTheirStatus() {
        Http.Response missing = http.get("/todos/999");

        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.object()).containsEntry("name", "NotFound").containsEntry("className", "not-found");
    }

    @Test
    void aWebSocketClientHearsEventsOfTheOtherNodeAndCallsIt() {
        try (Ws ws = Ws.connect(gateway)) {
            http.post("/todos", Map.of("text", "from rest"));
            join(serviceNode.service("todos").create(Map.of("text", "on the service node")));

            assertThat(map(ws.nextEvent().get("data"))).containsEntry("text", "from rest");
            assertThat(map(ws.nextEvent().get("data"))).containsEntry("text", "on the service node");
            Map<String, Object> reply = ws.call(1, "todos", "find", Map.of("query", Map.of("$sort", Map.of("id", -1))));
            assertThat((List<?>) reply.get("result")).hasSize(2);
            assertThat(map(((List<?>) reply.get("result")).get(0))).containsEntry("text", "on the service node");
        }
    }
}
