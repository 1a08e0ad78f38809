package dev.skein.gateway;

import dev.skein.core.App;
import dev.skein.core.memory.MemoryService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Starting and stopping a gateway: its port, its connections, its URL. */
class LifecycleTest {

    private Cluster cluster;
    private App app;

    @BeforeEach
    void start() {
        cluster = Cluster.local();
        app = cluster.app("web");
        app.use("todos", new MemoryService());
    }

    @AfterEach
    void close() {
        cluster.close();
    }

    @Test
    void theUrlNamesTheHostAndTheBoundPort() {
        Gateway gateway = Cluster.gateway(app);

        assertThat(gateway.port()).isPositive();
        assertThat(gateway.url()).isEqualTo("http://127.0.0.1:" + gateway.port());
        assertThat(new Http(gateway).get("/todos").status()).isEqualTo(200);
    }

    @Test
    void closingTheAppClosesWebSocketsAndReleasesThePort() throws IOException {
        Gateway gateway = Cluster.gateway(app);
        int port = gateway.port();
        Ws ws = Ws.connect(gateway);
        assertThat(ws.call(1, "todos", "find", Map.of())).containsEntry("type", "result");

        app.close();

        ws.closed().orTimeout(10, TimeUnit.SECONDS).join();
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
        try (ServerSocket again = new ServerSocket(port, 50, InetAddress.getByName("127.0.0.1"))) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
        gateway.close();
    }

    @Test
    void aPortInUseFailsTheStartedFutureNamingTheAddress() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Gateway gateway = Gateway.builder().host("127.0.0.1").port(taken.getLocalPort()).build();
            app.configure(gateway);

            assertThatThrownBy(() -> gateway.started().orTimeout(10, TimeUnit.SECONDS).join())
                    .isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(IOException.class)
                    .hasMessageContaining("127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void aGatewayServesOneAppOnly() {
        Gateway gateway = Cluster.gateway(app);
        App other = cluster.app("other");

        assertThatThrownBy(() -> other.configure(gateway)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void invalidSettingsFailAtBuild() {
        assertThatThrownBy(() -> Gateway.builder().port(70000).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Gateway.builder().maxBodySize(0).build()).isInstanceOf(IllegalArgumentException.class);
    }
}
