package dev.skein.mesh.internal;

import dev.skein.core.errors.BadRequest;
import dev.skein.core.errors.Forbidden;
import dev.skein.core.errors.MethodNotAllowed;
import dev.skein.core.errors.SkeinError;
import dev.skein.core.errors.Timeout;
import dev.skein.mesh.Access;
import dev.skein.mesh.MeshListener;
import dev.skein.mesh.MeshSettings;
import dev.skein.mesh.NodeInfo;
import dev.skein.mesh.spi.Packet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Draining a node from another one (an operator's {@code skein drain}, {@code Mesh.drain}): a request
 * to the built-in path {@link #PATH}, which no service may take and no node announces. The node
 * asked leaves as {@code close()} leaves (no new calls, the calls in flight finished, its leave said)
 * when the sender may drain it: the identities an access rule for {@link #PATH} names, or, when no
 * rule names it, any node if the node allows remote drains ({@link MeshSettings#ALLOW_REMOTE_DRAIN}).
 * Anyone else is refused (Forbidden) with one warning per sender and minute, and nothing happens.
 * A node of an older Skein answers the request NotFound, as for any path it does not serve.
 */
final class RemoteDrain {

    private static final Logger LOG = LoggerFactory.getLogger(MeshNode.class); // its lines keep the node's name

    /** The built-in path of the drain request; a service registered there is never reached from another node. */
    static final String PATH = "_skein/drain";
    /** The drain request's method. */
    static final String METHOD = "drain";

    private final NodeContext ctx;
    private final Runnable leave;
    /** Completes with the id of the node that drained this one, once this node has left on its request. */
    private final CompletableFuture<String> drained = new CompletableFuture<>();

    /** Drains by running {@code leave} (the node's graceful close). */
    RemoteDrain(NodeContext ctx, Runnable leave) {
        this.ctx = ctx;
        this.leave = leave;
    }

    /** See {@link dev.skein.mesh.Mesh#drained()}. */
    CompletableFuture<String> drained() {
        return drained;
    }

    /** Serves drain request {@code p}: answers it through {@code answer} (result, failure), then leaves when the sender may drain this node. */
    void serve(Packet p, BiConsumer<Object, Throwable> answer) {
        if (!METHOD.equals(p.method)) {
            answer.accept(null, new MethodNotAllowed("Method '" + p.method + "' does not exist on " + PATH + "; it offers [" + METHOD + "]"));
            return;
        }
        if (!mayDrain(p.from)) {
            if (ctx.dropLines.allow("drain " + p.from)) {
                LOG.warn("Node {} refused to be drained by node {} {}: {} (one line per sender and minute)", ctx.nodeId, p.from,
                        ctx.identities.describe(p.from), why());
            }
            answer.accept(null, new Forbidden("Node " + ctx.nodeId + " may not be drained by node " + p.from + " "
                    + ctx.identities.describe(p.from) + ": " + why()));
            return;
        }
        answer.accept(Map.of("node", ctx.nodeId, "draining", true), null);
        if (ctx.closing) return; // leaving already
        LOG.info("Node {} drains on the request of node {} {}: it takes no new calls, finishes those in flight and leaves",
                ctx.nodeId, p.from, ctx.identities.describe(p.from));
        Thread t = new Thread(() -> {
            leave.run();
            drained.complete(p.from);
        }, "skein-drain-" + ctx.nodeId);
        t.start(); // not on the transport's thread: leaving waits for the calls in flight
    }

    private boolean mayDrain(String from) {
        Access access = ctx.options.security().access();
        if (access != null && access.restrictsCalls(PATH)) return access.mayCall(ctx.identities.of(from), PATH, METHOD);
        return ctx.options.get(MeshSettings.ALLOW_REMOTE_DRAIN);
    }

    private String why() {
        Access access = ctx.options.security().access();
        return access != null && access.restrictsCalls(PATH)
                ? "only the identities the access rule for " + PATH + " names may (--allow-call " + PATH + "=<identity>)"
                : "no access rule names " + PATH + " and the node does not allow remote drains (allowRemoteDrain, --allow-remote-drain)";
    }

    /**
     * Asks node {@code nodeId} to drain, with {@code outbound}'s targeted call, and completes with it as
     * the fleet lists it once it has said it leaves; fails with the node's refusal (Forbidden), NotFound
     * for a node this one does not know, or Timeout when it has not left within {@code timeout}.
     */
    static CompletableFuture<NodeInfo> request(NodeContext ctx, OutboundCalls outbound, Membership membership, String nodeId,
                                               Duration timeout) {
        CompletableFuture<NodeInfo> left = new CompletableFuture<>();
        if (nodeId == null || nodeId.isBlank() || nodeId.equals(ctx.nodeId)) {
            left.completeExceptionally(new BadRequest("Node " + ctx.nodeId + " cannot drain " + (nodeId == null || nodeId.isBlank()
                    ? "a node without an id" : "itself: close its mesh (Mesh.close) to leave")));
            return left;
        }
        MeshListener watch = new MeshListener() {
            @Override
            public void nodeLeft(NodeInfo node, boolean graceful) {
                if (node.id().equals(nodeId)) left.complete(node);
            }
        };
        membership.addListener(watch);
        left.whenComplete((n, e) -> membership.removeListener(watch));
        outbound.callNode(nodeId, PATH, METHOD, null, timeout).whenComplete((answer, failure) -> {
            if (failure != null) {
                left.completeExceptionally(SkeinError.unwrap(failure));
                return;
            }
            offline(membership, nodeId, left::complete); // it may have left before the answer came
            try {
                ctx.scheduler.schedule(() -> left.completeExceptionally(new Timeout("Node " + nodeId + " agreed to drain but had not "
                        + "left the mesh after " + timeout.toMillis() + " ms")), timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                left.completeExceptionally(new dev.skein.core.errors.Unavailable("Node " + ctx.nodeId + " left the mesh while node "
                        + nodeId + " was draining"));
            }
        });
        return left;
    }

    private static void offline(Membership membership, String nodeId, Consumer<NodeInfo> then) {
        for (NodeInfo n : membership.fleet()) if (n.id().equals(nodeId) && !n.online()) then.accept(n);
    }
}
