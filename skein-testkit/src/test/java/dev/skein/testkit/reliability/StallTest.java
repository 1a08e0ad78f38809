package dev.skein.testkit.reliability;

import dev.skein.core.Params;
import dev.skein.mesh.Mesh;
import dev.skein.mesh.MeshListener;
import dev.skein.mesh.NodeInfo;
import dev.skein.testkit.MeshTck;
import dev.skein.testkit.TestNodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node that stalls (a GC pause, a starved CPU: here a SIGSTOP of its JVM) for less than the stall
 * allowance, {@code deadAfter} with the defaults, is not taken for gone: at most suspected; the calls
 * in flight on it wait and are answered when it runs again, and no one hears it leave. The only
 * instance is frozen, so no call can go elsewhere.
 */
@Timeout(120)
class StallTest {

    private static final String TRANSPORT = "tcp://?beacon=200";
    private NodeProcess server;
    private TestNodes nodes;

    @AfterEach
    void stop() {
        if (server != null) server.close();
        if (nodes != null) nodes.close();
    }

    @Test
    void aNodeFrozenForLessThanTheStallAllowanceKeepsItsCallsAndIsOnlySuspected() throws Exception {
        nodes = new TestNodes(TRANSPORT, b -> b.timeout(Duration.ofSeconds(20)));
        server = new NodeProcess(nodes.namespace(), TRANSPORT);
        TestNodes.Node node = nodes.start("client", app -> { });
        Mesh client = node.mesh();
        MeshTck.awaitService(node.app(), "items");
        List<String> heard = new CopyOnWriteArrayList<>();
        client.addListener(new MeshListener() {
            @Override
            public void nodeLeft(NodeInfo node, boolean graceful) {
                heard.add("left " + node.offlineReason());
            }

            @Override
            public void nodeSuspected(NodeInfo node, boolean suspected) {
                heard.add(suspected ? "suspected" : "heard again");
            }
        });
        // warm the heartbeat history with a few quiet intervals
        Thread.sleep(Mesh.DEFAULT_HEARTBEAT_INTERVAL.toMillis() * 5);

        // its last heartbeat came up to an interval before the freeze: silent for 2 to 3 s of the 3.5 s allowance
        Duration stall = Mesh.DEFAULT_DEAD_AFTER.minus(Mesh.DEFAULT_HEARTBEAT_INTERVAL.multipliedBy(3).dividedBy(2));
        server.freeze();
        long frozenAt = System.nanoTime();
        List<CompletableFuture<Object>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) calls.add(node.app().service("items").get(i, new Params()));
        Thread.sleep(stall.toMillis() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - frozenAt));
        server.thaw();

        for (CompletableFuture<Object> call : calls) assertThat(MeshTck.map(call.get(20, TimeUnit.SECONDS))).containsKey("from");
        Thread.sleep(Mesh.DEFAULT_HEARTBEAT_INTERVAL.toMillis() * 2); // a round to hear it again in
        System.out.println("STALL SIGSTOP of the only instance for " + stall.toMillis() + " ms (allowance: deadAfter "
                + Mesh.DEFAULT_DEAD_AFTER.toMillis() + " ms and more for late heartbeats): 8 calls answered; the client heard " + heard);
        assertThat(heard).as("what the client heard of the frozen node: suspected (when a round fell in its silence past one missed "
                + "heartbeat), never left").isIn(List.of(), List.of("suspected", "heard again"));
        assertThat(client.nodes()).extracting(NodeInfo::id).contains(server.nodeId);
    }
}
