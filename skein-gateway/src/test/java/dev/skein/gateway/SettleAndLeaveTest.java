package dev.skein.gateway;

import dev.skein.core.App;
import dev.skein.core.memory.MemoryService;
import dev.skein.mesh.Mesh;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.skein.gateway.Cluster.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The gateway while its first discovery round runs (its settle window) and after a service's last
 * instance left, over real sockets (tcp, discovery on loopback): a path that appears within the
 * window is served, not 404; a path never seen is 404 once the window is over, at once from then
 * on; a path whose instances all left is 503 with {@code Retry-After} after {@code unavailableAfter},
 * not after the call timeout.
 */
class SettleAndLeaveTest {

    /** A call timeout far above {@code unavailableAfter}: what the gateway answered after before. */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private Cluster cluster;

    @BeforeEach
    void start() {
        cluster = new Cluster("tcp://?beacon=200");
    }

    @AfterEach
    void close() {
        cluster.close();
    }

    /** A window no test waits out: the path appears well before it ends. */
    private static final Duration LONG_WINDOW = Duration.ofSeconds(30);

    @Test
    void aFreshGatewayDoesNot404APathThatAppearsWithinTheSettleWindow() throws Exception {
        App edge = cluster.node("edge", app -> { });
        Gateway gateway = Cluster.gateway(edge, Gateway.builder().settleWindow(LONG_WINDOW));
        Http http = new Http(gateway);

        long sent = System.nanoTime();
        CompletableFuture<Http.Response> early = CompletableFuture.supplyAsync(() -> http.get("/todos"));
        cluster.node("service", app -> app.use("todos", new MemoryService()));

        Http.Response answer = early.get(LONG_WINDOW.toSeconds(), TimeUnit.SECONDS);
        System.out.println("SETTLE GET /todos sent before its service joined: " + answer.status() + " after "
                + Duration.ofNanos(System.nanoTime() - sent).toMillis() + " ms");
        assertThat(answer.status()).as("GET /todos sent before the service joined: " + answer).isEqualTo(200);
        assertThat(answer.list()).isEmpty();
    }

    /**
     * The gateway reads a connection's messages in order: the answer to a second call, to a local
     * service, arriving first shows the first was read and is waiting, not answered 404.
     */
    @Test
    void aWebSocketCallForAPathNotKnownYetWaitsForItWithinTheSettleWindow() {
        App edge = cluster.node("edge", app -> app.use("clock", new MemoryService()));
        Gateway gateway = Cluster.gateway(edge, Gateway.builder().settleWindow(LONG_WINDOW));

        try (Ws ws = Ws.connect(gateway)) {
            ws.send(Map.of("type", "call", "ref", 1, "path", "todos", "method", "find"));
            ws.send(Map.of("type", "call", "ref", 2, "path", "clock", "method", "find"));
            Map<String, Object> first = ws.next(m -> !"event".equals(m.get("type")));
            assertThat(first).as("the first answer, while todos is not known yet").containsEntry("ref", 2).containsEntry("type", "result");

            cluster.node("service", app -> app.use("todos", new MemoryService()));

            assertThat(ws.reply(1)).as("the call to todos, once it appeared").containsEntry("type", "result").containsEntry("result", List.of());
        }
    }

    @Test
    void aPathNeverSeenIs404WhenTheSettleWindowEndsAndAtOnceFromThenOn() throws Exception {
        Duration window = Duration.ofSeconds(2);
        App edge = cluster.node("edge", app -> { });
        long configured = System.nanoTime();
        Gateway gateway = Cluster.gateway(edge, Gateway.builder().settleWindow(window));
        Http http = new Http(gateway);

        Http.Response during = http.get("/nothing");
        Duration sinceStart = Duration.ofNanos(System.nanoTime() - configured);
        assertThat(during.status()).isEqualTo(404);
        assertThat(during.object()).containsEntry("name", "NotFound").containsEntry("className", "not-found");
        assertThat(sinceStart).as("answered when the window ended, not before").isGreaterThanOrEqualTo(window);

        long t = System.nanoTime();
        assertThat(http.get("/health/live").status()).isEqualTo(200);
        Duration baseline = Duration.ofNanos(System.nanoTime() - t);
        t = System.nanoTime();
        Http.Response after = http.get("/nothing");
        Duration took = Duration.ofNanos(System.nanoTime() - t);
        assertThat(after.status()).isEqualTo(404);
        System.out.println("SETTLE a path never seen: 404 " + sinceStart.toMillis() + " ms after the start (window " + window.toMillis()
                + " ms), then 404 in " + took.toMillis() + " ms (GET /health/live: " + baseline.toMillis() + " ms)");
        assertThat(took).as("no wait after the window (a request that answers at once took " + baseline.toMillis() + " ms)")
                .isLessThan(baseline.plus(window));
        try (Ws ws = Ws.connect(gateway)) {
            assertThat(map(ws.call(1, "nothing", "find", Map.of()).get("error"))).containsEntry("code", 404);
        }
    }

