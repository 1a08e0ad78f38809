package dev.skein.examples.happner;

import dev.skein.client.SkeinClient;
import dev.skein.core.App;
import dev.skein.core.errors.MethodNotAllowed;
import dev.skein.core.errors.SkeinError;
import dev.skein.gateway.Gateway;
import dev.skein.mesh.Mesh;
import dev.skein.mesh.NodeInfo;
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
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/** The edge and two historians over tcp on loopback, in a deployment of the test's own; an outside client through the broker. */
class HappnerClusterTest {

    private final String deployment = "test-" + UUID.randomUUID();
    private final List<App> apps = new ArrayList<>();
    private App edge;
    private Mesh edgeMesh;
    private String seed;

    @BeforeEach
    void startTheEdge() {
        edge = Edge.start("tcp://127.0.0.1:0?multicast=false", deployment, 0);
        apps.add(edge);
        edgeMesh = edge.plugin(Mesh.class).orElseThrow();
        await().atMost(Duration.ofSeconds(5)).until(() -> edgeMesh.nodes().get(0).address() != null);
        seed = edgeMesh.nodes().get(0).address().replace("tcp://", "");
    }

    @AfterEach
    void stop() {
        for (int i = apps.size() - 1; i >= 0; i--) apps.get(i).close();
    }

    private App historian(String name, String inDeployment) {
        App historian = Historian.start(name, "tcp://127.0.0.1:0?multicast=false&seeds=" + seed, inDeployment);
        apps.add(historian);
        return historian;
    }

    private int readyStatus() throws Exception {
        String url = edge.plugin(Gateway.class).orElseThrow().url() + "/health/ready";
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    @Timeout(30)
    void theEdgeIsReadyOnlyWhileTwoHistoriansAreUpAndBrokersGetAndCreateToAnOutsideClient() throws Exception {
        assertThat(readyStatus()).isEqualTo(503);
        historian("historian-1", deployment);
        await().atMost(Duration.ofSeconds(5)).until(() -> edgeMesh.readiness().missing().contains("'historian' needs 2 instance(s), 1 up"));
        assertThat(edgeMesh.ready()).isNotDone();

        App historian2 = historian("historian-2", deployment);
        edgeMesh.ready().get(5, TimeUnit.SECONDS);
        assertThat(readyStatus()).isEqualTo(200);

        try (SkeinClient client = SkeinClient.connect(edge.plugin(Gateway.class).orElseThrow().url())) {
            List<Object> answers = Client.run(client);

            assertThat(answers).extracting(answer -> (Object) ((Map<?, ?>) answer).get("servedBy")).containsExactlyInAnyOrder("historian-1", "historian-2");
            Throwable refused = catchThrowable(() -> client.service("history").remove("boiler").join());
            assertThat(SkeinError.unwrap(refused)).isInstanceOf(MethodNotAllowed.class);
        }

        historian2.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> readyStatus() == 503);   // readiness follows the mesh
    }

    @Test
    @Timeout(30)
    void aMemberOfAnotherDeploymentIsNeverCountedNorSeen() {
        historian("elsewhere", "another-" + deployment);
        historian("historian-1", deployment);

        await().atMost(Duration.ofSeconds(5)).until(() -> edgeMesh.nodes().stream().anyMatch(n -> n.name().equals("historian-1")));

        assertThat(edgeMesh.nodes()).extracting(NodeInfo::name).doesNotContain("elsewhere");
        assertThat(edgeMesh.readiness().missing()).contains("'historian' needs 2 instance(s), 1 up");
    }
}
