package dev.skein.mesh.sync;

import dev.skein.mesh.spi.Codec;
import dev.skein.mesh.spi.MalformedFrameException;
import dev.skein.mesh.spi.Packet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link SyncSerializer} as the mesh's codec in sync-only mode: an event packet is the message
 * {@code (origin, path, event, data)} in the serializer's format (Skein's JSON or CBOR,
 * feathers-sync's, or the user's), and a message read back is an event packet from its origin.
 * Sync-only mode writes nothing but events.
 */
final class SyncCodec implements Codec {

    /** The origin of a message that names none. */
    static final String UNKNOWN_ORIGIN = "sync-unknown";

    private final SyncSerializer serializer;

    SyncCodec(SyncSerializer serializer) {
        this.serializer = serializer;
    }

    @Override
    public String name() {
        return "sync";
    }

    @Override
    public byte[] encode(Packet packet) {
        if (packet.type != Packet.Type.EVENT) {
            throw new IllegalStateException("Sync-only mode writes events only, not a " + packet.type + " packet");
        }
        try {
            return serializer.serialize(new SyncMessage(packet.from, packet.path, packet.event, packet.data, callOf(packet)));
        } catch (IOException e) {
            throw new UncheckedIOException("Sync cannot write " + packet.path + " " + packet.event + ": " + e.getMessage(), e);
        }
    }

    /** The call an event packet carries in sync-only mode: its method, item id and params. */
    private static Map<String, Object> callOf(Packet packet) {
        if (packet.method == null) return Map.of();
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("method", packet.method);
        if (packet.itemId != null) call.put("id", packet.itemId);
        call.put("params", packet.params == null ? Map.of() : packet.params);
        return call;
    }

    @Override
    public Packet decode(byte[] payload) throws MalformedFrameException {
        SyncMessage message;
        try {
            message = serializer.deserialize(payload);
        } catch (IOException | RuntimeException e) {
            throw new MalformedFrameException("not a sync message: " + e.getMessage(), e);
        }
        if (message == null || message.path() == null || message.event() == null) {
            throw new MalformedFrameException("a sync message without its path or event");
        }
        Packet p = new Packet(Packet.Type.EVENT, message.origin() == null ? UNKNOWN_ORIGIN : message.origin());
        p.path = message.path();
        p.event = message.event();
        p.data = message.data();
        return p;
    }
}
