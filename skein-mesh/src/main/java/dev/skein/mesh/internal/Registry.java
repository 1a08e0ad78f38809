package dev.skein.mesh.internal;

import dev.skein.mesh.Health;
import dev.skein.mesh.NodeInfo;
import dev.skein.mesh.ServiceInfo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The remote nodes this node knows and the service instances they offer. Changed only on the
 * mesh's control queue (one thread at a time); read from any thread through immutable snapshots.
 */
final class Registry {

    /** A remote node. {@code lastSeen} is written on heartbeat arrival; everything else is replaced whole. */
    static final class Peer {
        final String id;
        volatile String name = "";
        volatile String address = "";
        volatile Map<String, ServiceInfo> services = Map.of();
        volatile Health health = Health.UNKNOWN;
        volatile long lastSeenNanos = System.nanoTime();
        volatile Instant lastSeen = Instant.now();
        volatile boolean leaving;

        Peer(String id) {
            this.id = id;
        }

        NodeInfo info() {
            return new NodeInfo(id, name, address, false, List.copyOf(services.values()), health, lastSeen);
        }
    }

    private final Map<String, Peer> peers = new ConcurrentHashMap<>();
    private volatile Map<String, List<ServiceInfo>> byPath = Map.of();
    private volatile CompletableFuture<Void> changed = new CompletableFuture<>();

    Peer peer(String id) {
        return peers.get(id);
    }

    Collection<Peer> peers() {
        return peers.values();
    }

    Peer add(String id) {
        return peers.computeIfAbsent(id, Peer::new);
    }

    Peer remove(String id) {
        return peers.remove(id);
    }

    /** Remote instances of {@code path}, in a stable order; empty when there are none. */
    List<ServiceInfo> instances(String path) {
        return byPath.getOrDefault(path, List.of());
    }

    Map<String, List<ServiceInfo>> byPath() {
        return byPath;
    }

    /** Completes at the next change of instances. */
    CompletableFuture<Void> nextChange() {
        return changed;
    }

    /** Recomputes the instances by path after peers changed, and wakes whoever waits for a change. */
    synchronized void rebuild() {
        Map<String, List<ServiceInfo>> index = new LinkedHashMap<>();
        List<Peer> sorted = new ArrayList<>(peers.values());
        sorted.sort((a, b) -> a.id.compareTo(b.id));
        for (Peer peer : sorted) {
            if (peer.leaving) continue;
            for (ServiceInfo s : peer.services.values()) index.computeIfAbsent(s.path(), p -> new ArrayList<>()).add(s);
        }
        index.replaceAll((p, list) -> List.copyOf(list));
        byPath = Map.copyOf(index);
        CompletableFuture<Void> previous = changed;
        changed = new CompletableFuture<>();
        previous.complete(null);
    }
}
