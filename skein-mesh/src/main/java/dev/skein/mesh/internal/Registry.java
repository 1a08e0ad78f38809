package dev.skein.mesh.internal;

import dev.skein.mesh.Health;
import dev.skein.mesh.NodeInfo;
import dev.skein.mesh.ServiceInfo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The remote nodes this node knows and the service instances they offer. Changed only on the
 * mesh's control queue (one thread at a time); read from any thread through immutable snapshots.
 */
final class Registry {

    /** A remote node. {@code lastSeenNanos} is written as its frames arrive; everything else is replaced whole. */
    static final class Peer {
        final String id;
        volatile String name = "";
        volatile String role = "";
        volatile String host = "";
        volatile String address = "";
        volatile Map<String, ServiceInfo> services = Map.of();
        volatile Health health = Health.UNKNOWN;
        private final Clock clock;
        /** When this node last heard a frame of it ({@link Clock#nanoTime()}): what decides it is silent. */
        volatile long lastSeenNanos;
        /** When its heartbeats came: how late they are, for {@link FailureDetector}. */
        final HeartbeatHistory heartbeats = new HeartbeatHistory();
        /** Silent for about a missed heartbeat and not gone yet: new calls prefer other instances. */
        volatile boolean suspected;
        volatile boolean leaving;

        Peer(String id, Clock clock) {
            this.id = id;
            this.clock = clock;
            this.lastSeenNanos = clock.nanoTime();
        }

        /**
         * It was heard from: any frame of it counts, not only its heartbeats, since a peer busy
         * sending calls may have its heartbeats waiting behind them. Written at most once a
         * millisecond, as frames arrive.
         */
        void heard() {
            long now = clock.nanoTime();
            if (now - lastSeenNanos > 1_000_000L) lastSeenNanos = now;
        }

        /**
         * How many large frames of it this node is decoding now: while it does, the silence is this
         * node's, not the peer's, and {@link #silentSince} says it was just heard.
         */
        private final java.util.concurrent.atomic.AtomicInteger reading = new java.util.concurrent.atomic.AtomicInteger();

        /**
         * This node was itself stalled for {@code nanos} (it could not hear anyone): that time is not
         * the peer's silence, so it counts as heard that much later, never later than {@code now}.
         */
        void forgive(long nanos, long now) {
            long seen = lastSeenNanos;
            lastSeenNanos = now - seen < nanos ? now : seen + nanos;
        }

        void readingStarts() {
            reading.incrementAndGet();
            lastSeenNanos = clock.nanoTime();
        }

        void readingEnds() {
            lastSeenNanos = clock.nanoTime();
            reading.decrementAndGet();
        }

        /** When it was last heard, as of {@code now}: {@code now} itself while one of its frames is being read. */
        long silentSince(long now) {
            return reading.get() > 0 ? now : lastSeenNanos;
        }

        Instant lastSeen() {
            return clock.now().minusNanos(clock.nanoTime() - lastSeenNanos);
        }

        NodeInfo info() {
            return new NodeInfo(id, name, address, false, List.copyOf(services.values()), health, lastSeen(), true, null, role, host);
        }
    }

    private final Clock clock;
    private final Map<String, Peer> peers = new ConcurrentHashMap<>();
    /** Nodes gone offline, the most recently gone last: kept for the offline retention, at most {@link dev.skein.mesh.Mesh#MAX_OFFLINE_NODES}. */
    private final java.util.LinkedHashMap<String, Gone> offline = new java.util.LinkedHashMap<>();

