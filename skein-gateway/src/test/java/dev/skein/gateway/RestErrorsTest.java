package dev.skein.gateway;

import java.net.URI;

import dev.skein.core.App;
import dev.skein.core.Params;
import dev.skein.core.Service;
import dev.skein.core.memory.MemoryService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;

/** Errors answer Feathers' JSON form with the matching HTTP status, and never leak internal messages. */
class RestErrorsTest {

    private Cluster cluster;
    private Http http;

    @BeforeEach
    void start() {
        cluster = Cluster.local();
        cluster.node("service", app -> {
            app.use("todos", new MemoryService());
            app.use("boom", new Service() {
                @Override
                public CompletionStage<Object> find(Params params) {
                    throw new RuntimeException("secret");
                }
            });
        });
        App gatewayApp = cluster.node("gateway", app -> { });
        Gateway gateway = Cluster.gateway(gatewayApp, Gateway.builder().maxBodySize(1024)
                .settleWindow(java.time.Duration.ZERO)); // an unknown path is 404 at once, not at the window's end (SettleAndLeaveTest)
        Cluster.awaitService(gatewayApp, "todos");
        Cluster.awaitService(gatewayApp, "boom");
        http = new Http(gateway);
    }

    @AfterEach
    void close() {
        cluster.close();
    }

    /** A body the gateway would take but the mesh could not carry: the start fails, saying which two settings disagree. */
    @Test
    void aBodyLimitAboveTheMeshsFrameLimitFailsTheStart() {
        App edge = cluster.node("edge", app -> { }, mesh -> mesh.maxFrameSize(64 * 1024));
        Gateway tooLarge = Gateway.builder().host("127.0.0.1").port(0).maxBodySize(128 * 1024).build();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> edge.configure(tooLarge)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxBodySize (131072 bytes) is above the mesh's maxFrameSize (65536 bytes)");
    }

    /** One limit end to end: without its own setting the gateway's body limit is the mesh's frame limit when that is lower. */
    @Test
    void withoutItsOwnLimitTheGatewayRefusesABodyAboveTheMeshsFrameLimitWith413() {
        App edge = cluster.node("edge", app -> { }, mesh -> mesh.maxFrameSize(64 * 1024));
        Gateway limited = Cluster.gateway(edge, Gateway.builder());
        Cluster.awaitService(edge, "todos");
        Http client = new Http(limited);

        assertThat(client.post("/todos", java.util.Map.of("text", "x".repeat(40 * 1024))).status()).isEqualTo(201);
        Http.Response refused = client.post("/todos", java.util.Map.of("text", "x".repeat(70 * 1024)));
        assertThat(refused.status()).isEqualTo(413);
        assertThat(refused.object()).containsEntry("name", "PayloadTooLarge").containsEntry("className", "payload-too-large");
        assertThat((String) refused.object().get("message")).contains(String.valueOf(64 * 1024)).contains("maxFrameSize");
    }

    @Test
    void anUnknownRouteAnswers404NotFoundJson() {
        Http.Response response = http.get("/nothing/here/at/all");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(response.object()).containsEntry("name", "NotFound").containsEntry("code", 404)
                .containsEntry("className", "not-found").containsKey("message");
    }

    @Test
    void gettingAMissingTodoAnswers404FromTheServiceNode() {
        Http.Response response = http.get("/todos/999");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.object()).containsEntry("name", "NotFound").containsEntry("code", 404)
                .containsEntry("className", "not-found");
        assertThat((String) response.object().get("message")).contains("999");
    }

    @Test
    void aMalformedJsonBodyAnswers400BadRequest() {
        Http.Response response = http.post("/todos", "{\"text\": \"unclosed");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.object()).containsEntry("name", "BadRequest").containsEntry("code", 400)
                .containsEntry("className", "bad-request");
    }

    @Test
    void aBodyThatIsNotAnObjectAnswers400BadRequest() {
        Http.Response response = http.post("/todos", "\"just a string\"");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.object()).containsEntry("name", "BadRequest");
    }

    @Test
    void aBodyLargerThanTheMaximumAnswers413AndTheConnectionStaysUsable() {
        Http.Response response = http.post("/todos", Map.of("text", "x".repeat(4096)));

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.object()).containsEntry("name", "PayloadTooLarge").containsEntry("code", 413);
        assertThat(http.get("/todos").status()).isEqualTo(200);
        assertThat(http.get("/todos").list()).isEmpty();
    }

    @Test
    void aBodyJustUnderTheMaximumIsAccepted() {
        Http.Response response = http.post("/todos", Map.of("text", "x".repeat(900)));

        assertThat(response.status()).isEqualTo(201);
    }

    @Test
    void putWithoutAnIdAnswers405MethodNotAllowed() {
        Http.Response response = http.put("/todos", Map.of("text", "all of them"));

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.object()).containsEntry("name", "MethodNotAllowed").containsEntry("code", 405)
                .containsEntry("className", "method-not-allowed");
    }

    @Test
    void postWithAnIdAnswers405MethodNotAllowed() {
        Http.Response response = http.post("/todos/1", Map.of("text", "x"));

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.object()).containsEntry("name", "MethodNotAllowed");
    }

    @Test
    void aMethodTheServiceDoesNotOfferAnswers405() {
        Http.Response response = http.post("/boom", Map.of("text", "x"));

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.object()).containsEntry("name", "MethodNotAllowed");
    }

    @Test
    void aPlainExceptionOfAServiceAnswers500GeneralErrorWithoutItsMessage() {
        Http.Response response = http.get("/boom");

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.object()).containsEntry("name", "GeneralError").containsEntry("code", 500)
                .containsEntry("className", "general-error");
        assertThat(response.body()).doesNotContain("secret");
    }

    @Test
    void anOverlongUrlIs414AndOverlongHeadersAre431WithJsonBodies() {
        Http.Response longUrl = http.get("/todos?text=" + "x".repeat(5000));
        assertThat(longUrl.status()).as(longUrl.toString()).isEqualTo(414);
        assertThat(longUrl.object()).containsEntry("name", "URITooLong").containsEntry("code", 414).containsEntry("className", "uri-too-long");

        Http.Response bigHeaders = http.get("/todos", "X-Padding", "y".repeat(9000));
        assertThat(bigHeaders.status()).as(bigHeaders.toString()).isEqualTo(431);
        assertThat(bigHeaders.object()).containsEntry("name", "RequestHeaderFieldsTooLarge").containsEntry("code", 431);
        assertThat(http.get("/todos").status()).as("the gateway serves on").isEqualTo(200);
    }

    @Test
    void aBodyAnnouncedTooLargeWithExpectContinueGets413WithAJsonBody() throws Exception {
        URI base = URI.create(http.base());
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            // as curl sends a large body: the headers first, the body only after a 100 Continue
            socket.getOutputStream().write(("POST /todos HTTP/1.1\r\nHost: " + base.getHost() + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 104857600\r\nExpect: 100-continue\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

            assertThat(answer).startsWith("HTTP/1.1 413").contains("\"name\":\"PayloadTooLarge\"").contains("1024 bytes");
        }
    }
}
