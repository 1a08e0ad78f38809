package dev.skein.gateway;

import dev.skein.core.App;
import dev.skein.mesh.Mesh;
import dev.skein.mesh.MeshSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code POST /drain/<node id>} on a node's operations port: only the operations token opens it (401
 * without it or with another, 403 on a port that has none), the node drained must allow it (403,
 * and it runs on), and a drain that goes through answers with the node gone offline, {@code left}.
 */
@Timeout(60)
class DrainEndpointTest {

    private static final String TOKEN = "an-operations-token-for-the-drain-test";

    /** A POST must say it sends JSON (the gateway's guard against forms posted by other sites' pages). */
    private static final String JSON = "Content-Type";

    private Cluster cluster;

    @BeforeEach
    void start() {
        cluster = Cluster.local();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private static Mesh mesh(App app) {
        return app.plugin(Mesh.class).orElseThrow();
    }

    private static Gateway port(App app, String token) {
        Gateway port = token == null ? Gateway.operationsOnly("127.0.0.1", 0) : Gateway.operationsOnly("127.0.0.1", 0, token);
        app.configure(port);
        port.started().join();
        return port;
    }

    @Test
    void theOperationsTokenDrainsANodeThatAllowsItAndNothingElseDoes() throws Exception {
        App worker = cluster.node("worker", app -> { }, m -> m.set(MeshSettings.ALLOW_REMOTE_DRAIN, true));
        App kept = cluster.node("kept", app -> { });
        App ops = cluster.node("ops", app -> { });
        Gateway port = port(ops, TOKEN);
        await().atMost(Duration.ofSeconds(20)).until(() -> mesh(ops).nodes().size() == 3);
        String path = "/drain/" + mesh(worker).nodeId();

        assertThat(Raw.request(port.port(), "POST", path, null, JSON, "application/json").status()).isEqualTo(401);
        assertThat(Raw.request(port.port(), "POST", path, null, JSON, "application/json", "Authorization", "Bearer " + TOKEN + "x").status()).isEqualTo(401);
        Raw.Answer refused = Raw.request(port.port(), "POST", "/drain/" + mesh(kept).nodeId(), null, JSON, "application/json", "Authorization", "Bearer " + TOKEN);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("allowRemoteDrain");
        assertThat(mesh(worker).readiness().ready()).isTrue();
        assertThat(mesh(kept).readiness().ready()).isTrue();

        Raw.Answer drained = Raw.request(port.port(), "POST", path, null, JSON, "application/json", "Authorization", "Bearer " + TOKEN);
        assertThat(drained.status()).as(drained.toString()).isEqualTo(200);
        assertThat(drained.body()).contains("\"online\":false").contains("\"offlineReason\":\"left\"");
        assertThat(mesh(worker).drained().toCompletableFuture().get(20, TimeUnit.SECONDS)).isEqualTo(mesh(ops).nodeId());
    }

    @Test
    void aPortWithoutAnOperationsTokenDrainsNothing() throws Exception {
        App worker = cluster.node("worker", app -> { }, m -> m.set(MeshSettings.ALLOW_REMOTE_DRAIN, true));
        App ops = cluster.node("ops", app -> { });
        Gateway port = port(ops, null);
        await().atMost(Duration.ofSeconds(20)).until(() -> mesh(ops).nodes().size() == 2);

        Raw.Answer refused = Raw.request(port.port(), "POST", "/drain/" + mesh(worker).nodeId(), null, JSON, "application/json");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("operations token");
        assertThat(mesh(worker).readiness().ready()).isTrue();
    }
}
