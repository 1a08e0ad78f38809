package dev.skein.mesh.sync;

import java.io.IOException;

/**
 * Turns a sync message into bytes and back (feathers-sync's serialize / deserialize). Must be
 * thread-safe. {@link Sync#JSON} is the default; {@link Sync#CBOR} keeps byte arrays as bytes.
 */
public interface SyncSerializer {

    /** The bytes of {@code message} as they go on the broker. */
    byte[] serialize(SyncMessage message) throws IOException;

    /**
     * The message in {@code bytes}, which another instance serialized.
     *
     * @throws IOException when the bytes are not a message of this format
     */
    SyncMessage deserialize(byte[] bytes) throws IOException;

}
