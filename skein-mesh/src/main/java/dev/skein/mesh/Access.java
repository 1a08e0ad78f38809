package dev.skein.mesh;

import dev.skein.core.ServicePath;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Per-service access rules by node identity: which nodes may call which methods of a path, and
 * which may offer a path. A node's identities are the names its transport proved: on {@code tcp}
 * with mutual TLS, the common name (CN) and the organisational units (OU, read as roles) of its
 * certificate. A node without proven identities has none.
 *
 * <p>Rules restrict only the paths they name: a path named by {@link Builder#call} may be called
 * from another node only by the listed identities (for that method, or for every method with
 * {@code "*"}); a path named by {@link Builder#offer} is registered from another node only when
 * that node has one of the listed identities. Paths no rule names stay open to every node of the
 * mesh. Calls a node makes to itself are never checked. Every node enforces the rules it is
 * given, so give all nodes the same. Immutable and thread-safe.
 *
 * <pre>{@code
 * Access access = Access.builder()
 *         .call("payments", "create", "orders", "admin")   // orders and admins may create payments
 *         .call("payments", "*", "admin")                   // admins may call any method of it
 *         .offer("payments", "billing")                     // only billing nodes may serve payments
 *         .build();
 * }</pre>
 */
public final class Access {

    /** A method name that stands for every method of a path. */
    public static final String ANY_METHOD = "*";

    private final Map<String, Map<String, Set<String>>> callers;
    private final Map<String, Set<String>> offerers;

    private Access(Builder b) {
        Map<String, Map<String, Set<String>>> c = new LinkedHashMap<>();
        b.callers.forEach((path, methods) -> {
            Map<String, Set<String>> m = new LinkedHashMap<>();
            methods.forEach((method, ids) -> m.put(method, Set.copyOf(ids)));
            c.put(path, Map.copyOf(m));
        });
        this.callers = Map.copyOf(c);
        Map<String, Set<String>> o = new LinkedHashMap<>();
        b.offerers.forEach((path, ids) -> o.put(path, Set.copyOf(ids)));
        this.offerers = Map.copyOf(o);
    }

    /** A builder with no rules: every node may call and offer everything until a rule names a path. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Whether a node with these identities may call {@code method} of {@code path} on this node.
     * Rules hold canonical paths ({@link ServicePath}); a path that is not canonical is never
     * allowed, so no other spelling of a path slips past the rule that names it.
     */
    public boolean mayCall(Set<String> identities, String path, String method) {
        if (!ServicePath.isCanonical(path)) return false;
        Map<String, Set<String>> methods = callers.get(path);
        if (methods == null) return true;
        return any(identities, methods.get(method)) || any(identities, methods.get(ANY_METHOD));
    }

    /**
     * Whether a {@link Builder#call} rule names {@code path}: then only the identities it lists may call it. The
     * drain path ({@link Mesh#DRAIN_PATH}) is closed unless a rule names it or the node allows remote drains.
     */
    public boolean restrictsCalls(String path) {
        return callers.containsKey(path);
    }

    /** Whether a node with these identities may offer {@code path} to this node; never for a path that is not canonical. */
    public boolean mayOffer(Set<String> identities, String path) {
        if (!ServicePath.isCanonical(path)) return false;
        Set<String> allowed = offerers.get(path);
        return allowed == null || any(identities, allowed);
    }

    private static boolean any(Set<String> identities, Set<String> allowed) {
        if (allowed == null) return false;
        for (String id : identities) if (allowed.contains(id)) return true;
        return false;
    }

    @Override
    public String toString() {
        return "Access{call=" + callers + ", offer=" + offerers + "}";
    }

    /** Builds {@link Access}; rules for one path and method add up. */
    public static final class Builder {
        private final Map<String, Map<String, Set<String>>> callers = new LinkedHashMap<>();
        private final Map<String, Set<String>> offerers = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Only nodes with one of these identities may call {@code method} ({@code "*"}: every method) of {@code path}
         * (written as in {@code App.use}: trimmed of slashes at either end, then it must be canonical).
         */
        public Builder call(String path, String method, String... identities) {
            Objects.requireNonNull(method, "method");
            callers.computeIfAbsent(dev.skein.core.App.normalize(path), p -> new LinkedHashMap<>())
                    .computeIfAbsent(method, m -> new LinkedHashSet<>()).addAll(names(identities));
            return this;
        }

        /** Only nodes with one of these identities may offer {@code path} (trimmed, then canonical, as in {@code App.use}). */
        public Builder offer(String path, String... identities) {
            offerers.computeIfAbsent(dev.skein.core.App.normalize(path), p -> new LinkedHashSet<>()).addAll(names(identities));
            return this;
        }

        private static List<String> names(String... identities) {
            List<String> list = new ArrayList<>();
            for (String id : identities) {
                if (id == null || id.isBlank()) throw new IllegalArgumentException("an identity must not be blank");
                list.add(id);
            }
            return list;
        }

        /** The rules, immutable; the builder may be reused. */
        public Access build() {

            return new Access(this);
        }
    }
}
