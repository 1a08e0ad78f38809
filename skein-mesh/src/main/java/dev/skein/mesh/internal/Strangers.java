package dev.skein.mesh.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The nodes this node heard lately and could not let in: nodes it refused for their mesh
 * credentials (none, others, a failed proof), and namespaces other than its own. A call that finds
 * no instance names them: the service may well run there, behind a secret or a namespace that does
 * not match this node's. Remembered for {@link #REMEMBERED}, a few of each (the most recent).
 * Thread-safe; transports report from their I/O threads, so each report costs a map update.
 */
final class Strangers {

    /** How long a refusal or a namespace heard is remembered. */
    static final Duration REMEMBERED = Duration.ofMinutes(10);
    /** How many refused nodes, and how many other namespaces, are remembered at most. */
    static final int MAX_REMEMBERED = 8;

    private record Heard(String what, long atNanos) {
    }

    private final Clock clock;
    /** By node (or address), why it was refused; the most recently refused last. */
    private final LinkedHashMap<String, Heard> refused = new LinkedHashMap<>();
    /** By namespace; the most recently heard last. */
    private final LinkedHashMap<String, Heard> namespaces = new LinkedHashMap<>();

    Strangers(Clock clock) {
        this.clock = clock;
    }

    /** Node {@code peer} was turned away for its mesh credentials, for {@code reason}. */
    void refused(String peer, String reason) {
        remember(refused, peer, reason);
    }

    /** A node of namespace {@code namespace}, not this node's, was heard and ignored. */
    void otherNamespace(String namespace) {
        remember(namespaces, namespace, namespace);
    }

    private void remember(LinkedHashMap<String, Heard> heard, String key, String what) {
        long now = clock.nanoTime();
        synchronized (heard) {
            heard.remove(key);
            heard.put(key, new Heard(what, now));
            while (heard.size() > MAX_REMEMBERED) heard.remove(heard.keySet().iterator().next());
        }
    }

    /**
     * What to add to the message of a call that found no instance: the refusals and namespaces of
     * the last {@link #REMEMBERED}, with what to check; empty when there were none.
     */
    String hint(String ownNamespace) {
        List<String> refusals = recent(refused);
        List<String> others = recent(namespaces);
        StringBuilder hint = new StringBuilder();
        if (!refusals.isEmpty()) {
            hint.append("; this node refused nodes for their mesh credentials in the last ").append(REMEMBERED.toMinutes())
                    .append(" min (").append(String.join("; ", refusals)).append("): every node needs the same mesh secret, "
                            + "or a key the others trust (docs/SECURITY.md)");
        }
        if (!others.isEmpty()) {
            hint.append("; this node heard nodes of other namespaces in the last ").append(REMEMBERED.toMinutes()).append(" min (")
                    .append(String.join(", ", others.stream().map(n -> "'" + n + "'").toList())).append("), not of its own '")
                    .append(ownNamespace).append("': nodes meet only in the same namespace (Mesh.Builder.namespace, --namespace)");
        }
        return hint.toString();
    }

    private List<String> recent(LinkedHashMap<String, Heard> heard) {
        long now = clock.nanoTime();
        List<String> recent = new ArrayList<>();
        synchronized (heard) {
            heard.values().removeIf(h -> now - h.atNanos > REMEMBERED.toNanos());
            for (Map.Entry<String, Heard> e : heard.entrySet()) recent.add(e.getValue().what);
        }
        return recent;
    }
}
