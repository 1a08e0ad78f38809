package dev.skein.mesh.spi;

import java.util.concurrent.ScheduledExecutorService;

/**
 * What a transport gets from the mesh when it starts.
 *
 * @param nodeId        this node's id, unique in the mesh
 * @param namespace     the mesh's namespace: a transport MUST NOT deliver frames of other namespaces
 * @param maxFrameSize  the largest frame payload, in bytes, a transport must send or accept
 * @param scheduler     a single-thread scheduler for timers; tasks on it MUST NOT block
 * @param listener      where the transport reports frames and peers
 * @param authenticator proves and checks the mesh's credentials in a transport's own handshake and
 *                      discovery, or null when the mesh has none. Frames are sealed by the mesh
 *                      whatever the transport; a transport with connections SHOULD also admit a
 *                      peer only after a mutual proof, and report its frames with
 *                      {@link TransportListener#onFrameFrom}.
 * @param channel       the broker's own name to broadcast on and hear broadcasts from, exactly, instead
 *                      of the transport's naming from the namespace; null for the transport's naming.
 *                      For talking with peers that are not Skein nodes (feathers-sync's Redis channel,
 *                      NATS subject or RabbitMQ fanout exchange). A broker transport honours it; only
 *                      broadcasts are used then.
 */
public record TransportContext(String nodeId, String namespace, int maxFrameSize, ScheduledExecutorService scheduler,
                               TransportListener listener, MeshAuthenticator authenticator, String channel) {

    /** A context with the transport's own naming. */
    public TransportContext(String nodeId, String namespace, int maxFrameSize, ScheduledExecutorService scheduler,
                            TransportListener listener, MeshAuthenticator authenticator) {
        this(nodeId, namespace, maxFrameSize, scheduler, listener, authenticator, null);
    }

    /** A context without credentials. */
    public TransportContext(String nodeId, String namespace, int maxFrameSize, ScheduledExecutorService scheduler,
                            TransportListener listener) {
        this(nodeId, namespace, maxFrameSize, scheduler, listener, null, null);
    }
}
