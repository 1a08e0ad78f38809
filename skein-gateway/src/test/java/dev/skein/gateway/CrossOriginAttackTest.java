package dev.skein.gateway;

import dev.skein.core.App;
import dev.skein.core.memory.MemoryService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A page of another origin (or another host name resolving to the gateway: DNS rebinding) against
 * a gateway with no authentication, as {@code skein demo} and a plain {@code skein gateway} run:
 * a {@code text/plain} POST (a "simple" request, sent without a preflight), WebSocket and Socket.IO
 * handshakes with {@code Origin: http://evil.example}, a foreign {@code Host}. Each must be refused
 * and create nothing; a same-origin page, a non-browser client and the origins CORS lists keep working.
 */
@Timeout(60)
class CrossOriginAttackTest {

    private static final String EVIL = "http://evil.example";
    private static final String TODO = "{\"text\":\"pwned\"}";

    private App app;
    private Gateway gateway;

    @BeforeEach
    void start() {
        app = App.builder().name("demo-like").build();
        app.use("todos", new MemoryService());
        gateway = Cluster.gateway(app, Gateway.builder());
    }

    @AfterEach
    void stop() {
        app.close();
    }

    private int todos() {
        Object found = Cluster.join(app.service("todos").find());
        return ((List<?>) found).size();
    }

    @Test
    void aTextPlainPostFromAnotherOriginIsRefusedWith415AndCreatesNothing() throws IOException {
        for (String type : List.of("text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x")) {
            Raw.Answer answer = Raw.request(gateway.port(), "POST", "/todos", TODO, "Origin", EVIL, "Content-Type", type);
            assertThat(answer.status()).as(type + ": " + answer).isEqualTo(415);
            assertThat(answer.body()).contains("UnsupportedMediaType").contains("application/json");
        }
        Raw.Answer none = Raw.request(gateway.port(), "POST", "/todos", "", "Origin", EVIL);
        assertThat(none.status()).as("a body-less POST, as fetch(url, {method: 'POST', mode: 'no-cors'}) sends: " + none).isEqualTo(415);
        assertThat(todos()).isZero();
    }

    @Test
    void writesWithoutAJsonContentTypeAreRefusedEvenWithoutAnOrigin() throws IOException {
        assertThat(Raw.request(gateway.port(), "POST", "/todos", TODO, "Content-Type", "text/plain").status()).isEqualTo(415);
        Cluster.join(app.service("todos").create(Map.of("text", "kept")));
        assertThat(Raw.request(gateway.port(), "PUT", "/todos/0", TODO, "Content-Type", "text/plain").status()).isEqualTo(415);
        assertThat(Raw.request(gateway.port(), "PATCH", "/todos/0", TODO).status()).isEqualTo(415);
        assertThat(Raw.request(gateway.port(), "DELETE", "/todos/0", TODO, "Content-Type", "text/plain").status()).isEqualTo(415);
        assertThat(Cluster.map(Cluster.join(app.service("todos").get(0))).get("text")).isEqualTo("kept");

        // what a non-browser client and Feathers' REST client send still works: JSON, and a DELETE without a body
        assertThat(Raw.request(gateway.port(), "POST", "/todos", TODO, "Content-Type", "application/json; charset=utf-8").status()).isEqualTo(201);
        assertThat(Raw.request(gateway.port(), "DELETE", "/todos/0", null).status()).isEqualTo(200);
    }

    @Test
    void aJsonWriteCarryingAForeignOriginIsRefusedWith403() throws IOException {
        Raw.Answer answer = Raw.request(gateway.port(), "POST", "/todos", TODO, "Origin", EVIL, "Content-Type", "application/json");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(403);
        assertThat(answer.body()).contains("http://evil.example").contains("cors");
        assertThat(todos()).isZero();
    }

    @Test
    void aWebSocketHandshakeFromAnotherOriginIsRefusedWith403() throws IOException {
        try (Raw ws = Raw.websocket(gateway.port(), "/ws", "Origin", EVIL)) {
            if (ws.handshake().status() == 101) { // today's code: full read and write
                ws.send("{\"type\":\"call\",\"ref\":1,\"path\":\"todos\",\"method\":\"create\",\"data\":{\"text\":\"pwned\"}}");
                ws.receive();
            }
            assertThat(ws.handshake().status()).isEqualTo(403);
        }
        assertThat(todos()).isZero();
    }

    @Test
    void aSocketIoWebSocketFromAnotherOriginIsRefusedWith403() throws IOException {
        try (Raw ws = Raw.websocket(gateway.port(), "/socket.io/?EIO=4&transport=websocket", "Origin", EVIL)) {
            if (ws.handshake().status() == 101) {
                ws.receiveStartingWith("0");
                ws.send("40");
                ws.receiveStartingWith("40");
                ws.send("420[\"create\",\"todos\",{\"text\":\"pwned\"}]");
                ws.receiveStartingWith("430");
            }
            assertThat(ws.handshake().status()).isEqualTo(403);
        }
        assertThat(todos()).isZero();
    }

    @Test
    void aSocketIoPollingHandshakeFromAnotherOriginIsRefusedWith403() throws IOException {
        // today's code answers 200 with a session id (0{"sid":...}): the page's session is open
        Raw.Answer open = Raw.request(gateway.port(), "GET", "/socket.io/?EIO=4&transport=polling", null, "Origin", EVIL);
        assertThat(open.status()).as(open.toString()).isEqualTo(403);
        assertThat(todos()).isZero();
    }

    @Test
    void aForeignHostHeaderIsAnswered421AndReachesNoService() throws IOException {
        String evilHost = "evil.example:" + gateway.port();
        Raw.Answer read = Raw.request(gateway.port(), "GET", "/todos", null, "Host", evilHost);
        assertThat(read.status()).as("DNS rebinding: " + read).isEqualTo(421);
        assertThat(read.body()).contains("evil.example").contains("allowedHosts");
        Raw.Answer write = Raw.request(gateway.port(), "POST", "/todos", TODO, "Host", evilHost, "Origin", "http://" + evilHost,
                "Content-Type", "application/json");
        assertThat(write.status()).isEqualTo(421);
        try (Raw ws = Raw.websocket(gateway.port(), "/ws", "Host", evilHost, "Origin", "http://" + evilHost)) {
            assertThat(ws.handshake().status()).isEqualTo(421);
        }
        assertThat(Raw.request(gateway.port(), "GET", "/health", null, "Host", evilHost).status()).isEqualTo(421);
        assertThat(todos()).isZero();
    }

    @Test
    void theGatewaysOwnOriginANonBrowserClientAndLocalhostStillWork() throws IOException {
        String self = "http://127.0.0.1:" + gateway.port();
        assertThat(Raw.request(gateway.port(), "POST", "/todos", TODO, "Origin", self, "Content-Type", "application/json").status()).isEqualTo(201);
        assertThat(Raw.request(gateway.port(), "GET", "/todos", null, "Host", "localhost:" + gateway.port()).status()).isEqualTo(200);
        assertThat(Raw.request(gateway.port(), "GET", "/todos", null, "Host", "LocalHost").status()).isEqualTo(200);
        try (Raw ws = Raw.websocket(gateway.port(), "/ws", "Origin", self)) {
            assertThat(ws.handshake().status()).isEqualTo(101);
            ws.send("{\"type\":\"call\",\"ref\":1,\"path\":\"todos\",\"method\":\"find\"}");
            assertThat(ws.receive()).contains("\"result\"").contains("pwned");
        }
        try (Raw ws = Raw.websocket(gateway.port(), "/ws")) {
            assertThat(ws.handshake().status()).as("no Origin: not a browser").isEqualTo(101);
        }
        try (Raw ws = Raw.websocket(gateway.port(), "/socket.io/?EIO=4&transport=websocket", "Origin", "http://localhost:" + gateway.port(),
                "Host", "localhost:" + gateway.port())) {
            assertThat(ws.handshake().status()).isEqualTo(101);
        }
        assertThat(Raw.request(gateway.port(), "GET", "/socket.io/?EIO=4&transport=polling", null, "Origin", self).status()).isEqualTo(200);
    }

    @Test
    void theOriginsCorsListsAndTheHostsAllowedHostsNamesAreLetThrough() throws IOException {
        App other = App.builder().name("public").build();
        other.use("todos", new MemoryService());
        try {
            Gateway open = Cluster.gateway(other, Gateway.builder().cors(Cors.allow("https://app.example.com")).allowedHosts("api.example.com"));
            try (Raw ws = Raw.websocket(open.port(), "/ws", "Origin", "https://app.example.com", "Host", "api.example.com")) {
                assertThat(ws.handshake().status()).isEqualTo(101);
            }
            try (Raw ws = Raw.websocket(open.port(), "/ws", "Origin", EVIL, "Host", "api.example.com")) {
                assertThat(ws.handshake().status()).isEqualTo(403);
            }
            assertThat(Raw.request(open.port(), "GET", "/todos", null, "Host", "127.0.0.1:" + open.port()).status())
                    .as("the listen address stays allowed").isEqualTo(200);
            assertThat(Raw.request(open.port(), "GET", "/todos", null, "Host", "other.example.com").status()).isEqualTo(421);
        } finally {
            other.close();
        }
    }

    @Test
    void aGatewayOnEveryInterfaceMustBeToldItsHostNames() {
        assertThatThrownBy(() -> Gateway.builder().host("0.0.0.0").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("allowedHosts").hasMessageContaining("0.0.0.0");
        assertThat(Gateway.builder().host("0.0.0.0").allowedHosts("api.example.com").build().options().access().allowedHosts()).contains("api.example.com");
        assertThat(Gateway.builder().host("0.0.0.0").allowedHosts(Gateway.ANY_HOST).build()).isNotNull();
    }
}
