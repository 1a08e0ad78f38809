package dev.skein.mesh.spi;

/**
 * Turns packets into frame payloads and back. Implementations MUST be thread-safe and MUST keep
 * JSON-shaped data (maps, lists, strings, numbers, booleans, null) as it is.
 */
public interface Codec {

    /** A short name: {@code json}, {@code cbor}. */
    String name();

    byte[] encode(Packet packet);

    /**
     * Reads a payload.
     *
     * @throws MalformedFrameException when the payload is not a packet of {@link Packet#VERSION}
     */
    Packet decode(byte[] payload) throws MalformedFrameException;
}
