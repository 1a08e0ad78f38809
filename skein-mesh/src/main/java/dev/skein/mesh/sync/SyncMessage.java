package dev.skein.mesh.sync;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One synchronized event, as feathers-sync's {@code sync-out} / {@code sync-in} data.
 *
 * @param origin  the instance that emitted it
 * @param path    the service path
 * @param event   the event name
 * @param data    the event's data
 * @param context the call that emitted it, as feathers-sync's hook context: {@code method},
 *                {@code id} (when the call had one), {@code params} ({@code query},
 *                {@code provider}, {@code user}); empty for an event no call emitted, or from a
 *                serializer that does not carry it
 */
public record SyncMessage(String origin, String path, String event, Object data, Map<String, Object> context) {

    public SyncMessage {
        context = context == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(context));
    }

    /** A message without the call's context. */
    public SyncMessage(String origin, String path, String event, Object data) {
        this(origin, path, event, data, Map.of());
    }
}
