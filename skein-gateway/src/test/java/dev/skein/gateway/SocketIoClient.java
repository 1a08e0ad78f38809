package dev.skein.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Socket.IO client of a gateway written by hand on {@link java.net.http.WebSocket} (Engine.IO v4
 * over its WebSocket transport, Socket.IO v5 packets), as an attacker would write one: calls are
 * Feathers' {@code emit(method, path, ...args, ack)}, events are {@code 42["path event", data]}.
 * It keeps every event it receives, in order.
 */
final class SocketIoClient implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(10);

    private final WebSocket socket;
    private final CompletableFuture<Void> connected = new CompletableFuture<>();
    private final Map<Integer, CompletableFuture<List<Object>>> acks = new ConcurrentHashMap<>();
    private final List<List<Object>> events = new ArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();

    private SocketIoClient(URI uri) {
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, new Listener())
                .orTimeout(10, TimeUnit.SECONDS).join();
        socket.sendText("40", true).orTimeout(10, TimeUnit.SECONDS).join();
        connected.orTimeout(10, TimeUnit.SECONDS).join();
    }

    static SocketIoClient connect(Gateway gateway) {
        return new SocketIoClient(URI.create("ws://127.0.0.1:" + gateway.port() + "/socket.io/?EIO=4&transport=websocket"));
    }

    /** Emits {@code method} with {@code args} and an acknowledgement; answers the acknowledgement's arguments ({@code [error]} or {@code [null, result]}). */
    List<Object> call(String method, Object... args) {
        int id = ids.incrementAndGet();
        CompletableFuture<List<Object>> ack = new CompletableFuture<>();
        acks.put(id, ack);
        List<Object> packet = new ArrayList<>();
        packet.add(method);
        packet.addAll(java.util.Arrays.asList(args));
        socket.sendText("42" + id + Http.write(packet), true).orTimeout(10, TimeUnit.SECONDS).join();
        return ack.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    /** The error of an acknowledgement, or null when the call succeeded. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> error(List<Object> ack) {
        return ack.isEmpty() || ack.get(0) == null ? null : (Map<String, Object>) ack.get(0);
    }

    /** The result of an acknowledgement that succeeded. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> result(List<Object> ack) {
        if (error(ack) != null) throw new AssertionError("The call failed: " + ack);
        return (Map<String, Object>) ack.get(1);
    }

    /** Logs the connection in with the local strategy; answers the acknowledgement. */
    List<Object> authenticate(String email, String password) {
        return call("create", "authentication", Map.of("strategy", "local", "email", email, "password", password));
    }

    /** Every event received so far, each as {@code [name, data]}. */
    List<List<Object>> events() {
        synchronized (events) {
            return new ArrayList<>(events);
        }
    }

    @Override
    public void close() {
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                receive(webSocket, text);
            }
            webSocket.request(1);
            return null;
        }

        @SuppressWarnings("unchecked")
        private void receive(WebSocket webSocket, String text) {
            if (text.equals("2")) {
                webSocket.sendText("3", true); // Engine.IO ping, pong
                return;
            }
            if (text.startsWith("40")) {
                connected.complete(null);
                return;
            }
            if (!text.startsWith("42") && !text.startsWith("43")) return;
            int i = 2;
            while (i < text.length() && Character.isDigit(text.charAt(i))) i++;
            List<Object> args;
            try {
                args = Http.JSON.readValue(text.substring(i), List.class);
            } catch (JsonProcessingException e) {
                throw new AssertionError("Not a Socket.IO packet: " + text, e);
            }
            if (text.startsWith("43")) {
                CompletableFuture<List<Object>> ack = acks.remove(Integer.parseInt(text.substring(2, i)));
                if (ack != null) ack.complete(args);
            } else {
                synchronized (events) {
                    events.add(args);
                }
            }
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            connected.completeExceptionally(error);
        }
    }
}
