package dev.skein.mesh.internal;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The identities each peer proved (its certificate's CN and OUs on tcp with mutual TLS; its key's
 * name and roles with key-pair credentials), for the mesh's access rules. Node ids are random per process, so an entry is kept for the
 * node's life; the table forgets everything past {@value #MAX_NODES} entries. Thread-safe.
 */
final class PeerIdentities {

    private static final int MAX_NODES = 10_000;
    /** Per node, per source ("transport": its certificate; "key": its key pair), what that source proved. */
    private final Map<String, Map<String, Set<String>>> byNode = new ConcurrentHashMap<>();

    /** What {@code source} proved about {@code nodeId} now, in place of what it proved before. */
    void record(String nodeId, String source, Set<String> identities) {
        if (byNode.size() > MAX_NODES) byNode.clear();
        byNode.computeIfAbsent(nodeId, n -> new ConcurrentHashMap<>()).put(source, Set.copyOf(identities));
    }

    /** The node is gone: nothing it proved stays for whoever takes its id next. */
    void forget(String nodeId) {
        byNode.remove(nodeId);
    }

    /** The identities of {@code nodeId}, from every source; empty when none proved any. */
    Set<String> of(String nodeId) {
        Map<String, Set<String>> sources = byNode.get(nodeId);
        if (sources == null) return Set.of();
        Set<String> all = new java.util.HashSet<>();
        sources.values().forEach(all::addAll);
        return all;
    }

    /** For messages: {@code (identities [a, b])} or {@code (no proven identity)}. */
    String describe(String nodeId) {
        Set<String> ids = of(nodeId);
        return ids.isEmpty() ? "(no proven identity)" : "(identities " + ids + ")";
    }
}
