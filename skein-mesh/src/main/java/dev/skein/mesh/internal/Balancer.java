package dev.skein.mesh.internal;

import dev.skein.mesh.Balancing;
import dev.skein.mesh.ServiceInfo;
import org.semver4j.Semver;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Picks the instance that serves a call. With a version range, only instances that satisfy it
 * count (and among them only those of the highest version, when the mesh prefers it); then the
 * balancing rule picks one.
 */
final class Balancer {

    private final Balancing balancing;
    private final Map<String, AtomicInteger> turns = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

    Balancer(Balancing balancing) {
        this.balancing = balancing;
    }

    /**
     * The instances of {@code all} that offer {@code method}, satisfy {@code range} (may be null) and
     * are not excluded; with {@code highestOnly}, only those of the highest matching version.
     */
    static List<ServiceInfo> candidates(List<ServiceInfo> all, String method, String range, Set<String> excluded, boolean highestOnly) {
        List<ServiceInfo> out = new ArrayList<>(all.size());
        for (ServiceInfo s : all) {
            if (excluded.contains(s.node()) || method != null && !s.methods().contains(method)) continue;
            if (range != null && !satisfies(s.version(), range)) continue;
            out.add(s);
        }
        if (range == null || !highestOnly || out.size() < 2) return out;
        Semver best = null;
        for (ServiceInfo s : out) {
            Semver v = Semver.coerce(s.version());
            if (v != null && (best == null || v.isGreaterThan(best))) best = v;
        }
        if (best == null) return out;
        List<ServiceInfo> highest = new ArrayList<>();
        for (ServiceInfo s : out) {
            Semver v = Semver.coerce(s.version());
            if (v != null && v.isEqualTo(best)) highest.add(s);
        }
        return highest;
    }

    static boolean satisfies(String version, String range) {
        Semver v = Semver.coerce(version);
        return v != null && v.satisfies(range);
    }

    ServiceInfo pick(String path, List<ServiceInfo> candidates) {
        if (candidates.isEmpty()) return null;
        if (candidates.size() == 1) return candidates.get(0);
        return switch (balancing) {
            case RANDOM -> candidates.get(ThreadLocalRandom.current().nextInt(candidates.size()));
            case FEWEST_IN_FLIGHT -> {
                ServiceInfo best = null;
                int least = Integer.MAX_VALUE;
                int start = turn(path, candidates.size());
                for (int i = 0; i < candidates.size(); i++) {
                    ServiceInfo s = candidates.get((start + i) % candidates.size());
                    int n = inFlight(s.node());
                    if (n < least) {
                        least = n;
                        best = s;
                    }
                }
                yield best;
            }
            case ROUND_ROBIN -> candidates.get(turn(path, candidates.size()));
        };
    }

    void started(String node) {
        inFlight.computeIfAbsent(node, n -> new AtomicInteger()).incrementAndGet();
    }

    void finished(String node) {
        if (node == null) return; // a call that waited in a broker queue, answered by whichever node took it
        AtomicInteger n = inFlight.get(node);
        if (n != null) n.updateAndGet(v -> v > 0 ? v - 1 : 0); // never below idle: a node must not look less busy than one with no calls
    }

    int inFlight(String node) {
        AtomicInteger n = inFlight.get(node);
        return n == null ? 0 : n.get();
    }

    private int turn(String path, int size) {
        return Math.floorMod(turns.computeIfAbsent(path, p -> new AtomicInteger()).getAndIncrement(), size);
    }
}
