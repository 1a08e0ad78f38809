package dev.skein.mesh.internal;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The identities each peer's transport proved (its certificate's CN and OUs on tcp with mutual
 * TLS), for the mesh's access rules. Node ids are random per process, so an entry is kept for the
 * node's life; the table forgets everything past {@value #MAX_NODES} entries. Thread-safe.
 */
final class PeerIdentities {

    private static final int MAX_NODES = 10_000;
    private final Map<String, Set<String>> byNode = new ConcurrentHashMap<>();

    void record(String nodeId, Set<String> identities) {
        if (byNode.size() > MAX_NODES) byNode.clear();
        byNode.put(nodeId, Set.copyOf(identities));
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
