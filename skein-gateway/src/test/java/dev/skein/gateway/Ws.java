package dev.skein.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A WebSocket client of a gateway over {@link java.net.http.WebSocket}: it keeps every message it
 * receives, in order, so a test can wait for the next one it cares about.
 */
final class Ws implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(10);

    private final WebSocket socket;
    private final LinkedBlockingQueue<Map<String, Object>> inbox = new LinkedBlockingQueue<>();
    private final List<Map<String, Object>> seen = new ArrayList<>();
    private final java.util.concurrent.CompletableFuture<Void> closed = new java.util.concurrent.CompletableFuture<>();

    private Ws(WebSocket.Builder builder, URI uri) {
        this.socket = builder.buildAsync(uri, new Listener()).orTimeout(10, TimeUnit.SECONDS).join();
    }

    static Ws connect(Gateway gateway) {
        return new Ws(HttpClient.newHttpClient().newWebSocketBuilder(),
                URI.create("ws://127.0.0.1:" + gateway.port() + Gateway.WEBSOCKET_PATH));
    }

    /** Sends a message: a String as is, anything else as JSON. */
    Ws send(Object message) {
        String text = message instanceof String s ? s : Http.write(message);
        socket.sendText(text, true).orTimeout(10, TimeUnit.SECONDS).join();
        return this;
    }

    /** Sends {@code {type: "call", ref, path, method, ...}} and answers the message that has this ref. */
    Map<String, Object> call(int ref, String path, String method, Map<String, Object> more) {
        Map<String, Object> message = new java.util.LinkedHashMap<>();
        message.put("type", "call");
        message.put("ref", ref);
        message.put("path", path);
        message.put("method", method);
        message.putAll(more);
        send(message);
        return reply(ref);
    }

    /** Sends {@code {type: "authenticate", ref, strategy: "local", email, password}} and answers the reply. */
    Map<String, Object> authenticate(int ref, String email, String password) {
        send(Map.of("type", "authenticate", "ref", ref, "strategy", "local", "email", email, "password", password));
        return reply(ref);
    }

    /** The next result or error with this ref. */
    Map<String, Object> reply(int ref) {
        return next(m -> !"event".equals(m.get("type")) && Integer.valueOf(ref).equals(m.get("ref")));
    }

    /** The next event message. */
    Map<String, Object> nextEvent() {
        return next(m -> "event".equals(m.get("type")));
    }

    /** The next received message that passes {@code wanted}, skipping others (they stay in {@link #seen()}). */
    Map<String, Object> next(Predicate<Map<String, Object>> wanted) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Map<String, Object> m;
            try {
                m = left <= 0 ? null : inbox.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            if (m == null) throw new AssertionError("No wanted message within " + WAIT + "; seen " + seen());
            synchronized (seen) {
                seen.add(m);
            }
            if (wanted.test(m)) return m;
        }
    }

    /** The messages not yet taken by {@link #next}. */
    List<Map<String, Object>> pending() {
        return new ArrayList<>(inbox);
    }

    List<Map<String, Object>> seen() {
        synchronized (seen) {
            return new ArrayList<>(seen);
        }
    }

    /** Completes when the server closed the connection (or it failed). */
    java.util.concurrent.CompletableFuture<Void> closed() {
        return closed;
    }

    @Override
    public void close() {
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        @SuppressWarnings("unchecked")
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    inbox.add(Http.JSON.readValue(text, Map.class));
                } catch (JsonProcessingException e) {
                    inbox.add(Map.of("type", "unparsable", "text", text));
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(null);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(null);
        }
    }
}
