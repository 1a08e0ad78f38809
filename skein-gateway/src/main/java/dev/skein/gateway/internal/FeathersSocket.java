package dev.skein.gateway.internal;

import dev.skein.core.Methods;
import dev.skein.core.Params;
import dev.skein.core.ServiceHandle;
import dev.skein.core.errors.BadRequest;
import dev.skein.core.errors.SkeinError;
import dev.skein.core.Json;
import dev.skein.gateway.Connection;
import dev.skein.gateway.auth.Authentication;
import io.socket.socketio.server.SocketIoSocket;
import org.json.JSONArray;
import org.json.JSONObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One Socket.IO client as Feathers' socket transport sees it ({@code @feathersjs/transport-commons}):
 * a call is an emit of the method's name with the service path, the method's arguments and an
 * acknowledgement, {@code emit("patch", "todos", id, data, query, ack)}, answered
 * {@code ack(null, result)} or {@code ack(error)} with Feathers' error shape; a {@code create} on
 * the authentication service authenticates the connection for its later calls, a {@code remove}
 * there ends that; events go out as {@code "<path> <event>"} with their data.
 */
final class FeathersSocket implements Connection {

    /** {@code params.provider()} of the calls that come through Socket.IO, as in Feathers. */
    static final String PROVIDER = "socketio";
    /** The client's address, written by {@link SocketIoEndpoint} over whatever a client sent, read (and removed) here. */
    static final String ADDRESS_HEADER = "x-skein-client-address";

    /** Feathers 5's server: after the path, where the query sits in each standard method's arguments. */
    private static final Map<String, Integer> QUERY_POSITION = Map.of(Methods.FIND, 0, Methods.UPDATE, 2, Methods.PATCH, 2);

    private final ClientCalls server;
    private final SocketIoSocket socket;
    private final Map<String, String> handshakeHeaders;
    /** The client's address ({@link dev.skein.core.Params#CLIENT_ADDRESS}), as the handshake's connection had it. */
    private final String address;
    private volatile Map<String, Object> user;
    private volatile Map<String, Object> authentication;

