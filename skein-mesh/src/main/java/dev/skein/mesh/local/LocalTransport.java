package dev.skein.mesh.local;

import dev.skein.mesh.spi.Transport;
import dev.skein.mesh.spi.TransportContext;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Nodes in one JVM: frames go from one node's transport to another's through memory, still encoded,
 * so a mesh over {@code local://} behaves as one over sockets. Each node receives on its own thread,
 * in the order frames were sent. For tests and for several nodes in one process.
 */
public final class LocalTransport implements Transport {

    private static final Map<String, Map<String, LocalTransport>> NAMESPACES = new ConcurrentHashMap<>();

    private volatile TransportContext context;
    private volatile ExecutorService inbox;
    private volatile boolean closed;

    @Override
    public String scheme() {
        return "local";
    }

    @Override
    public CompletableFuture<Void> start(TransportContext context) {
        this.context = context;
        this.inbox = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "skein-local-" + context.nodeId());
            t.setDaemon(true);
            return t;
        });
        Map<String, LocalTransport> peers = NAMESPACES.computeIfAbsent(context.namespace(), n -> new ConcurrentHashMap<>());
        peers.put(context.nodeId(), this);
        for (LocalTransport peer : peers.values()) {
            if (peer == this) continue;
            peer.deliver(() -> peer.context.listener().onPeerConnected(context.nodeId()));
            deliver(() -> context.listener().onPeerConnected(peer.context.nodeId()));
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public boolean send(String nodeId, byte[] frame) {
        if (closed || frame.length > context.maxFrameSize()) return false;
        LocalTransport peer = peers().get(nodeId);
        if (peer == null) return false;
        peer.deliver(() -> peer.receive(frame));
        return true;
    }

    @Override
    public void broadcast(byte[] frame) {
        if (closed || frame.length > context.maxFrameSize()) return;
        for (LocalTransport peer : peers().values()) {
            if (peer != this) peer.deliver(() -> peer.receive(frame));
        }
    }

    @Override
    public String address() {
        return "local://" + (context == null ? "" : context.nodeId());
    }

    private void receive(byte[] frame) {
        context.listener().onFrameOrDrop(frame, "local (node " + context.nodeId() + ")");
    }

    private Map<String, LocalTransport> peers() {
        return NAMESPACES.getOrDefault(context.namespace(), Map.of());
    }

    private void deliver(Runnable task) {
        if (closed) return;
        try {
            inbox.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed meanwhile: the frame is lost, as on a closed socket
        }
    }

    @Override
    public void close() {
        if (closed || context == null) return;
        closed = true;
        Map<String, LocalTransport> peers = peers();
        peers.remove(context.nodeId(), this);
        for (LocalTransport peer : peers.values()) {
            peer.deliver(() -> peer.context.listener().onPeerLost(context.nodeId()));
        }
        inbox.shutdownNow();
    }
}
