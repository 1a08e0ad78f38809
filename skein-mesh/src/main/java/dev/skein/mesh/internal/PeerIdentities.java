package dev.skein.mesh.internal;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The identities each peer proved (its certificate's CN and OUs on tcp with mutual TLS; its key's
 * name and roles with key-pair credentials), for the mesh's access rules, and the key it proved
 * them with, for what is kept per caller (idempotency). Node ids are random per process, so an
 * entry is kept for the node's life; the table forgets everything past {@value #MAX_NODES}
 * entries. Thread-safe.
 */
final class PeerIdentities {

    private static final int MAX_NODES = 10_000;
    /** Per node, per source ("transport": its certificate; "key": its key pair), what that source proved. */
    private final Map<String, Map<String, Set<String>>> byNode = new ConcurrentHashMap<>();
    /** Per node, the id of the trusted key that announced its session (key-pair credentials). */
    private final Map<String, Integer> keys = new ConcurrentHashMap<>();

    /** What {@code source} proved about {@code nodeId} now, in place of what it proved before. */
    void record(String nodeId, String source, Set<String> identities) {
        if (byNode.size() > MAX_NODES) byNode.clear();
        byNode.computeIfAbsent(nodeId, n -> new ConcurrentHashMap<>()).put(source, Set.copyOf(identities));
    }

    /** Node {@code nodeId} proved it holds the trusted key {@code keyId} (null: none). */
    void provenKey(String nodeId, Integer keyId) {
        if (keyId == null) return;
        if (keys.size() > MAX_NODES) keys.clear();
        keys.put(nodeId, keyId);
    }

    /** The node is gone: nothing it proved stays for whoever takes its id next. */
    void forget(String nodeId) {
        byNode.remove(nodeId);
        keys.remove(nodeId);
    }

    /** The identities of {@code nodeId}, from every source; empty when none proved any. */
    Set<String> of(String nodeId) {
        Map<String, Set<String>> sources = byNode.get(nodeId);
        if (sources == null) return Set.of();
        Set<String> all = new java.util.HashSet<>();
        sources.values().forEach(all::addAll);
        return all;
    }

    /**
     * Who {@code nodeId} proved to be, as one string: the key it holds and what each source proved,
     * or the empty string when it proved nothing (an open mesh; a shared secret, which every node
     * holds alike). Two nodes that proved different things never have the same proof, whatever id
     * they claim.
     */
    String proof(String nodeId) {
        Integer key = keys.get(nodeId);
        Map<String, Set<String>> sources = byNode.get(nodeId);
        if (key == null && sources == null) return "";
        Map<String, Set<String>> sorted = new TreeMap<>();
        if (sources != null) sources.forEach((source, ids) -> sorted.put(source, new TreeSet<>(ids)));
        return (key == null ? "" : "key " + dev.skein.mesh.TrustedKeys.keyIdText(key) + " ") + sorted;
    }

    /** For messages: {@code (identities [a, b])} or {@code (no proven identity)}. */
    String describe(String nodeId) {
        Set<String> ids = of(nodeId);
        return ids.isEmpty() ? "(no proven identity)" : "(identities " + ids + ")";
    }
}