    FeathersSocket(ClientCalls server, SocketIoSocket socket) {
        this.server = server;
        this.socket = socket;
        Map<String, String> headers = new java.util.HashMap<>();
        socket.getInitialHeaders().forEach((k, v) -> {
            if (!v.isEmpty()) headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0));
        });
        this.address = headers.remove(ADDRESS_HEADER);
        this.handshakeHeaders = headers;
        String bearer = headers.get("authorization"); // as Feathers' socket.io middleware: a token in the handshake authenticates
        if (bearer != null && bearer.regionMatches(true, 0, "Bearer ", 0, 7)) {
            authentication = Map.of("strategy", "jwt", "accessToken", bearer.substring(7).trim());
        }
        socket.registerAllEventListener(this::onEvent);
    }

    @Override
    public String id() {
        return "socket.io-" + socket.getId();
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
        return String.valueOf(handshakeHeaders.getOrDefault("x-forwarded-for", "socket.io"));
    }

    /** A service event for this client: {@code "<path> <event>"} with its data. */
    void send(String path, String event, Object data) {
        socket.send(path + " " + event, toJson(data));
    }

    // ---- calls ----------------------------------------------------------------------------------

    private void onEvent(String method, Object... args) {
        if (args.length == 0 || !(args[args.length - 1] instanceof SocketIoSocket.ReceivedByLocalAcknowledgementCallback ack)) {
            return; // Feathers' client always sends an acknowledgement; anything else is not a call
        }
        List<Object> rest = new ArrayList<>();
        for (int i = 0; i < args.length - 1; i++) rest.add(fromJson(args[i]));
        try {
            call(method, rest).whenComplete((result, failure) -> {
                if (failure != null) ack.sendAcknowledgement(toJson(SkeinError.from(failure).toJson()));
                else ack.sendAcknowledgement(JSONObject.NULL, toJson(result));
            });
        } catch (RuntimeException e) {
            ack.sendAcknowledgement(toJson(SkeinError.from(e).toJson()));
        }
    }

    @SuppressWarnings("unchecked")
    private CompletableFuture<Object> call(String method, List<Object> args) {
        if (args.isEmpty() || !(args.get(0) instanceof String path)) throw new BadRequest("A call needs the service's path first");
        List<Object> rest = args.subList(1, args.size());
        int queryAt = QUERY_POSITION.getOrDefault(method, 1);
        if (rest.size() > queryAt + 1) {
            throw new BadRequest("Too many arguments for '" + method + "' method");
        }
        Object id = null;
        Object data = null;
        switch (method) {
            case Methods.FIND -> { }
            case Methods.GET, Methods.REMOVE -> id = at(rest, 0);
            case Methods.UPDATE, Methods.PATCH -> {
                id = at(rest, 0);
                data = at(rest, 1);
            }
            default -> data = at(rest, 0); // create and custom methods: (data, query)
        }
        Map<String, Object> query = at(rest, queryAt) instanceof Map<?, ?> q ? (Map<String, Object>) q : Map.of();
        String authPath = server.app().plugin(Authentication.class).map(Authentication::path).orElse(null);
        if (dev.skein.core.ServicePath.of(path).value().equals(authPath)) return authenticate(method, authPath, data, id);
        return server.callAt(path, method, id, data, params().withQuery(query));
    }

    private static Object at(List<Object> args, int i) {
        return i < args.size() ? args.get(i) : null;
    }

    private Params params() {
        Params params = ClientParams.of(PROVIDER, address);
        handshakeHeaders.forEach(params::header);
        Map<String, Object> auth = authentication;
        if (auth != null) params.authentication(auth);
        Map<String, Object> u = user;
        if (u != null) params.user(u);
        return params;
    }

    /** {@code create} logs the connection in (its later calls carry the token and user), {@code remove} logs it out. */
    @SuppressWarnings("unchecked")
    private CompletableFuture<Object> authenticate(String method, String path, Object data, Object id) {
        ServiceHandle auth = server.app().service(path);
        if (Methods.CREATE.equals(method)) {
            CompletableFuture<Object> result = auth.create(data, ClientParams.of(PROVIDER, address));
            return result.thenApply(answer -> {
                if (answer instanceof Map<?, ?> a) {
                    authentication = Map.of("strategy", "jwt", "accessToken", String.valueOf(a.get("accessToken")));
                    user = a.get("user") instanceof Map<?, ?> u ? (Map<String, Object>) u : null;
                }
                return answer;
            });
        }
        if (Methods.REMOVE.equals(method)) {
            Map<String, Object> was = authentication;
            authentication = null;
            user = null;
            if (was == null) return CompletableFuture.completedFuture(null);
            Params params = new Params().provider(PROVIDER).authentication(was);
            return auth.remove(id == null ? was.get("accessToken") : id, params);
        }
        return auth.call(method, id, data, params());
    }

    // ---- JSON between org.json (socket.io's server) and plain values ----------------------------

    private static Object fromJson(Object value) {
        if (value == null || value == JSONObject.NULL) return null;
        if (value instanceof JSONObject || value instanceof JSONArray) return Json.read(value.toString());
        return value;
    }

    private static Object toJson(Object value) {
        if (value == null) return JSONObject.NULL;
        if (value instanceof String || value instanceof Number || value instanceof Boolean) return value;
        String text = Json.write(value);
        char first = text.isEmpty() ? ' ' : text.charAt(0);
        if (first == '{') return new JSONObject(text);
        if (first == '[') return new JSONArray(text);
        Object plain = Json.read(text);
        return plain == null ? JSONObject.NULL : plain;
    }

    @Override
    public String toString() {
        return id() + (user == null ? " (anonymous)" : " (authenticated)");
    }
}
