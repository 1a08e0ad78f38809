package dev.skein.mesh.sync;

/**
 * One synchronized event, as feathers-sync's {@code sync-out} / {@code sync-in} data.
 *
 * @param origin the instance that emitted it
 * @param path   the service path
 * @param event  the event name
 * @param data   the event's data
 */
public record SyncMessage(String origin, String path, String event, Object data) {
}
