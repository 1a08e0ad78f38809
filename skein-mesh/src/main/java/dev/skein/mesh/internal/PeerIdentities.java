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
    private final Map<String, Set<String>> byNode = new ConcurrentHashMap<>();

    /** Adds what a transport or a node's key proved about {@code nodeId} to what was proven before. */
    void record(String nodeId, Set<String> identities) {
        if (byNode.size() > MAX_NODES) byNode.clear();
        byNode.merge(nodeId, Set.copyOf(identities), (before, added) -> {
            Set<String> all = new java.util.HashSet<>(before);
            all.addAll(added);
            return Set.copyOf(all);
        });
    }

    /** The identities of {@code nodeId}; empty when its transport proved none. */
    Set<String> of(String nodeId) {
        return byNode.getOrDefault(nodeId, Set.of());
    }

    /** For messages: {@code (identities [a, b])} or {@code (no proven identity)}. */
    String describe(String nodeId) {
        Set<String> ids = of(nodeId);
        return ids.isEmpty() ? "(no proven identity)" : "(identities " + ids + ")";
    }
}
