package dev.skein.gateway.internal;

import dev.skein.core.App;
import dev.skein.mesh.Mesh;
import dev.skein.mesh.MeshListener;
import dev.skein.mesh.ServiceInfo;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The remote instances of each path as the gateway knows them, by the local path of the path's
 * proxy: kept from the mesh's listener, so that asking costs a map lookup, and which paths ever had
 * one (a path left by its last instance, not one never discovered).
 *
 * <p>The mesh tells its listeners of a change just before it changes what {@link Mesh#services()}
 * answers, so a look at the mesh may be a moment behind its listener: an instance whose removal was
 * heard is not taken back from a look for a minute after, and a look adds only what the listener
 * missed (what was heard before it was added). Thread-safe.
 */
final class MeshInstances implements MeshListener {

    /** How long a heard removal outweighs a look at the mesh that still shows the instance. */
    private static final long REMOVAL_MEMORY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private record Instance(String path, String node) {
    }

    private final Mesh mesh;
    private final Runnable arrived;
    private final Map<String, Set<String>> nodes = new ConcurrentHashMap<>();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    /** Instances whose last news was their removal, with when it was heard ({@link System#nanoTime()}); guarded by {@link #lock}. */
    private final Map<Instance, Long> removed = new java.util.HashMap<>();
    private final ReentrantLock lock = new ReentrantLock();

    /** The instances of {@code mesh}; {@code arrived} runs whenever one appears (on the mesh's thread: it must be quick). */
    MeshInstances(Mesh mesh, Runnable arrived) {
        this.mesh = mesh;
        this.arrived = arrived;
    }

    /** Starts listening, then looks at the instances the mesh knows already. */
    void start() {
        mesh.addListener(this);
        look(null);
    }

    void close() {
        mesh.removeListener(this);
    }

    /** Whether a remote instance of the path whose proxy is at {@code localPath} is known. */
    boolean has(String localPath) {
        return nodes.containsKey(localPath);
    }

    /** Whether the path ever had one. */
    boolean seen(String localPath) {
        return seen.contains(localPath);
    }

    /**
     * Looks at every instance the mesh knows now (a copy of all of them: for the slow path only) and
     * adds those this view missed; whether {@code localPath} (null: none) has one.
     */
    boolean look(String localPath) {
        List<ServiceInfo> all = mesh.services();
        boolean found = false;
        boolean missed = false;
        for (ServiceInfo s : all) {
            if (s.node().equals(mesh.nodeId())) continue; // this node's own are called locally, never waited for
            String path = localPath(s.path());
            lock.lock();
            try {
                Long heard = removed.get(new Instance(path, s.node()));
                if (heard != null && System.nanoTime() - heard < REMOVAL_MEMORY_NANOS) continue;
                found |= path.equals(localPath);
                missed |= nodes.computeIfAbsent(path, p -> ConcurrentHashMap.newKeySet()).add(s.node());
                seen.add(path);
            } finally {
                lock.unlock();
            }
        }
        if (missed) arrived.run();
        return found;
    }

    @Override
    public void serviceAdded(ServiceInfo service) {
        if (service.node().equals(mesh.nodeId())) return;
        String path = localPath(service.path());
        lock.lock();
        try {
            removed.remove(new Instance(path, service.node()));
            nodes.computeIfAbsent(path, p -> ConcurrentHashMap.newKeySet()).add(service.node());
            seen.add(path);
        } finally {
            lock.unlock();
        }
        arrived.run();
    }

    @Override
    public void serviceRemoved(ServiceInfo service) {
        String path = localPath(service.path());
        long now = System.nanoTime();
        lock.lock();
        try {
            nodes.computeIfPresent(path, (p, set) -> {
                set.remove(service.node());
                return set.isEmpty() ? null : set;
            });
            removed.values().removeIf(heard -> now - heard >= REMOVAL_MEMORY_NANOS);
            removed.put(new Instance(path, service.node()), now);
        } finally {
            lock.unlock();
        }
    }

    /** The path at which this node's app holds the proxy of remote {@code path}. */
    private String localPath(String remotePath) {
        return App.normalize(mesh.options().services().proxyPath().apply(remotePath));
    }
}