    @Test
    void aPathWhoseLastInstanceLeftIs503WithRetryAfterAfterUnavailableAfterNotTheCallTimeout() throws Exception {
        Duration unavailableAfter = Duration.ofSeconds(1);
        App edge = cluster.node("edge", app -> { }, mesh -> mesh.timeout(CALL_TIMEOUT));
        Gateway gateway = Cluster.gateway(edge, Gateway.builder().settleWindow(Duration.ZERO).unavailableAfter(unavailableAfter));
        App service = cluster.node("service", app -> app.use("todos", new MemoryService()));
        Cluster.awaitService(edge, "todos");
        assertThat(new Http(gateway).get("/todos").status()).isEqualTo(200);

        service.close();
        Mesh mesh = edge.plugin(Mesh.class).orElseThrow();
        await().atMost(Duration.ofSeconds(15)).until(() -> mesh.services().stream().noneMatch(s -> s.path().equals("todos")));

        long t = System.nanoTime();
        Raw.Answer rest = Raw.request(gateway.port(), "GET", "/todos", null);
        Duration took = Duration.ofNanos(System.nanoTime() - t);
        assertThat(rest.status()).as(rest.toString()).isEqualTo(503);
        assertThat(rest.headers()).containsEntry("retry-after", "1");
        Map<String, Object> error = map(Http.JSON.readValue(rest.body(), Map.class));
        assertThat(error).containsEntry("name", "Unavailable").containsEntry("code", 503).containsEntry("className", "unavailable")
                .containsEntry("data", Map.of("retryAfter", 1));
        assertThat((String) error.get("message")).contains("todos").contains("last one left");
        assertThat(took).as("waited for an instance for unavailableAfter, then answered before the call timeout")
                .isGreaterThanOrEqualTo(unavailableAfter).isLessThan(CALL_TIMEOUT);

        try (Ws ws = Ws.connect(gateway); SocketIoClient sio = SocketIoClient.connect(gateway)) {
            t = System.nanoTime();
            Map<String, Object> wsError = map(ws.call(1, "todos", "find", Map.of()).get("error"));
            Duration wsTook = Duration.ofNanos(System.nanoTime() - t);
            t = System.nanoTime();
            Map<String, Object> sioError = SocketIoClient.error(sio.call("find", "todos"));
            Duration sioTook = Duration.ofNanos(System.nanoTime() - t);
            System.out.println("SETTLE the last instance left (unavailableAfter " + unavailableAfter.toMillis() + " ms, call timeout "
                    + CALL_TIMEOUT.toSeconds() + " s): 503 over REST in " + took.toMillis() + " ms, WebSocket " + wsTook.toMillis()
                    + " ms, Socket.IO " + sioTook.toMillis() + " ms");
            assertThat(wsTook).isLessThan(CALL_TIMEOUT);
            assertThat(sioTook).isLessThan(CALL_TIMEOUT);
            assertThat(wsError).containsEntry("name", "Unavailable").containsEntry("data", Map.of("retryAfter", 1));
            assertThat(sioError).containsEntry("name", "Unavailable").containsEntry("data", Map.of("retryAfter", 1));
        }

        cluster.node("service-again", app -> app.use("todos", new MemoryService()));
        Cluster.awaitService(edge, "todos");
        assertThat(new Http(gateway).get("/todos").status()).as("served again once an instance is back").isEqualTo(200);
    }

    @Test
    void negativeWaitsAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> Gateway.builder().settleWindow(Duration.ofSeconds(-1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("settleWindow");
        assertThatThrownBy(() -> Gateway.builder().unavailableAfter(Duration.ofMillis(-1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unavailableAfter");
        assertThat(Gateway.builder().build().options().discovery())
                .isEqualTo(new GatewayOptions.Discovery(Gateway.DEFAULT_SETTLE_WINDOW, Gateway.DEFAULT_UNAVAILABLE_AFTER));
    }
}
