package dev.skein.gateway.internal;

import dev.skein.core.Params;
import dev.skein.core.ServiceHandle;
import dev.skein.core.errors.BadRequest;
import dev.skein.core.errors.NotFound;
import dev.skein.core.errors.SkeinError;
import dev.skein.core.Json;
import dev.skein.gateway.auth.Authentication;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One WebSocket client. Messages are JSON objects (docs/GATEWAY.md, "The WebSocket"):
 * {@code {type: "call", ref, path, method, id, data, query}} answered by
 * {@code {type: "result", ref, result}} or {@code {type: "error", ref, error}};
 * {@code {type: "authenticate", ref, strategy, ...}} authenticates the connection; the server sends
 * {@code {type: "event", path, event, data}} for events the publisher lets through;
 * {@code {type: "watch", ref}} subscribes to the fleet dashboard's feed ({@link DashboardFeed}).
 */
final class WebSocketSession implements DashboardFeed.Watcher {

    private final ClientCalls server;
    /** The dashboard's feed, or null when the gateway serves none. */
    private final DashboardFeed dashboard;
    private final Channel channel;
    private final String id;
    private volatile Map<String, Object> user;
    private volatile Map<String, Object> authentication;

    WebSocketSession(ClientCalls server, DashboardFeed dashboard, Channel channel, String id) {
        this.server = server;
        this.dashboard = dashboard;
        this.channel = channel;
        this.id = id;
    }

    @Override
    public Channel channel() {
        return channel;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Map<String, Object> user() {
        return user;
    }

    /** Forgets the user and token the connection logged in with (its user was removed). */
    void logOut() {
        authentication = null;
        user = null;
    }

    @Override
    public String remoteAddress() {
        return String.valueOf(channel.remoteAddress());
    }

    void receive(String text) {
        Object ref = null;
        try {
            if (!(server.json().read(text) instanceof Map<?, ?> message)) throw new BadRequest("A message must be a JSON object");
            ref = message.get("ref");
            Object type = message.get("type");
            if ("call".equals(type)) call(message, ref);
            else if ("authenticate".equals(type)) authenticate(message, ref);
            else if ("watch".equals(type)) watch(ref);
            else throw new BadRequest("Unknown message type '" + type + "'; use 'call', 'authenticate' or 'watch'");
        } catch (SkeinError e) {
            answer(ref, null, e);
        } catch (RuntimeException e) {
            answer(ref, null, SkeinError.from(e));
        }
    }

    @SuppressWarnings("unchecked")
    private void call(Map<?, ?> message, Object ref) {
        if (!(message.get("path") instanceof String path) || !(message.get("method") instanceof String method)) {
            throw new BadRequest("A call needs a 'path' and a 'method'");
        }
        Params params = ClientParams.of(Params.WEBSOCKET, Responses.clientAddress(channel));
        if (message.get("query") instanceof Map<?, ?> q) params.withQuery((Map<String, ?>) q);
        if (authentication != null) params.authentication(authentication);
        if (user != null) params.user(user);
        server.callAt(path, method, message.get("id"), message.get("data"), params)
                .whenComplete((result, failure) -> answer(ref, result, failure == null ? null : SkeinError.from(failure)));
    }

    @SuppressWarnings("unchecked")
    private void authenticate(Map<?, ?> message, Object ref) {
        Map<String, Object> data = new LinkedHashMap<>();
        message.forEach((k, v) -> {
            if (!"type".equals(k) && !"ref".equals(k)) data.put(String.valueOf(k), v);
        });
        String path = server.app().plugin(Authentication.class).map(Authentication::path).orElse(Authentication.DEFAULT_PATH);
        ServiceHandle auth = server.app().lookup(path)
                .orElseThrow(() -> new NotFound("This gateway has no authentication service"));
        CompletableFuture<Object> result = auth.create(data, ClientParams.of(Params.WEBSOCKET, Responses.clientAddress(channel)));
        result.whenComplete((answer, failure) -> {
            if (failure == null && answer instanceof Map<?, ?> a) {
                authentication = Map.of("strategy", "jwt", "accessToken", String.valueOf(a.get("accessToken")));
                if (a.get("user") instanceof Map<?, ?> u) user = (Map<String, Object>) u;
            }
            answer(ref, answer, failure == null ? null : SkeinError.from(failure));
        });
    }

    /** Subscribes this connection to the fleet dashboard's feed; with authentication on the app, once it authenticated. */
    private void watch(Object ref) {
        DashboardFeed feed = dashboard;
        if (feed == null) throw new NotFound("This gateway serves no dashboard (Gateway.Builder.dashboard)");
        if (server.app().plugin(Authentication.class).isPresent() && authentication == null) {
            throw new dev.skein.core.errors.NotAuthenticated("The dashboard's feed needs an authenticated connection: send 'authenticate' first");
        }
        answer(ref, feed.watch(this), null);
    }

    private void answer(Object ref, Object result, SkeinError error) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", error == null ? "result" : "error");
        m.put("ref", ref);
        if (error == null) m.put("result", result);
        else m.put("error", error.toJson());
        channel.writeAndFlush(new TextWebSocketFrame(Json.write(m)));
    }
}