    private record Gone(NodeInfo info, long atNanos) {
    }
    /**
     * Nodes that said they leave, the latest last, at most {@link dev.skein.mesh.Mesh#MAX_OFFLINE_NODES}:
     * a node that left never comes back under its id, so a hello of it that arrives late (its last
     * leave overtook it) must not add it again.
     */
    private final java.util.Set<String> left = java.util.Collections.newSetFromMap(new java.util.LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > MeshNode.MAX_OFFLINE_NODES;
        }
    });
    /** Instances by path: each list immutable and replaced whole; only the paths a change touched are recomputed. */
    private final Map<String, List<ServiceInfo>> byPath = new ConcurrentHashMap<>();
    private volatile CompletableFuture<Void> changed = new CompletableFuture<>();

    /** A registry on the system's clock. */
    Registry() {
        this(Clock.system());
    }

    /** A registry whose peers are heard, and go offline, on {@code clock}'s time. */
    Registry(Clock clock) {
        this.clock = clock;
    }

    Peer peer(String id) {
        return peers.get(id);
    }

    Collection<Peer> peers() {
        return peers.values();
    }

    /** The peer {@code id}, made if new; a node heard again is no longer offline. */
    Peer add(String id) {
        Peer peer = peers.get(id);
        if (peer != null) return peer;
        synchronized (offline) {
            offline.remove(id);
        }
        return peers.computeIfAbsent(id, n -> new Peer(n, clock));
    }

    /** Node {@code id} said it leaves: from now on it is one that {@link #hasLeft}. */
    void left(String id) {
        synchronized (left) {
            left.add(id);
        }
    }

    /** Whether node {@code id} said it leaves (one of the latest {@link dev.skein.mesh.Mesh#MAX_OFFLINE_NODES} that did). */
    boolean hasLeft(String id) {
        synchronized (left) {
            return left.contains(id);
        }
    }

    /** Keeps {@code info} (offline) for {@code retention}; zero keeps nothing. */
    void wentOffline(NodeInfo info, java.time.Duration retention) {
        if (retention.isZero()) return;
        synchronized (offline) {
            offline.remove(info.id());
            offline.put(info.id(), new Gone(info, clock.nanoTime()));
            while (offline.size() > MeshNode.MAX_OFFLINE_NODES) offline.remove(offline.keySet().iterator().next());
        }
    }

    /** The nodes gone offline within {@code retention}, most recently gone first; older ones are forgotten. */
    List<NodeInfo> offline(java.time.Duration retention) {
        long now = clock.nanoTime();
        List<NodeInfo> list = new ArrayList<>();
        synchronized (offline) {
            offline.values().removeIf(g -> now - g.atNanos > retention.toNanos());
            for (Gone g : offline.values()) list.add(g.info);
        }
        java.util.Collections.reverse(list);
        return list;
    }

    Peer remove(String id) {
        return peers.remove(id);
    }

    /** Remote instances of {@code path}, in a stable order; empty when there are none. */
    List<ServiceInfo> instances(String path) {
        return byPath.getOrDefault(path, List.of());
    }

    /** Every path with instances, and its instances (a live, read-only view). */
    Map<String, List<ServiceInfo>> byPath() {
        return java.util.Collections.unmodifiableMap(byPath);
    }

    /** Completes at the next change of instances. */
    CompletableFuture<Void> nextChange() {
        return changed;
    }

    /** Recomputes the instances of every path, and wakes whoever waits for a change. */
    synchronized void rebuild() {
        java.util.Set<String> paths = new java.util.HashSet<>(byPath.keySet());
        for (Peer peer : peers.values()) paths.addAll(peer.services.keySet());
        rebuild(paths);
    }

    /**
     * Recomputes the instances of {@code paths} after peers changed (a hello, a leave, a loss),
     * and wakes whoever waits for a change. A change touches the paths of one peer, so its cost
     * grows with the mesh's size once (the peers offering those paths), not with every path the
     * mesh knows.
     */
    synchronized void rebuild(Collection<String> paths) {
        for (String path : paths) {
            List<ServiceInfo> instances = new ArrayList<>();
            for (Peer peer : peers.values()) {
                if (peer.leaving) continue;
                ServiceInfo s = peer.services.get(path);
                if (s != null) instances.add(s);
            }
            if (instances.isEmpty()) {
                byPath.remove(path);
            } else {
                instances.sort((a, b) -> a.node().compareTo(b.node()));
                byPath.put(path, List.copyOf(instances));
            }
        }
        CompletableFuture<Void> previous = changed;
        changed = new CompletableFuture<>();
        previous.complete(null);
    }
}
