package dev.skein.gateway;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.skein.core.App;
import dev.skein.core.memory.MemoryService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #21 item 9: malformed paths, query strings and deeply nested Socket.IO messages, written
 * byte for byte. Each is a client's error: 400 (or a refused message), no stack trace, and log
 * lines bounded however often it is repeated.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MalformedRequestAttackTest {

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private App app;
    private Gateway gateway;
    private final List<RawClient> clients = new ArrayList<>();

    @BeforeEach
    void start() {
        app = App.builder().name("malformed").build();
        app.use("todos", new MemoryService());
        gateway = Cluster.gateway(app, Gateway.builder());
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void close() {
        root.detachAppender(logs);
        clients.forEach(RawClient::close);
        app.close();
    }

    private RawClient connect() throws java.io.IOException {
        RawClient c = new RawClient("127.0.0.2", gateway.port());
        clients.add(c);
        return c;
    }

    private synchronized List<ILoggingEvent> lines() {
        return new ArrayList<>(logs.list);
    }

    private static long logBytes(List<ILoggingEvent> events) {
        long n = 0;
        for (ILoggingEvent e : events) {
            n += e.getFormattedMessage().length();
            if (e.getThrowableProxy() != null) n += 100L * (e.getThrowableProxy().getStackTraceElementProxyArray().length + 1);
        }
        return n;
    }

    @Test
    void malformedPathsAndQueriesAre400WithoutAStackTrace() throws Exception {
        List<String> targets = List.of("/%00", "/%00/x", "/todos/%ZZ", "/todos?%ZZ=1", "/todos?a=%ZZ", "/todos/%C0%AF", "/to%0Ados");
        for (String target : targets) {
            String answer = Http.raw(gateway, target);
            System.out.printf("[attack] GET %s: %s%n", target, answer.lines().findFirst().orElse("(nothing)"));
            assertThat(answer).as(target).startsWith("HTTP/1.1 400").contains("BadRequest");
        }
        List<ILoggingEvent> events = lines();
        System.out.printf("[attack] %d malformed targets: %d log lines, ~%d bytes of log%n", targets.size(), events.size(), logBytes(events));
        assertThat(events).allSatisfy(e -> assertThat(e.getThrowableProxy()).as(e.getFormattedMessage()).isNull());
        assertThat(events.size()).isLessThanOrEqualTo(targets.size());
    }

    @Test
    void aFloodOfMalformedRequestsWritesBoundedLog() throws Exception {
        int requests = 300;
        long sent = 0;
        RawClient c = connect();
        for (int i = 0; i < requests; i++) {
            String request = "GET " + (i % 2 == 0 ? "/todos/%ZZ" : "/todos?%ZZ=") + i + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
            sent += request.length();
            String answer = c.write(request).read(5_000);
            assertThat(answer).startsWith("HTTP/1.1 400");
            if (answer.contains("onnection: close")) c = connect();
        }
        List<ILoggingEvent> events = lines();
        System.out.printf("[attack] %d malformed requests (~%d bytes): %d log lines, ~%d bytes of log%n", requests, sent, events.size(), logBytes(events));
        assertThat(events.size()).isLessThanOrEqualTo(4);
        assertThat(logBytes(events)).isLessThan(2_000);
    }

    @Test
    void socketIoMessagesNestedDeepAreRefusedWithoutAStackOverflow() throws Exception {
        String deep = RawClient.nested(5_000);
        // over WebSocket
        RawClient ws = connect();
        assertThat(ws.upgrade("/socket.io/?EIO=4&transport=websocket")).startsWith("HTTP/1.1 101");
        assertThat(ws.read(2_000)).contains("sid");
        ws.write(RawClient.textFrame("40"));
        assertThat(ws.read(2_000)).contains("40");
        for (int i = 0; i < 3; i++) {
            try {
                ws.write(RawClient.textFrame("42" + i + "[\"create\",\"todos\"," + deep + "]"));
            } catch (java.io.IOException closed) {
                break; // refused
            }
        }
        boolean closed = ws.closedWithin(3_000);

        // over long polling
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String open = client.send(HttpRequest.newBuilder(URI.create(gateway.url() + "/socket.io/?EIO=4&transport=polling")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String sid = open.replaceAll("(?s).*\"sid\": *\"([^\"]+)\".*", "$1");
        String polling = gateway.url() + "/socket.io/?EIO=4&transport=polling&sid=" + sid;
        client.send(HttpRequest.newBuilder(URI.create(polling)).POST(HttpRequest.BodyPublishers.ofString("40")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> deepPost = client.send(HttpRequest.newBuilder(URI.create(polling))
                .POST(HttpRequest.BodyPublishers.ofString("421[\"create\",\"todos\"," + deep + "]")).build(), HttpResponse.BodyHandlers.ofString());

        List<ILoggingEvent> events = lines();
        boolean overflow = events.stream().anyMatch(e -> e.getThrowableProxy() != null
                && String.valueOf(e.getThrowableProxy().getClassName()).contains("StackOverflow"));
        System.out.printf("[attack] Socket.IO nested 5000 deep: websocket closed %s; polling POST %d; %d log lines (~%d bytes), StackOverflowError %s%n",
                closed, deepPost.statusCode(), events.size(), logBytes(events), overflow);
        assertThat(overflow).isFalse();
        assertThat(closed).isTrue();
        assertThat(deepPost.statusCode()).isEqualTo(400);
        assertThat(events.size()).isLessThanOrEqualTo(2);
        assertThat(events).allSatisfy(e -> assertThat(e.getThrowableProxy()).isNull());
    }
}
