package dev.skein.mesh.spi;

/**
 * Turns packets into frame payloads and back. Implementations MUST be thread-safe and MUST keep
 * JSON-shaped data (maps, lists, strings, numbers, booleans, null) as it is.
 */
public interface Codec {

    /** 16 MiB: the largest frame payload a node sends or accepts when none is configured. */
    int DEFAULT_MAX_FRAME_SIZE = 16 * 1024 * 1024;

    /** A short name: {@code json}, {@code cbor}. */
    String name();

    /** The frame payload of {@code packet}, for every node; never {@code null}. */
    byte[] encode(Packet packet);


    /**
     * The frame of {@code packet} for one recipient: a node id, {@link ServiceQueues#RECIPIENT_PREFIX}
     * and a path for a queued request, or null for every node (a broadcast). A codec that seals
     * frames binds them to the recipient, so that a frame cannot be replayed to another node; others
     * ignore it.
     */
    default byte[] encode(Packet packet, String recipient) {
        return encode(packet);
    }

    /**
     * Reads a payload.
     *
     * @throws MalformedFrameException when the payload is not a packet of {@link Packet#VERSION}
     */
    Packet decode(byte[] payload) throws MalformedFrameException;
}
