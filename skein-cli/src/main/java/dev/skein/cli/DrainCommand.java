package dev.skein.cli;

import dev.skein.core.errors.NotFound;
import dev.skein.mesh.NodeInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code skein drain NODE}: drains a node and stops it ({@link dev.skein.mesh.Mesh#drain}). */
@Command(modelTransformer = SettingFlags.Mesh.class, name = "drain", mixinStandardHelpOptions = true,
        description = {"Drain a node and stop it: it takes no new calls, finishes those in flight and leaves the mesh;",
                "a 'skein node' process then exits 0. The node must let this one drain it: an access rule for _skein/drain",
                "naming this node's key (--allow-call _skein/drain=ops), or --allow-remote-drain (docs/OPERATIONS.md).",
                "Joins the mesh, listens up to --wait for the node, waits up to --timeout for it to leave."},
        exitCodeListHeading = Main.EXIT_CODES,
        exitCodeList = {"0:the node left the mesh", "2:usage; also a name that several nodes have (the error lists their ids)",
                "103:Forbidden: the node does not let this one drain it (it logs a warning and goes on)",
                "104:NotFound: no node has that id or name", "108:Timeout: the node agreed but had not left within --timeout",
                "203:Unavailable: the node does not take drain requests (an older Skein), or the broker is down"})
final class DrainCommand implements Callable<Integer> {

    @Mixin
    ListenArgs listen;

    @Parameters(index = "0", paramLabel = "NODE", description = "The node's id (orders-1f0c9a2b), or its name (orders) when one node has it")
    String target;

    @Override
    public Integer call() throws Exception {
        long until = System.nanoTime() + listen.wait.toNanos();
        try (Client client = listen.listen()) {
            // listening stops early once the mesh seems quiet; the node asked for may still come, up to --wait
            while (matching(client).isEmpty() && System.nanoTime() < until) Thread.sleep(50);
            if (!matching(client).isEmpty() && System.nanoTime() < until) client.settle(java.time.Duration.ofNanos(until - System.nanoTime()));
            NodeInfo node = resolve(client, matching(client));
            Client.say("draining node %s (%s): it takes no new calls, finishes those in flight and leaves...", node.id(), node.name());
            NodeInfo left = client.mesh.drain(node.id()).toCompletableFuture().join();
            System.out.println("node " + left.id() + " (" + left.name() + ") drained: it left the mesh");
            System.out.flush();
        }
        return 0;
    }

    /** The nodes online now whose id or name is {@link #target}. */
    private List<NodeInfo> matching(Client client) {
        return client.mesh.nodes().stream().filter(n -> !n.local() && n.online() && (n.id().equals(target) || n.name().equals(target))).toList();
    }

    /** The node {@link #target} names among {@code online}: the one with that id, else the one with that name. */
    private NodeInfo resolve(Client client, List<NodeInfo> online) {
        for (NodeInfo n : online) if (n.id().equals(target)) return n;
        List<NodeInfo> named = online.stream().filter(n -> n.name().equals(target)).toList();
        if (named.size() == 1) return named.get(0);
        if (named.isEmpty()) {
            throw new NotFound("No node has the id or name '" + target + "' in namespace '" + client.mesh.options().namespace() + "' ("
                    + client.where() + ") after " + Client.seconds(listen.wait) + "; 'skein nodes' lists them");
        }
        throw new InvalidOptionException("'" + target + "' is the name of " + named.size() + " nodes: "
                + named.stream().map(NodeInfo::id).collect(Collectors.joining(", ")) + "; give the id of the one to drain", null);
    }
}
