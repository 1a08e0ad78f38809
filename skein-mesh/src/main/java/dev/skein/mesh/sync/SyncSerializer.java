package dev.skein.mesh.sync;

import java.io.IOException;

/**
 * Turns a sync message into bytes and back (feathers-sync's serialize / deserialize). Must be
 * thread-safe. {@link Sync#JSON} is the default; {@link Sync#CBOR} keeps byte arrays as bytes.
 */
public interface SyncSerializer {

    byte[] serialize(SyncMessage message) throws IOException;

    SyncMessage deserialize(byte[] bytes) throws IOException;
}
