package dev.skein.gateway;

import dev.skein.core.App;
import dev.skein.core.Methods;
import dev.skein.core.memory.MemoryService;
import dev.skein.gateway.auth.Auth;
import dev.skein.gateway.auth.Authentication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An edge that brokers the internal {@code orders} at {@code shop/orders} for {@code find} and
 * {@code get} only, as happner's {@code $broker}, with no {@code expose}: an outside client tries
 * the internal path and the other methods, over REST, the WebSocket and Socket.IO. Nothing but
 * find and get at the public path may answer, and nothing may be created or removed.
 */
@Timeout(60)
class BrokeredExposureAttackTest {

    private Cluster cluster;
    private App orders;
    private App edge;

    @BeforeEach
    void start() {
        cluster = Cluster.local();
        orders = cluster.node("orders", app -> app.use("orders", new MemoryService()));
        Cluster.join(orders.service("orders").create(Map.of("item", "kept")));
        edge = cluster.node("edge", app -> { });
        Cluster.awaitService(edge, "orders");
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private int count() {
        return ((List<?>) Cluster.join(orders.service("orders").find())).size();
    }

    @Test
    void theInternalPathOfABrokeredServiceIsNotExposedOnAnyChannel() throws IOException {
        Gateway gateway = Cluster.gateway(edge, Gateway.builder().broker("shop/orders", "orders", null, "find", "get"));
        Http http = new Http(gateway);

        Http.Response created = http.post("/orders", Map.of("item", "forged"));
        Http.Response removed = http.delete("/orders/0");
        Http.Response found = http.get("/orders");
        try (Ws ws = Ws.connect(gateway)) {
            Map<String, Object> reply = ws.call(1, "orders", "create", Map.of("data", Map.of("item", "forged")));
            assertThat(Cluster.map(reply.get("error"))).as(reply.toString()).containsEntry("name", "NotFound");
        }
        try (Raw sio = socketIo(gateway)) {
            sio.send("421[\"create\",\"orders\",{\"item\":\"forged\"}]");
            assertThat(sio.receiveStartingWith("431")).contains("NotFound");
            sio.send("422[\"remove\",\"orders\",0]");
            assertThat(sio.receiveStartingWith("432")).contains("NotFound");
        }
        assertThat(created.status()).as("POST /orders: " + created).isEqualTo(404);
        assertThat(removed.status()).as("DELETE /orders/0: " + removed).isEqualTo(404);
        assertThat(found.status()).as("GET /orders: " + found).isEqualTo(404);
        assertThat(count()).isEqualTo(1);
        assertThat(http.get("/shop/orders").status()).as("the public path serves its methods").isEqualTo(200);
    }

    @Test
    void methodsOutsideTheBrokeredListAre405OnEveryChannel() throws IOException {
        Gateway gateway = Cluster.gateway(edge, Gateway.builder().broker("shop/orders", "orders", null, "find", "get"));
        Http http = new Http(gateway);

        assertThat(http.post("/shop/orders", Map.of("item", "forged")).status()).isEqualTo(405);
        assertThat(http.patch("/shop/orders/0", Map.of("item", "changed")).status()).isEqualTo(405);
        assertThat(http.delete("/shop/orders/0").status()).isEqualTo(405);
        try (Ws ws = Ws.connect(gateway)) {
            Map<String, Object> reply = ws.call(1, "shop/orders", "remove", Map.of("id", 0));
            assertThat(Cluster.map(reply.get("error"))).containsEntry("name", "MethodNotAllowed");
        }
        try (Raw sio = socketIo(gateway)) {
            sio.send("421[\"create\",\"shop/orders\",{\"item\":\"forged\"}]");
            assertThat(sio.receiveStartingWith("431")).contains("MethodNotAllowed");
        }
        assertThat(count()).isEqualTo(1);
        assertThat(Cluster.map(Cluster.join(orders.service("orders").get(0))).get("item")).isEqualTo("kept");
    }

    @Test
    void exposeStillOpensOtherServicesBesideTheBrokeredOneWhenItSaysSo() {
        orders.use("catalog", new MemoryService());
        Cluster.awaitService(edge, "catalog");
        Gateway gateway = Cluster.gateway(edge, Gateway.builder().expose("catalog").broker("shop/orders", "orders", null, "find"));
        Http http = new Http(gateway);

        assertThat(http.get("/catalog").status()).isEqualTo(200);
        assertThat(http.get("/orders").status()).isEqualTo(404);
        assertThat(http.get("/shop/orders").status()).isEqualTo(200);
    }

    @Test
    void brokeredCallsPassTheGatewaysAuthentication() {
        App secured = cluster.node("secured-edge", app -> {
            app.configure(Authentication.builder(Cluster.SECRET).build());
            Cluster.users(app);
        }, mesh -> mesh.proxyHooks(h -> h.beforeAsync(Methods.ALL, Auth.authenticate())));
        Cluster.awaitService(secured, "orders");
        Http http = new Http(Cluster.gateway(secured, Gateway.builder().broker("shop/orders", "orders", null, "find", "get")));

        Http.Response anonymous = http.get("/shop/orders");
        assertThat(anonymous.status()).as(anonymous.toString()).isEqualTo(401);
        assertThat(anonymous.body()).doesNotContain("kept");
    }

    /** A Socket.IO client over its WebSocket transport, connected to the main namespace. */
    static Raw socketIo(Gateway gateway) throws IOException {
        Raw sio = Raw.websocket(gateway.port(), "/socket.io/?EIO=4&transport=websocket");
        assertThat(sio.handshake().status()).isEqualTo(101);
        sio.receiveStartingWith("0");
        sio.send("40");
        sio.receiveStartingWith("40");
        return sio;
    }
}
