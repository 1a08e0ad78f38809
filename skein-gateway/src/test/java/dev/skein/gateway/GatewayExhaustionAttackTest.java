package dev.skein.gateway;

import dev.skein.core.App;
import dev.skein.core.Methods;
import dev.skein.core.memory.MemoryService;
import dev.skein.gateway.auth.Auth;
import dev.skein.gateway.auth.Authentication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #21 item 4: exhausting a gateway before anyone logs in, with raw sockets on loopback
 * (127.0.0.2, 127.0.0.3... play distinct clients): bodies held or too large, idle and slow
 * connections, too many connections, anonymous bodies to a service that needs authentication,
 * WebSocket frames too large or never finished, JSON nested deep. Each attack is scaled down (the
 * limits set low here) and bounded in time; memory is measured as the process's resident set
 * ({@code VmRSS} of /proc/self/status), and a bystander's request is timed during the attack.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GatewayExhaustionAttackTest {

    private static final String SECRET = Cluster.SECRET;
    private final List<App> apps = new ArrayList<>();
    private final List<RawClient> clients = new ArrayList<>();
    private final HttpClient bystander = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void close() {
        clients.forEach(RawClient::close);
        for (App app : apps) app.close();
    }

    /** A standalone app with {@code todos} behind a gateway the test's {@code settings} shape. */
    private Gateway gateway(boolean authenticate, UnaryOperator<Gateway.Builder> settings) {
        App app = App.builder().name("gateway-" + RawClient.random()).build();
        apps.add(app);
        if (authenticate) app.configure(Authentication.builder(SECRET).build());
        app.use("todos", new MemoryService());
        if (authenticate) app.service("todos").hooks().beforeAsync(Methods.ALL, Auth.authenticate());
        return Cluster.gateway(app, settings.apply(Gateway.builder()));
    }

    private RawClient connect(String from, Gateway gateway) throws IOException {
        RawClient c = new RawClient(from, gateway.port());
        clients.add(c);
        return c;
    }

    /** Milliseconds a bystander (127.0.0.1) waits for {@code GET path}; fails the test when it gets no 200. */
    private long bystander(Gateway gateway, String path) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> r = bystander.send(HttpRequest.newBuilder(URI.create(gateway.url() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.statusCode()).as("the bystander's GET %s", path).isEqualTo(200);
        return ms;
    }

    /** The resident set of this process, in MB. */
    static long rssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }

    private static String postHead(String path, long length, String... headers) {
        StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n");
        for (String h : headers) head.append(h).append("\r\n");
        return head.append("Content-Length: ").append(length).append("\r\n\r\n").toString();
    }

    private static void report(String what, Object... figures) {
        System.out.printf("[attack] " + what + "%n", figures);
    }

    // ---- bodies ---------------------------------------------------------------------------------

    @Test
    void bodiesAboveTheLimitAreRefusedFromTheirDeclaredLengthNotBuffered() throws Exception {
        Gateway gateway = gateway(false, b -> b);
        int connections = 16;
        int size = 4 * 1024 * 1024;
        System.gc();
        long before = rssMb();
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            RawClient c = connect("127.0.0." + (2 + i % 4), gateway).write(postHead("/todos", size));
            try {
                c.fill(size - 1, (byte) ' '); // all but the last byte: the body is held open
            } catch (IOException refused) {
                // the gateway stopped reading: what matters is what it answered
            }
        }
        long held = rssMb();
        long bystanderMs = bystander(gateway, "/todos");
        for (RawClient c : clients) answers.add(c.read(2_000));
        report("%d bodies of %d MiB - 1 byte: RSS %d -> %d MB; bystander %d ms; first answer: %s", connections, size >> 20,
                before, held, bystanderMs, answers.get(0).lines().findFirst().orElse("(none)"));
        assertThat(answers).allSatisfy(a -> assertThat(a).startsWith("HTTP/1.1 413").contains("PayloadTooLarge"));
        assertThat(held - before).as("RSS growth in MB (%d bodies of %d MiB held)", connections, size >> 20).isLessThan(24);
        assertThat(bystanderMs).isLessThan(2_000);
    }

    @Test
    void aBodyLeftUnfinishedIsAnswered408AndClosedAfterTheBodyTimeout() throws Exception {
        Gateway gateway = gateway(false, b -> AttackLimits.shortTimeouts(b));
        RawClient c = connect("127.0.0.2", gateway).write(postHead("/todos", 100_000)).fill(1_000, (byte) ' ');
        long start = System.nanoTime();
        String answer = c.read(4_000);
        boolean closed = c.closedWithin(2_000);
        report("unfinished body: answered after %d ms: %s; closed %s", (System.nanoTime() - start) / 1_000_000,
                answer.lines().findFirst().orElse("(nothing)"), closed);
        assertThat(answer).startsWith("HTTP/1.1 408").contains("\"name\":\"Timeout\"");
        assertThat(closed).isTrue();
    }

    // ---- idle and slow connections, caps ----------------------------------------------------------

    @Test
    void idleAndSlowHeaderConnectionsAreClosedAfterTheirTimeouts() throws Exception {
        Gateway gateway = gateway(false, b -> AttackLimits.shortTimeouts(b));
        List<RawClient> idle = new ArrayList<>();
        List<RawClient> slow = new ArrayList<>();
        for (int i = 0; i < 10; i++) idle.add(connect("127.0.0." + (2 + i % 3), gateway));
        for (int i = 0; i < 10; i++) slow.add(connect("127.0.0." + (5 + i % 3), gateway).write("GET /todos HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
        // a keep-alive connection after its answer is idle too
        RawClient kept = connect("127.0.0.8", gateway).write("GET /todos HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        assertThat(kept.read(2_000)).startsWith("HTTP/1.1 200");
        long start = System.nanoTime();
        int idleClosed = 0;
        int slowClosed = 0;
        List<String> slowAnswers = new ArrayList<>();
        for (RawClient c : idle) if (c.closedWithin(4_000)) idleClosed++;
        for (RawClient c : slow) {
            String answer = c.read(4_000);
            slowAnswers.add(answer);
            if (c.closedWithin(2_000)) slowClosed++;
        }
        boolean keptClosed = kept.closedWithin(4_000);
        report("idle: %d/10 closed, slow headers: %d/10 closed (%s), kept-alive closed %s, within %d ms", idleClosed, slowClosed,
                slowAnswers.get(0).lines().findFirst().orElse("(nothing)"), keptClosed, (System.nanoTime() - start) / 1_000_000);
        assertThat(idleClosed).isEqualTo(10);
        assertThat(slowClosed).isEqualTo(10);
        assertThat(slowAnswers).allSatisfy(a -> assertThat(a).startsWith("HTTP/1.1 408"));
        assertThat(keptClosed).isTrue();
    }

    @Test
    void connectionsAreCappedPerAddressAndInAll() throws Exception {
        Gateway gateway = gateway(false, b -> AttackLimits.lowCaps(b));
        // one address opens 20: the first 8 are taken, the rest refused with 503 and closed
        List<RawClient> flood = new ArrayList<>();
        for (int i = 0; i < 20; i++) flood.add(connect("127.0.0.2", gateway));
        long bystanderMs = bystander(gateway, "/todos");
        int refused = 0;
        String refusal = "";
        for (RawClient c : flood) {
            String a = c.read(300);
            if (a.startsWith("HTTP/1.1 503")) {
                refused++;
                refusal = a;
            }
        }
        report("20 connections from one address (cap 8): %d refused (%s); bystander %d ms", refused,
                refusal.lines().reduce((x, y) -> y).orElse("(none)"), bystanderMs);
        assertThat(refused).isEqualTo(12);
        assertThat(refusal).contains("Unavailable").contains("127.0.0.2");
        assertThat(bystanderMs).isLessThan(2_000);
        // three more addresses fill the cap of 24 in all: the next connection, from anywhere, is refused
        for (int i = 0; i < 16; i++) connect("127.0.0." + (3 + i % 2), gateway);
        await(() -> {
            RawClient more = connect("127.0.0.9", gateway);
            return more.read(1_000).startsWith("HTTP/1.1 503");
        });
        // once the flood leaves, its address and the others connect again
        for (RawClient c : flood) c.close();
        await(() -> {
            RawClient again = connect("127.0.0.2", gateway).write("GET /todos HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            return again.read(1_000).startsWith("HTTP/1.1 200");
        });
    }

    private static void await(java.util.concurrent.Callable<Boolean> condition) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(condition);
    }

    // ---- authentication from the headers ---------------------------------------------------------

    @Test
    void anAnonymousBodyToAServiceThatNeedsAuthenticationIsAnswered401FromItsHeadersUnread() throws Exception {
        // the body limit at 16 MiB, the old default, so that only the missing token refuses these bodies
        Gateway gateway = gateway(true, b -> b.maxBodySize(16 * 1024 * 1024));
        int size = 4 * 1024 * 1024;
        List<RawClient> attackers = new ArrayList<>();
        for (int i = 0; i < 3; i++) attackers.add(connect("127.0.0.2", gateway).write(postHead("/todos", size)));
        List<String> answers = new ArrayList<>();
        for (RawClient c : attackers) answers.add(c.read(2_000)); // no body byte sent yet
        report("anonymous POST heads of %d KiB bodies: %s", size >> 10, answers.get(0).lines().findFirst().orElse("(no answer)"));
        assertThat(answers).allSatisfy(a -> assertThat(a).startsWith("HTTP/1.1 401").contains("NotAuthenticated"));
        // a forged token is refused the same way, from the head
        String forged = new RawClient("127.0.0.3", gateway.port()).write(postHead("/todos", size,
                "Authorization: Bearer " + Authentication.builder(Cluster.OTHER_SECRET).build().issue("1"))).read(2_000);
        assertThat(forged).startsWith("HTTP/1.1 401");

        // the bodies sent anyway ([{},{},...], the costliest JSON per byte) are not parsed
        System.gc();
        long before = rssMb();
        byte[] body = ("[" + "{},".repeat(size / 3 - 1) + "{}]").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int i = 0; i < 3; i++) {
            RawClient c = connect("127.0.0." + (4 + i), gateway).write(postHead("/todos", body.length));
            try {
                c.write(body);
            } catch (IOException closed) {
                // refused before the body
            }
        }
        long bystanderMs = bystander(gateway, "/health/live");
        long after = rssMb();
        report("3 anonymous [{},...] bodies of %d KiB: RSS %d -> %d MB, bystander %d ms", size >> 10, before, after, bystanderMs);
        assertThat(after - before).isLessThan(48);
        assertThat(bystanderMs).isLessThan(2_000);
    }

    // ---- WebSocket and Socket.IO frames -----------------------------------------------------------

    @Test
    void webSocketFramesAboveTheLimitAreRefusedFromTheirHead() throws Exception {
        Gateway gateway = gateway(false, b -> b);
        for (String path : List.of("/ws", "/socket.io/?EIO=4&transport=websocket")) {
            RawClient c = connect("127.0.0.2", gateway);
            assertThat(c.upgrade(path)).startsWith("HTTP/1.1 101");
            long start = System.nanoTime();
            c.write(RawClient.frameHead(1, 4L * 1024 * 1024)); // declares 4 MiB, sends none of it
            boolean closed = c.closedWithin(3_000);
            report("%s: a frame head declaring 4 MiB: closed %s after %d ms", path, closed, (System.nanoTime() - start) / 1_000_000);
            assertThat(closed).as("%s closes on a frame head above the limit", path).isTrue();
        }
    }

    @Test
    void unfinishedWebSocketFramesAreClosedAfterTheIdleTimeout() throws Exception {
        Gateway gateway = gateway(false, b -> AttackLimits.shortTimeouts(b));
        System.gc();
        long before = rssMb();
        List<RawClient> held = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            RawClient c = connect("127.0.0." + (2 + i % 3), gateway);
            assertThat(c.upgrade(i % 2 == 0 ? "/ws" : "/socket.io/?EIO=4&transport=websocket")).startsWith("HTTP/1.1 101");
            c.write(RawClient.frameHead(1, 1000 * 1024)).fill(1000 * 1024 - 1, (byte) ' ');
            held.add(c);
        }
        long during = rssMb();
        long bystanderMs = bystander(gateway, "/todos");
        int closed = 0;
        for (RawClient c : held) if (c.closedWithin(5_000)) closed++;
        report("10 unfinished frames of 1000 KiB: RSS %d -> %d MB, bystander %d ms, %d/10 closed", before, during, bystanderMs, closed);
        assertThat(closed).isEqualTo(10);
        assertThat(bystanderMs).isLessThan(2_000);
    }

    @Test
    void aLiveWebSocketClientThatOnlyListensAnswersThePingsAndStays() throws Exception {
        Gateway gateway = gateway(false, b -> AttackLimits.shortTimeouts(b));
        try (Ws ws = Ws.connect(gateway)) { // java.net.http answers pings with pongs, as browsers do
            long start = System.nanoTime();
            org.awaitility.Awaitility.await().pollDelay(Duration.ofMillis(3_500)).atMost(Duration.ofSeconds(5)).until(() -> true);
            assertThat(ws.closed()).as("closed after %d ms of listening", (System.nanoTime() - start) / 1_000_000).isNotDone();
            assertThat(ws.call(1, "todos", "find", java.util.Map.of())).containsEntry("type", "result");
        }
    }

    // ---- the node's HTTP port ---------------------------------------------------------------------

    @Test
    void theNodesHttpPortHasTheSameLimits() throws Exception {
        App node = App.builder().name("node-" + RawClient.random()).build();
        apps.add(node);
        Gateway port = Gateway.operationsOnly("127.0.0.1", 0);
        node.configure(port);
        port.started().orTimeout(10, TimeUnit.SECONDS).join();
        String answer = connect("127.0.0.2", port).write(postHead("/health", 4L * 1024 * 1024)).read(2_000);
        assertThat(answer).startsWith("HTTP/1.1 413");
        for (int i = 0; i < Gateway.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS + 10; i++) connect("127.0.0.3", port);
        List<RawClient> flood = clients.subList(1, clients.size());
        await(() -> flood.stream().filter(c -> {
            try {
                return c.hasBytes();
            } catch (IOException e) {
                return true;
            }
        }).count() >= 10);
        int refused = 0;
        for (RawClient c : flood) if (c.hasBytes() && c.read(1_000).startsWith("HTTP/1.1 503")) refused++;
        report("node HTTP port: 4 MiB body %s; %d of %d connections from one address refused", answer.lines().findFirst().orElse(""),
                refused, Gateway.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS + 10);
        assertThat(refused).isEqualTo(10);
        assertThat(Http.raw(port, "/%00")).startsWith("HTTP/1.1 400");
    }

    // ---- bounded parse ----------------------------------------------------------------------------

    @Test
    void jsonNestedDeeperThanTheLimitIsRefusedOnRestAndWebSocket() throws Exception {
        Gateway gateway = gateway(false, b -> b);
        String deep = "{\"a\":".repeat(100) + "1" + "}".repeat(100);
        String rest = connect("127.0.0.2", gateway).write(postHead("/todos", deep.length()) + deep).read(3_000);
        report("REST body nested 100 deep: %s", rest.lines().findFirst().orElse("(nothing)"));
        assertThat(rest).startsWith("HTTP/1.1 400").contains("nest");

        RawClient ws = connect("127.0.0.3", gateway);
        assertThat(ws.upgrade("/ws")).startsWith("HTTP/1.1 101");
        ws.write(RawClient.textFrame("{\"type\":\"call\",\"ref\":1,\"path\":\"todos\",\"method\":\"create\",\"data\":" + deep + "}"));
        String answer = ws.read(3_000);
        report("WebSocket message nested 100 deep: %s", answer.replaceAll("[^ -~]", ""));
        assertThat(answer).contains("\"type\":\"error\"").contains("nest");
    }
}
