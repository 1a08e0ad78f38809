package dev.skein.mesh.spi;

import java.util.concurrent.CompletableFuture;

/**
 * Moves frames between the nodes of one mesh and tells the mesh which peers it reaches.
 *
 * <p>The contract every transport honours (the transport TCK checks it):
 * <ol>
 *   <li>{@link #start} MUST NOT block; it completes when the transport can send, and fails with an
 *       exception naming the address when it cannot reach what it needs (a broker, a port).</li>
 *   <li>{@link #send} and {@link #broadcast} MUST NOT block and MUST be safe to call from any thread.</li>
 *   <li>Frames from one sender to one receiver MUST arrive in the order they were sent, at most once.</li>
 *   <li>{@link #broadcast} MUST reach every node of the namespace that is up, except the sender.</li>
 *   <li>A transport MUST NOT deliver a frame from a node of another namespace.</li>
 *   <li>A transport MUST NOT call the listener on the thread that called {@link #send} or {@link #broadcast}.</li>
 *   <li>When a transport learns that a peer is gone (its connection closed) it MUST call
 *       {@link TransportListener#onPeerLost}; a transport without such knowledge (a broker) may
 *       never call it: the mesh's heartbeats then decide.</li>
 *   <li>Frames larger than {@link TransportContext#maxFrameSize()} MUST be refused, never buffered whole.</li>
 *   <li>{@link #close} MUST release every thread, socket and connection the transport owns, and be idempotent.</li>
 *   <li>When the future of {@link #start} fails, the transport MUST have released what that attempt
 *       opened, and {@link #start} MAY be called again (a mesh that waits for its broker does);
 *       after {@link #close}, start fails.</li>
 * </ol>
 */
public interface Transport extends AutoCloseable {

    /** The URI scheme this transport serves: {@code local}, {@code tcp}, {@code nats}... */
    String scheme();

    /** Starts moving frames; see rule 1. */
    CompletableFuture<Void> start(TransportContext context);

    /**
     * Sends {@code frame} to node {@code nodeId}.
     *
     * @return false when the transport knows no way to that node now (the mesh then treats it as gone)
     */
    boolean send(String nodeId, byte[] frame);

    /** Sends {@code frame} to every other node of the namespace. */
    void broadcast(byte[] frame);

    /**
     * Sends a heartbeat to every other node: its order against other frames does not matter, and it
     * should not wait behind them (calls, events, a large value), since its peers judge this node by
     * it. A transport with queues of its own sends it first; the default broadcasts it.
     */
    default void broadcastHeartbeat(byte[] frame) {
        broadcast(frame);
    }

    /**
     * Completes once this transport has read what had reached it when it was called: each of its
     * I/O threads has gone once around its loop. A node on a busy machine asks before it takes a
     * silent peer for gone, since that peer's frames may be waiting unread here. A transport whose
     * frames are read as they come (a broker client's own thread, say) may complete at once.
     */
    default CompletableFuture<Void> caughtUp() {
        return CompletableFuture.completedFuture(null);
    }

    /** A description of where this node can be reached, for logs and {@code mesh.nodes()}; may be empty. */
    default String address() {
        return "";
    }

    @Override
    void close();
}
