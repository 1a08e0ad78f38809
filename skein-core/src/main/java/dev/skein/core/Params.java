package dev.skein.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The parameters of one service call: the query, who called ({@link #provider()}), the headers of
 * an outside request, the authenticated user and authentication, and free entries for hooks.
 *
 * <p>Params are mutable so that hooks can change them, and are not thread-safe: one call owns its
 * params. {@link #copy()} makes an independent copy.
 *
 * <h2>What crosses the network</h2>
 * Unlike feathers-distributed, which serializes every param, Skein sends only the fields named in
 * {@link #WIRE_FIELDS} when a call goes to another node: {@code query}, {@code headers},
 * {@code user} and {@code authentication}. The provider is set by the receiving side
 * ({@code "mesh"}); free entries ({@link #set(String, Object)}) never leave the node.
 */
public final class Params {

    /** Provider of a call from an outside REST client. */
    public static final String REST = "rest";
    /** Provider of a call from an outside WebSocket client. */
    public static final String WEBSOCKET = "websocket";
    /** Provider of a call that came from another node of the mesh. */
    public static final String MESH = "mesh";
    /**
     * Free entry ({@link java.time.Instant}): when the call must be answered by. The mesh sets it on
     * the calls it serves (from the caller's remaining time); a call made from inside a service
     * method (its synchronous part) inherits the running call's deadline when it has none, and the
     * mesh gives it at most the time left.
     */
    public static final String DEADLINE = "skein.deadline";
    /**
     * Free entry (a String): the address of the outside client a call came from, the peer of its
     * connection, set by the edge that took the call (the gateway's REST, WebSocket and Socket.IO);
     * free entries never leave the node, so no caller can set it.
     */
    public static final String CLIENT_ADDRESS = "skein.clientAddress";

    /** The params that travel with a call to another node, in their wire names. */
    public static final List<String> WIRE_FIELDS = List.of("query", "headers", "user", "authentication");

    private Map<String, Object> query;
    private String provider;
    private Map<String, String> headers;
    private Map<String, Object> user;
    private Map<String, Object> authentication;
    private Map<String, Object> entries;

    /** Empty params: no query, no provider (an internal call), no user. */
    public Params() {
    }

    /** Empty params of an internal call. */
    public static Params of() {
        return new Params();
    }

    /** Params with this query. */
    public static Params query(Map<String, ?> query) {
        return new Params().withQuery(query);
    }

    /** The query, never null; changes to the returned map change the params. */
    public Map<String, Object> query() {
        if (query == null) query = new LinkedHashMap<>();
        return query;
    }

    /** Replaces the query with a copy of {@code query}. */
    public Params withQuery(Map<String, ?> query) {
        this.query = query == null ? null : new LinkedHashMap<>(query);
        return this;
    }

    /** {@code null} for an internal call, else {@link #REST}, {@link #WEBSOCKET}, {@link #MESH} or a transport's own name. */
    public String provider() {
        return provider;
    }

    /** Sets who called; transports and the gateway set it, {@code null} marks an internal call. */
    public Params provider(String provider) {
        this.provider = provider;
        return this;
    }

    /** Headers of the outside request, lower-case names; never null. */
    public Map<String, String> headers() {
        if (headers == null) headers = new LinkedHashMap<>();
        return headers;
    }

    /** Sets a header of the outside request; the name is stored in lower case, and a {@code null} value removes it. */
    public Params header(String name, String value) {
        String key = name.toLowerCase(java.util.Locale.ROOT);
        if (value == null) headers().remove(key);
        else headers().put(key, value);
        return this;
    }

    /** The authenticated user as JSON-shaped data, or {@code null}. */
    public Map<String, Object> user() {
        return user;
    }

    /** Sets the authenticated user to a copy of {@code user}; {@code null} clears it. */
    public Params user(Map<String, ?> user) {
        this.user = user == null ? null : new LinkedHashMap<>(user);
        return this;
    }

    /** How the caller authenticated (e.g. {@code {strategy: "jwt", accessToken: ...}}), or {@code null}. */
    public Map<String, Object> authentication() {
        return authentication;
    }

    /** Sets how the caller authenticated to a copy of {@code authentication}; {@code null} clears it. */
    public Params authentication(Map<String, ?> authentication) {
        this.authentication = authentication == null ? null : new LinkedHashMap<>(authentication);
        return this;
    }

    /** A free entry set by a hook, or {@code null}; free entries stay on this node. */
    @SuppressWarnings("unchecked")
    public <T> T get(String key) {
        return entries == null ? null : (T) entries.get(key);
    }

    /** Sets a free entry, which stays on this node; {@code null} removes it, as {@link App#set} does. */
    public Params set(String key, Object value) {
        Objects.requireNonNull(key, "key");
        if (value == null) {
            if (entries != null) entries.remove(key);
            return this;
        }
        if (entries == null) entries = new LinkedHashMap<>();
        entries.put(key, value);
        return this;
    }

    /** An independent copy: maps are copied one level deep. */
    public Params copy() {
        Params copy = new Params();
        copy.query = query == null ? null : new LinkedHashMap<>(query);
        copy.provider = provider;
        copy.headers = headers == null ? null : new LinkedHashMap<>(headers);
        copy.user = user == null ? null : new LinkedHashMap<>(user);
        copy.authentication = authentication == null ? null : new LinkedHashMap<>(authentication);
        copy.entries = entries == null ? null : new LinkedHashMap<>(entries);
        return copy;
    }

    /** The fields of {@link #WIRE_FIELDS} that are set, as JSON-shaped data. */
    public Map<String, Object> toWire() {
        Map<String, Object> wire = new LinkedHashMap<>();
        if (query != null && !query.isEmpty()) wire.put("query", query);
        if (headers != null && !headers.isEmpty()) wire.put("headers", headers);
        if (user != null) wire.put("user", user);
        if (authentication != null) wire.put("authentication", authentication);
        return wire;
    }

    /**
     * Params rebuilt on the receiving node from {@link #toWire()}, with the given provider. Fields
     * not in {@link #WIRE_FIELDS} are ignored, whatever the sender put there.
     */
    @SuppressWarnings("unchecked")
    public static Params fromWire(Map<String, ?> wire, String provider) {
        Params params = new Params().provider(provider);
        if (wire == null) return params;
        if (wire.get("query") instanceof Map) params.withQuery((Map<String, ?>) wire.get("query"));
        if (wire.get("headers") instanceof Map) {
            ((Map<?, ?>) wire.get("headers")).forEach((k, v) -> params.header(String.valueOf(k), v == null ? null : String.valueOf(v)));
        }
        if (wire.get("user") instanceof Map) params.user((Map<String, ?>) wire.get("user"));
        if (wire.get("authentication") instanceof Map) params.authentication((Map<String, ?>) wire.get("authentication"));
        return params;
    }

    @Override
    public String toString() {
        return "Params{provider=" + provider + ", query=" + query + ", user=" + (user == null ? null : "set") + "}";
    }
}
