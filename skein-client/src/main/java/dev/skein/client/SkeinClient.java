package dev.skein.client;

import dev.skein.core.Methods;
import dev.skein.core.errors.BadRequest;
import dev.skein.core.errors.SkeinError;
import dev.skein.core.errors.Unavailable;
import dev.skein.core.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A client of a Skein gateway for outside Java programs, as happner's {@code MeshClient}: it joins no
 * mesh, speaks the gateway's WebSocket ({@code /ws}, docs/GATEWAY.md) with the JDK's own client,
 * logs in, calls what the gateway exposes, and hears its events.
 *
 * <pre>{@code
 * try (SkeinClient client = SkeinClient.connect("http://edge:3030")) {
 *     client.login("ada@example.com", "s3cret!").join();
 *     Object todos = client.service("todos").find(Map.of("done", false)).join();
 *     client.on("todos", "created", todo -> System.out.println(todo));
 *     client.call("orders", "archive", Map.of("id", 7)).join();   // late-bound, custom methods too
 * }
 * }</pre>
 *
 * <p>Errors are the gateway's, typed as the mesh's ({@code NotFound}, {@code MethodNotAllowed},
 * {@code NotAuthenticated}...): a {@link SkeinError} in the failed future. When the connection
 * drops, calls waiting on it fail with {@code Unavailable}; the client connects again with a
 * growing pause (100 ms up to {@link #MAX_BACKOFF}), logs in again with its token, and its event
 * listeners hear on. Thread-safe.
 */
public final class SkeinClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SkeinClient.class);
    /** The longest pause between two attempts to connect again. */
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    static final Duration FIRST_BACKOFF = Duration.ofMillis(100);

    private final URI ws;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "skein-client-reconnect");
        t.setDaemon(true);
        return t;
    });
    private final Map<Long, CompletableFuture<Object>> pending = new ConcurrentHashMap<>();
    private final AtomicLong refs = new AtomicLong();
    private final Map<String, List<Consumer<Object>>> listeners = new ConcurrentHashMap<>();
    /** Where event listeners run, one event after the other in the order they came: never the WebSocket's own thread. */
    private final java.util.concurrent.ExecutorService events = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "skein-client-events");
        t.setDaemon(true);
        return t;
    });
    /** The last send: the JDK's WebSocket takes one send at a time, so each waits for the one before, without blocking its caller. */
    private CompletableFuture<?> lastSend = CompletableFuture.completedFuture(null);
    private final List<Runnable> reconnectListeners = new CopyOnWriteArrayList<>();
    private volatile WebSocket socket;
    private volatile String accessToken;
    private volatile boolean closed;
    private volatile Duration backoff = FIRST_BACKOFF;

    private SkeinClient(URI base) {
        String scheme = "https".equals(base.getScheme()) ? "wss" : "ws";
        if (base.getRawAuthority() == null) throw new IllegalArgumentException("A gateway URL is http://host:port[/path], got '" + base + "'");
        String path = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
        this.ws = URI.create(scheme + "://" + base.getRawAuthority() + path + "/ws");
    }

    /**
     * Connects to the gateway at {@code url} ({@code http://host:port}, or with the path a reverse
     * proxy mounts it at: {@code https://example.com/api}); fails with Unavailable when it cannot.
     */
    public static SkeinClient connect(String url) {
        SkeinClient client = new SkeinClient(URI.create(Objects.requireNonNull(url, "url")));
        try {
            client.open().join();
        } catch (RuntimeException e) {
            client.close();
            throw new Unavailable("Cannot reach the gateway at " + url + ": " + SkeinError.unwrap(e).getMessage());
        }
        return client;
    }

    // ---- logging in ---------------------------------------------------------------------------

    /** Logs in with the local strategy ({@code email} and {@code password}); answers the gateway's {@code {accessToken, user}}. */
    public CompletableFuture<Object> login(String email, String password) {
        return login("email", email, password);
    }

    /**
     * Logs in with the local strategy where the gateway names its username field otherwise
     * ({@code Authentication.Builder.usernameField}, e.g. {@code "username"}).
     */
    public CompletableFuture<Object> login(String usernameField, String username, String password) {
        return authenticate(Map.of("strategy", "local", Objects.requireNonNull(usernameField, "usernameField"), username,
                "password", password));
    }

    /** Logs in with a token (the JWT strategy): one issued earlier, by this gateway or another node with the same secret. */
    public CompletableFuture<Object> loginWithToken(String token) {
        return authenticate(Map.of("strategy", "jwt", "accessToken", token));
    }

    /** The access token of the last login, or null. */
    public String accessToken() {
        return accessToken;
    }

    private CompletableFuture<Object> authenticate(Map<String, Object> credentials) {
        Map<String, Object> message = new LinkedHashMap<>(credentials);
        message.put("type", "authenticate");
        return send(message).thenApply(answer -> {
            if (answer instanceof Map<?, ?> a && a.get("accessToken") instanceof String token) accessToken = token;
            return answer;
        });
    }

    // ---- calls --------------------------------------------------------------------------------

    /** A service the gateway exposes, by its public path. */
    public ServiceClient service(String path) {
        return new ServiceClient(this, path);
    }

    /**
     * A late-bound call (happner's {@code exchange.component.method()}): any method, custom ones
     * included, with {@code data}. Fails with {@code MethodNotAllowed} naming what the service
     * offers when it has no such method. A method that takes an id ({@code get}, {@code update},
     * {@code patch}, {@code remove}) fails with BadRequest: use {@link #service(String)}.
     */
    public CompletableFuture<Object> call(String path, String method, Object data) {
        if (Methods.takesId(method)) { // without an id, patch and remove would reach every item
            return CompletableFuture.failedFuture(new BadRequest("'" + method + "' takes an id: use service(\"" + path + "\")."
                    + method + "(id, ...)"));
        }
        return call(path, method, null, data, null);
    }

    CompletableFuture<Object> call(String path, String method, Object id, Object data, Map<String, ?> query) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "call");
        message.put("path", Objects.requireNonNull(path, "path"));
        message.put("method", Objects.requireNonNull(method, "method"));
        if (id != null) message.put("id", id);
        if (data != null) message.put("data", data);
        if (query != null && !query.isEmpty()) message.put("query", query);
        return send(message);
    }

    // ---- events -------------------------------------------------------------------------------

    /**
     * Hears {@code event} of the service at {@code path}: its data, for as long as the client lives
     * (across reconnects) or until {@link #off}. Listeners run on the client's own event thread, one
     * event after the other in the order the gateway sent them; a slow listener delays the next
     * events, never the client's calls.
     */
    public SkeinClient on(String path, String event, Consumer<Object> listener) {
        listeners.computeIfAbsent(key(path, event), k -> new CopyOnWriteArrayList<>()).add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /** Stops calling {@code listener} for {@code event} of the service at {@code path}. */
    public SkeinClient off(String path, String event, Consumer<Object> listener) {
        List<Consumer<Object>> list = listeners.get(key(path, event));
        if (list != null) list.remove(listener);
        return this;
    }

    /** Runs {@code action} each time the client has connected again and logged in again after a drop. */
    public SkeinClient onReconnect(Runnable action) {
        reconnectListeners.add(Objects.requireNonNull(action, "action"));
        return this;
    }

    private static String key(String path, String event) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        return p + " " + event;
    }

    // ---- the connection -------------------------------------------------------------------------

    private CompletableFuture<WebSocket> open() {
        return http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5)).buildAsync(ws, new Frames())
                .thenApply(s -> {
                    socket = s;
                    return s;
                });
    }

    private CompletableFuture<Object> send(Map<String, Object> message) {
        WebSocket s = socket;
        if (closed) return CompletableFuture.failedFuture(new Unavailable("The client is closed"));
        if (s == null) return CompletableFuture.failedFuture(new Unavailable("Not connected to the gateway (connecting again)"));
        long ref = refs.incrementAndGet();
        message.put("ref", ref);
        CompletableFuture<Object> answer = new CompletableFuture<>();
        pending.put(ref, answer);
        String text;
        try {
            text = Json.write(message);
        } catch (RuntimeException e) {
            pending.remove(ref);
            return CompletableFuture.failedFuture(new BadRequest("Cannot send this call: " + e.getMessage()));
        }
        CompletableFuture<?> sent;
        synchronized (this) { // only to chain: the send itself runs after the one before, off the caller's thread
            sent = lastSend.handle((v, e) -> null).thenCompose(v -> s.sendText(text, true));
            lastSend = sent;
        }
        sent.whenComplete((v, failure) -> {
            if (failure != null && pending.remove(ref) != null) {
                answer.completeExceptionally(new Unavailable("Cannot send to the gateway: " + SkeinError.unwrap(failure).getMessage()
                        + "; the call did not run"));
            }
        });
        return answer;
    }

    private void receive(String text) {
        Object parsed;
        try {
            parsed = Json.read(text);
        } catch (RuntimeException e) {
            LOG.warn("The gateway sent a message that is not JSON: {}", e.getMessage());
            return;
        }
        if (!(parsed instanceof Map<?, ?> m)) return;
        Object type = m.get("type");
        if ("event".equals(type)) {
            List<Consumer<Object>> heard = listeners.get(key(String.valueOf(m.get("path")), String.valueOf(m.get("event"))));
            if (heard != null && !heard.isEmpty()) {
                try {
                    events.execute(() -> deliver(heard, m));
                } catch (java.util.concurrent.RejectedExecutionException closing) {
                    // the client closed meanwhile: nobody listens any more
                }
            }
            return;
        }
        if (!(m.get("ref") instanceof Number ref)) return;
        CompletableFuture<Object> answer = pending.remove(ref.longValue());
        if (answer == null) return;
        if ("error".equals(type) && m.get("error") instanceof Map<?, ?> error) answer.completeExceptionally(SkeinError.fromJson(error));
        else answer.complete(m.get("result"));
    }

    private static void deliver(List<Consumer<Object>> heard, Map<?, ?> event) {
        for (Consumer<Object> l : heard) {
            try {
                l.accept(event.get("data"));
            } catch (RuntimeException e) {
                LOG.warn("A listener of {} {} failed", event.get("path"), event.get("event"), e);
            }
        }
    }

    /** The connection dropped: what waited on it fails, and the client connects again unless closed. */
    private void dropped(String why) {
        socket = null;
        Unavailable lost = new Unavailable("The connection to the gateway dropped (" + why + "); the call may or may not have run");
        for (Long ref : List.copyOf(pending.keySet())) {
            CompletableFuture<Object> answer = pending.remove(ref);
            if (answer != null) answer.completeExceptionally(lost);
        }
        if (!closed) scheduleReconnect();
    }

    private void scheduleReconnect() {
        Duration pause = backoff;
        backoff = pause.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : pause.multipliedBy(2);
        try {
            timer.schedule(this::reconnect, pause.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // the client closed meanwhile
        }
    }

    private void reconnect() {
        if (closed) return;
        open().thenCompose(s -> {
            String token = accessToken;
            return token == null ? CompletableFuture.completedFuture(null) : loginWithToken(token);
        }).whenComplete((v, failure) -> {
            if (failure != null) {
                LOG.debug("The client could not connect again to {}: {}", ws, SkeinError.unwrap(failure).getMessage());
                if (socket == null && !closed) scheduleReconnect(); // not connected: try again later
                return;
            }
            backoff = FIRST_BACKOFF;
            LOG.info("The client is connected again to {}", ws);
            for (Runnable r : reconnectListeners) {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    LOG.warn("A reconnect listener failed", e);
                }
            }
        });
    }

    /**
     * Closes the connection and stops reconnecting; calls still waiting fail with Unavailable.
     * Idempotent. Calls made after it fail at once.
     */
    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        events.shutdown();
        WebSocket s = socket;
        socket = null;
        if (s != null) s.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
        for (Long ref : List.copyOf(pending.keySet())) {
            CompletableFuture<Object> answer = pending.remove(ref);
            if (answer != null) answer.completeExceptionally(new Unavailable("The client is closed"));
        }
    }

    /** The WebSocket's incoming side: whole text messages to {@link #receive}, its end to {@link #dropped}. */
    private final class Frames implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                receive(text);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            if (socket == webSocket) dropped("closed by the gateway: " + statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            if (socket == webSocket || socket == null) dropped(String.valueOf(error.getMessage()));
        }
    }
}
