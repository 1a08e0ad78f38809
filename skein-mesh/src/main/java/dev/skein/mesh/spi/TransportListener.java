package dev.skein.mesh.spi;

/**
 * What a transport tells the mesh. Methods may be called on the transport's I/O threads and MUST
 * return quickly: the mesh hands the work to its own executor.
 */
public interface TransportListener {

    /**
     * A frame arrived (from any node, or to everyone).
     *
     * @throws MalformedFrameException when the frame is garbage or of another protocol version: a
     *         connection-based transport then closes the connection it came on and logs one line
     */
    void onFrame(byte[] frame) throws MalformedFrameException;

    /**
     * A frame arrived on a connection whose handshake proved it comes from node {@code peer}: the
     * mesh drops it, with one log line, when its packet names another sender.
     *
     * @throws MalformedFrameException as {@link #onFrame}
     */
    default void onFrameFrom(String peer, byte[] frame) throws MalformedFrameException {
        onFrame(frame);
    }

    /**
     * Hands {@code frame} to {@link #onFrame}; a malformed one is dropped with one log line naming
     * {@code source}. For transports that have no connection to close (brokers, memory).
     */
    default void onFrameOrDrop(byte[] frame, String source) {
        try {
            onFrame(frame);
        } catch (MalformedFrameException e) {
            org.slf4j.LoggerFactory.getLogger(TransportListener.class)
                    .warn("Dropped a malformed frame of {} bytes from {}: {}", frame.length, source, e.getMessage());
        }
    }

    /**
     * The transport proved that node {@code nodeId} holds these identities (the CN and OUs of its
     * client certificate, say). Called before any frame of the connection that proved them; the
     * mesh's {@link dev.skein.mesh.Access} rules read them.
     */
    default void onPeerIdentity(String nodeId, java.util.Set<String> identities) {
    }

    /**
     * Bytes of node {@code nodeId} arrived, maybe only part of a frame: it is alive, even while a
     * large frame of it is still on its way and its heartbeats wait behind it. A transport that
     * reads frames in parts calls this as the parts arrive (at most every few milliseconds per
     * connection); one that gets whole frames need not.
     */
    default void onPeerActivity(String nodeId) {
    }

    /** A direct path to {@code nodeId} is open: the mesh introduces itself to the peer. */
    default void onPeerConnected(String nodeId) {
    }

    /**
     * The transport lost its connection (to a broker, say) and has it again: frames sent meanwhile
     * may be lost, so the mesh announces itself again and asks every peer to do the same.
     */
    default void onReconnected() {
    }

    /**
     * The transport lost its connection (to a broker, say) and is trying to get it back; nothing it
     * sends arrives meanwhile. {@link #onReconnected} follows when it is back.
     */
    default void onLinkLost() {
    }

    /**
     * The transport turned node {@code peer} (its id, or its address when it gave none) away for its
     * mesh credentials: it had none, others, or failed the proof; {@code reason} says which, for a
     * person, naming the node. The mesh remembers it for a while, to explain a call that finds no
     * instance. A transport MAY call it for every beacon or connection it refuses.
     */
    default void onPeerRefused(String peer, String reason) {
    }

    /**
     * The transport heard a node of namespace {@code namespace}, not this node's, and ignored it, as
     * it must. The mesh remembers it for a while, to explain a call that finds no instance. A
     * transport MAY call it for every beacon or connection of another namespace.
     */
    default void onOtherNamespace(String namespace) {
    }

    /** The direct path to {@code nodeId} is gone (its connection closed): the mesh treats the node as gone at once. */
    default void onPeerLost(String nodeId) {
    }
}
