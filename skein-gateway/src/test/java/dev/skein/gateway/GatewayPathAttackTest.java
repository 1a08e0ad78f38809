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

/**
 * A gateway whose rule hides {@code payments} ({@code expose(path -> !path.equals("payments"))})
 * against clients that spell the path another way: with a space, slashes, percent-encoding, over
 * REST, the WebSocket and Socket.IO. A path that is not canonical ({@code dev.skein.core.ServicePath})
 * is refused with 400 before the rule or a lookup sees it, never repaired; nothing is created.
 */
@Timeout(60)
class GatewayPathAttackTest {

    private App app;
    private Gateway gateway;

    @BeforeEach
    void start() {
        app = App.builder().name("edge").build();
        app.use("payments", new MemoryService());
        app.use("todos", new MemoryService());
        app.use("api/v1/todos", new MemoryService());
        gateway = Cluster.gateway(app, Gateway.builder().expose(path -> !path.equals("payments")));
    }

    @AfterEach
    void stop() {
        app.close();
    }

    private int payments() {
        return ((List<?>) Cluster.join(app.service("payments").find())).size();
    }

    @Test
    void restPathsThatAreNotCanonicalAreRefusedWith400() throws IOException {
        String body = "{\"amount\":100}";
        for (String path : List.of("/%20payments", "/payments%20", "/%20payments/", "//payments", "/payments/", "/payments%2F",
                "/pay%6Dents", "/todos/../payments", "/./payments", "/payments%00")) {
            Raw.Answer answer = Raw.request(gateway.port(), "POST", path, body, "Content-Type", "application/json");
            assertThat(answer.status()).as("POST " + path + ": " + answer).isEqualTo(400);
            // a control character is refused a step earlier, when the URL is decoded; either way nothing is repaired
            assertThat(answer.body()).as(path).contains("BadRequest").containsAnyOf("not canonical", "Malformed URL");
            Raw.Answer read = Raw.request(gateway.port(), "GET", path, null);
            assertThat(read.status()).as("GET " + path + ": " + read).isEqualTo(400);
        }
        assertThat(payments()).isZero();
    }

    @Test
    void webSocketPathsThatAreNotCanonicalAreRefusedWithBadRequest() {
        try (Ws ws = Ws.connect(gateway)) {
            int ref = 0;
            for (String path : List.of(" payments", "payments ", "/payments", "payments/", "payments//", "todos/../payments")) {
                Map<String, Object> reply = ws.call(++ref, path, "create", Map.of("data", Map.of("amount", 100)));
                assertThat(reply).as(path).containsEntry("type", "error");
                assertThat(Cluster.map(reply.get("error"))).as("'" + path + "': " + reply).containsEntry("name", "BadRequest");
            }
        }
        assertThat(payments()).isZero();
    }

    @Test
    void socketIoPathsThatAreNotCanonicalAreRefusedWithBadRequest() throws IOException {
        try (Raw sio = BrokeredExposureAttackTest.socketIo(gateway)) {
            int ref = 0;
            for (String path : List.of(" payments", "payments/", "/payments", "payments ")) {
                ref++;
                sio.send("42" + ref + "[\"create\",\"" + path + "\",{\"amount\":100}]");
                String ack = sio.receiveStartingWith("43" + ref);
                assertThat(ack).as("'" + path + "': " + ack).contains("BadRequest");
            }
            sio.send("429[\"create\",\" authentication\",{\"strategy\":\"local\"}]");
            assertThat(sio.receiveStartingWith("439")).contains("BadRequest");
        }
        assertThat(payments()).isZero();
    }

    @Test
    void aRestUrlSplitsIntoTheLongestServicePathAndAnIdOfDecodedSegments() throws IOException {
        Cluster.join(app.service("api/v1/todos").create(Map.of("text", "deep")));
        Raw.Answer list = Raw.request(gateway.port(), "GET", "/api/v1/todos", null);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains("deep");
        Raw.Answer one = Raw.request(gateway.port(), "GET", "/api/v1/todos/0", null);
        assertThat(one.status()).as(one.toString()).isEqualTo(200);
        assertThat(one.body()).contains("deep");
        Raw.Answer encodedId = Raw.request(gateway.port(), "GET", "/todos/a%2Fb%20c", null);
        assertThat(encodedId.status()).as("an id is decoded, not taken for a path: " + encodedId).isEqualTo(404);
        assertThat(encodedId.body()).contains("a/b c");
        assertThat(Raw.request(gateway.port(), "GET", "/payments", null).status()).as("the rule itself holds").isEqualTo(404);
    }
}
