package dev.skein.core;

import java.util.Objects;

/**
 * One event of a service: a standard event ({@code created}, {@code updated}, {@code patched},
 * {@code removed}) after a successful call, or a custom one the service declared.
 *
 * @param path      the service path
 * @param event     the event name
 * @param data      the JSON-shaped item or payload
 * @param context   the hook context of the call that caused it, or {@code null} (a custom event
 *                  emitted directly, or an event that came from another node)
 * @param localOnly true when a hook kept this event on its node ({@link HookContext#keepEventLocal()}):
 *                  the mesh and sync do not distribute it
 * @param origin    the id of the node it came from, or {@code null} when emitted on this node
 * @param dispatch  what may leave this node's code (outside clients, other nodes) when it differs
 *                  from {@code data}, e.g. without a password hash; {@code null} means {@code data}
 *                  (set through {@link HookContext#dispatch(Object)})
 */
public record ServiceEvent(String path, String event, Object data, HookContext context, boolean localOnly, String origin,
                           Object dispatch) {

    /** Checks that {@code path} and {@code event} are not {@code null}. */
    public ServiceEvent {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(event, "event");
    }

    /** An event whose data may be sent anywhere as it is. */
    public ServiceEvent(String path, String event, Object data, HookContext context, boolean localOnly, String origin) {
        this(path, event, data, context, localOnly, origin, null);
    }

    /** The data to send outside this node's code: {@link #dispatch()} when set, else {@link #data()}. */
    public Object safeData() {
        return dispatch != null ? dispatch : data;
    }

    /** True when the event was emitted on this node. */
    public boolean isLocal() {
        return origin == null;
    }
}
