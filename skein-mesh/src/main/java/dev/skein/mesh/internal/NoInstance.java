package dev.skein.mesh.internal;

import dev.skein.core.errors.Unavailable;
import dev.skein.mesh.NodeInfo;

import java.time.Duration;
import java.util.List;

/**
 * The error of a call that waited for an instance of its service until its timeout and found none,
 * saying what this node can tell apart: no node offering the service was ever heard, or nodes that
 * offered it went offline (which, why, when last heard); and, either way, the nodes it refused
 * lately for their mesh credentials and the other namespaces it heard ({@link Strangers}), behind
 * which the service may run.
 */
final class NoInstance {

    private NoInstance() {
    }

    /**
     * The error for a call of {@code path}. A call from outside the mesh ({@code external}: a
     * gateway's client) hears only that no instance answered: the nodes, namespaces and strangers
     * this node knows of are the mesh's business, so they go to this node's log instead (once a
     * minute per path), where its operator reads them.
     */
    static Unavailable error(NodeContext ctx, Registry registry, String path, String versionRange, Duration timeout, boolean external) {
        StringBuilder m = new StringBuilder("No instance of service '").append(path).append("' is available");
        if (versionRange != null) m.append(" matching version ").append(versionRange);
        m.append("; waited for one until the call's timeout (").append(timeout.toMillis()).append(" ms)");
        String why = (registry.instances(path).isEmpty() ? offline(ctx, registry, path) : "") + ctx.strangers.hint(ctx.options.namespace());
        if (!external) return new Unavailable(m.append(why).toString());
        if (!why.isEmpty() && ctx.dropLines.allow("no instance " + path)) {
            LOG.warn("Node {}: a call of '{}' from outside the mesh found no instance{}", ctx.nodeId, path, why);
        }
        return new Unavailable(m.toString());
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MeshNode.class);

    /** Which nodes that offered {@code path} went offline, or that none was heard. */
    private static String offline(NodeContext ctx, Registry registry, String path) {
        Duration retention = ctx.options.membership().offlineRetention();
        List<NodeInfo> gone = registry.offline(retention).stream()
                .filter(n -> n.services().stream().anyMatch(s -> s.path().equals(path))).toList();
        if (gone.isEmpty()) {
            return "; this node has heard no node of namespace '" + ctx.options.namespace() + "' that offers it"
                    + (retention.isZero() ? "" : " (it remembers nodes gone offline for " + retention + ", Mesh.Builder.offlineRetention)");
        }
        NodeInfo last = gone.get(0);
        String name = last.name() == null || last.name().isBlank() || last.name().equals(last.id()) ? "" : " (" + last.name() + ")";
        return "; it was offered by node " + last.id() + name + ", offline since it " + why(last.offlineReason())
                + ", last heard at " + last.lastSeen() + (gone.size() > 1 ? ", and by " + (gone.size() - 1) + " more node(s) gone offline" : "");
    }

    private static String why(String reason) {
        return switch (reason == null ? "" : reason) {
            case NodeInfo.LEFT -> "left the mesh";
            case NodeInfo.CONNECTION_CLOSED -> "closed its connection";
            case NodeInfo.SILENT -> "fell silent (no heartbeat)";
            default -> "went away (" + reason + ")";
        };
    }
}
