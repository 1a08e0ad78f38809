package dev.skein.gateway;

import dev.skein.core.App;
import dev.skein.core.memory.MemoryService;
import dev.skein.gateway.auth.Authentication;
import dev.skein.mesh.Mesh;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What an anonymous client learns from the operations routes, and the settings that were open by
 * omission: {@code /health}, {@code /metrics} and {@code /fleet} on an authenticating gateway,
 * the node HTTP port on a wider address, a gateway with authentication on an open mesh, the
 * library's default listen address.
 */
@Timeout(60)
class OperationsAuthAttackTest {

    private Cluster cluster;

    @BeforeEach
    void start() {
        cluster = Cluster.local();
        cluster.node("payroll", app -> app.use("payroll", new MemoryService()));
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private App authenticatingEdge() {
        App edge = cluster.node("edge", app -> {
            app.configure(Authentication.builder(Cluster.SECRET).build());
            Cluster.users(app);
        }, mesh -> mesh.metrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)));
        Cluster.awaitService(edge, "payroll");
        Cluster.createUser(edge, "ada@example.com", "s3cret!");
        return edge;
    }

    @Test
    void healthMetricsAndFleetFollowTheGatewaysAuthenticationButTheProbesStayOpen() throws IOException {
        Gateway gateway = Cluster.gateway(authenticatingEdge(), Gateway.builder());

        for (String path : new String[] {"/health", "/metrics", "/fleet"}) {
            Raw.Answer anonymous = Raw.request(gateway.port(), "GET", path, null);
            assertThat(anonymous.status()).as(path + ": " + anonymous).isEqualTo(401);
            assertThat(anonymous.body()).as(path).doesNotContain("payroll").doesNotContain("skein_").doesNotContain("services");
            Raw.Answer forged = Raw.request(gateway.port(), "GET", path, null, "Authorization", "Bearer not.a.token");
            assertThat(forged.status()).as(path).isEqualTo(401);
        }
        assertThat(Raw.request(gateway.port(), "GET", "/health/live", null).status()).isEqualTo(200);
        assertThat(Raw.request(gateway.port(), "GET", "/health/ready", null).status()).isEqualTo(200);

        String token = (String) new Http(gateway).post("/authentication", Map.of("strategy", "local", "email", "ada@example.com",
                "password", "s3cret!")).object().get("accessToken");
        Raw.Answer health = Raw.request(gateway.port(), "GET", "/health", null, "Authorization", "Bearer " + token);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).contains("\"services\"").contains("local://");
        assertThat(Raw.request(gateway.port(), "GET", "/metrics", null, "Authorization", "Bearer " + token).status()).isEqualTo(200);
    }

    @Test
    void theNodeHttpPortOnAWiderAddressNeedsAToken() {
        assertThatThrownBy(() -> Gateway.operationsOnly("0.0.0.0", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0.0.0.0").hasMessageContaining("token");
        assertThat(Gateway.operationsOnly("127.0.0.1", 0)).as("loopback stays open to this machine").isNotNull();
    }

    @Test
    void theNodeHttpPortWithATokenShowsTheFleetOnlyToItsHolder() throws IOException {
        String token = "an-operations-token-for-prometheus";
        App node = cluster.node("node", app -> { }, mesh -> mesh.metrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)));
        Gateway port = Gateway.operationsOnly("0.0.0.0", 0, token);
        node.configure(port);
        port.started().join();

        for (String path : new String[] {"/fleet", "/health", "/metrics"}) {
            Raw.Answer anonymous = Raw.request(port.port(), "GET", path, null);
            assertThat(anonymous.status()).as(path + ": " + anonymous).isEqualTo(401);
            assertThat(anonymous.body()).doesNotContain("payroll");
            assertThat(Raw.request(port.port(), "GET", path, null, "Authorization", "Bearer " + token + "x").status()).isEqualTo(401);
            assertThat(Raw.request(port.port(), "GET", path, null, "Authorization", "Bearer " + token).status()).as(path).isEqualTo(200);
        }
        assertThat(Raw.request(port.port(), "GET", "/health/live", null).status()).isEqualTo(200);
        assertThat(Raw.request(port.port(), "GET", "/health/ready", null, "Host", "10.1.2.3:8080").status())
                .as("a probe by the pod's address").isEqualTo(200);
    }

    @Test
    void anAuthenticatingGatewayTakesTheOperationsTokenForAScraper() throws IOException {
        String token = "an-operations-token-for-prometheus";
        Gateway gateway = Cluster.gateway(authenticatingEdge(), Gateway.builder().operationsToken(token));
        assertThat(Raw.request(gateway.port(), "GET", "/metrics", null, "Authorization", "Bearer " + token).status()).isEqualTo(200);
        assertThat(Raw.request(gateway.port(), "GET", "/metrics", null).status()).isEqualTo(401);
    }

    @Test
    void theLibrarysGatewayListensOnLoopbackByDefault() {
        assertThat(Gateway.DEFAULT_HOST).isEqualTo("127.0.0.1");
        assertThat(Gateway.builder().build().options().host()).isEqualTo("127.0.0.1");
    }

    @Test
    void aGatewayWithAuthenticationOnAnOpenMeshRefusesToStart() {
        Cluster tcp = new Cluster("tcp://?beacon=200");
        try {
            App edge = tcp.node("edge", app -> app.configure(Authentication.builder(Cluster.SECRET).build()));
            Gateway gateway = Gateway.builder().host("127.0.0.1").port(0).build();
            assertThatThrownBy(() -> edge.configure(gateway))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("open mesh").hasMessageContaining("token").hasMessageContaining("allowOpenMesh");
            Gateway allowed = Gateway.builder().host("127.0.0.1").port(0).allowOpenMesh(true).build();
            edge.configure(allowed);
            allowed.started().join();
            App closed = tcp.node("closed-edge", app -> app.configure(Authentication.builder(Cluster.SECRET).build()),
                    mesh -> mesh.credentials(dev.skein.mesh.MeshCredentials.secret("a-mesh-secret-of-at-least-thirty-two-bytes")));
            Gateway onClosedMesh = Gateway.builder().host("127.0.0.1").port(0).build();
            closed.configure(onClosedMesh);
            onClosedMesh.started().join();
        } finally {
            tcp.close();
        }
    }
}
