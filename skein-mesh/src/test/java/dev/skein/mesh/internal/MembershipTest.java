package dev.skein.mesh.internal;

import dev.skein.core.Params;
import dev.skein.mesh.Mesh;
import dev.skein.mesh.MeshListener;
import dev.skein.mesh.NodeInfo;
import dev.skein.mesh.ServiceInfo;
import dev.skein.mesh.spi.Packet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The nodes of the mesh as one node sees them ({@link Membership}), alone: the test hands it the
 * hellos, heartbeats and leaves of its peers and moves the clock that drives its heartbeats and
 * judgements (every 1 s; a peer silent for 3.5 s is gone).
 */
@org.junit.jupiter.api.Timeout(10)
class MembershipTest {

    private static final Duration SECOND = Duration.ofSeconds(1);

    private final NodeParts node = new NodeParts("watcher-1", Mesh.builder().namespace("membership").heartbeat(SECOND, Duration.ofMillis(3500)));
    private final Membership membership = node.membership;
    /** What the listeners heard, each with when (milliseconds on the node's clock). */
    private final List<String> heard = new ArrayList<>();

    @BeforeEach
    void listen() {
        membership.addListener(new MeshListener() {
            @Override
            public void nodeJoined(NodeInfo info) {
                heard.add("joined " + info.id() + " at " + at());
            }

            @Override
            public void nodeLeft(NodeInfo info, boolean graceful) {
                heard.add("left " + info.id() + " graceful=" + graceful + " reason=" + info.offlineReason() + " at " + at());
            }

            @Override
            public void nodeSuspected(NodeInfo info, boolean suspected) {
                heard.add((suspected ? "suspected " : "cleared ") + info.id() + " at " + at());
            }

            @Override
            public void serviceAdded(ServiceInfo service) {
                heard.add("added " + service.path() + " of " + service.node());
            }
        });
        membership.startHeartbeats();
    }

    @AfterEach
    void close() {
        membership.stopHeartbeats();
        node.close();
    }

    private long at() {
        return node.clock.elapsed().toMillis();
    }

    private void hello(String from, String... methods) {
        Packet p = new Packet(Packet.Type.HELLO, from);
        ServiceInfo todos = new ServiceInfo("todos", from, List.of(methods), List.of(), "1.0.0", Map.of());
        p.node = Map.of("name", "peer", "services", List.of(todos.toWire()));
        membership.onHello(p);
    }

    private void heartbeat(String from) {
        membership.onHeartbeat(new Packet(Packet.Type.HEARTBEAT, from));
    }

    /** Moves on {@code seconds} seconds, the peers in {@code beating} sending a heartbeat each second, just after this node's. */
    private void seconds(int seconds, String... beating) {
        for (int i = 0; i < seconds; i++) {
            node.clock.advance(SECOND);
            for (String peer : beating) heartbeat(peer);
        }
    }

    private List<String> nodeIds() {
        return membership.nodes().stream().map(NodeInfo::id).toList();
    }

    @Test
    void aPeerFoundIsToldToTheListenersAndAnsweredWithThisNodesHello() {
        hello("peer-1", "find");

        assertThat(heard).containsExactly("joined peer-1 at 0", "added todos of peer-1");
        assertThat(nodeIds()).containsExactly("watcher-1", "peer-1");
        assertThat(node.registry.instances("todos")).extracting(ServiceInfo::node).containsExactly("peer-1");
        assertThat(node.transport.last(Packet.Type.HELLO).to()).isEqualTo("peer-1");
    }

    /** A node's record names the machine it runs on, as it says it in its hello; what is not a host name is not shown. */
    @Test
    void aNodeRecordNamesItsHostAndAHostThatIsNotANameIsDropped() {
        Packet good = new Packet(Packet.Type.HELLO, "peer-1");
        good.node = Map.of("name", "peer", "host", "db-07.example");
        membership.onHello(good);
        Packet bad = new Packet(Packet.Type.HELLO, "peer-2");
        bad.node = Map.of("name", "peer", "host", "evil\u001b[31m host");
        membership.onHello(bad);

        Map<String, String> hosts = new java.util.HashMap<>();
        membership.nodes().forEach(n -> hosts.put(n.id(), n.host()));
        assertThat(hosts).containsEntry("peer-1", "db-07.example").containsEntry("peer-2", "").containsEntry("watcher-1", LocalHost.NAME);
        assertThat(node.transport.last(Packet.Type.HELLO).packet().node).containsEntry("host", LocalHost.NAME);
    }

    @Test
    void thisNodeBroadcastsAHeartbeatEveryInterval() {
        seconds(3);

        assertThat(node.transport.of(Packet.Type.HEARTBEAT)).hasSize(3).allSatisfy(s -> assertThat(s.to()).isNull());
    }

    @Test
    void aPeerThatFallsSilentIsSuspectedAfterAMissedHeartbeatAndRemovedAfterDeadAfter() {
        hello("peer-1", "find");
        seconds(6, "peer-1"); // last heard at 6 s, its heartbeats regular

        seconds(2);
        assertThat(heard).containsExactly("joined peer-1 at 0", "added todos of peer-1");
        seconds(1);
        assertThat(heard).endsWith("suspected peer-1 at 9000");
        assertThat(node.registry.peer("peer-1").suspected).isTrue();
        assertThat(nodeIds()).as("suspected, still a node").contains("peer-1");

        seconds(1);
        assertThat(heard).endsWith("left peer-1 graceful=false reason=" + NodeInfo.SILENT + " at 10000");
        assertThat(nodeIds()).containsExactly("watcher-1");
        assertThat(node.registry.instances("todos")).isEmpty();
        assertThat(membership.fleet()).filteredOn(n -> n.id().equals("peer-1")).extracting(NodeInfo::online).containsExactly(false);
    }

    @Test
    void aSuspectedPeerHeardAgainIsClearedAndStays() {
        hello("peer-1", "find");
        seconds(6, "peer-1");
        seconds(3);
        assertThat(heard).endsWith("suspected peer-1 at 9000");

        node.clock.advance(Duration.ofMillis(500));
        heartbeat("peer-1");
        node.clock.advance(Duration.ofMillis(500)); // this node's next heartbeat, and judgement

        assertThat(heard).endsWith("cleared peer-1 at 10000");
        seconds(2, "peer-1");
        assertThat(nodeIds()).contains("peer-1");
    }

    @Test
    void aNodeThatItselfStalledJudgesNoPeerUntilItsPeersFramesCouldBeRead() {
        hello("peer-1", "find");
        seconds(6, "peer-1");

        node.clock.stall(Duration.ofSeconds(5)); // this node froze; the heartbeats it missed run late, at once
        node.clock.runDue();
        assertThat(nodeIds()).as("silent 5 s, but through this node's own stall").contains("peer-1");
        assertThat(heard).noneMatch(line -> line.startsWith("suspected") || line.startsWith("left"));

        heartbeat("peer-1"); // its heartbeat waited to be read
        seconds(2, "peer-1");
        assertThat(nodeIds()).contains("peer-1");
    }

    /**
     * After this node's own stall, a peer's silence does not count the stall: in one process paused
     * whole (a collection), the peer could not send its heartbeats either, and the first one after
     * the pause may come later than the one interval of grace.
     */
    @Test
    void aStallOfThisNodeDoesNotCountInItsPeersSilence() {
        hello("peer-1", "find");
        seconds(6, "peer-1");

        node.clock.stall(Duration.ofSeconds(5));
        node.clock.runDue();
        seconds(2); // the grace, then a judgement: silent 7 s by the clock, 2 s after the stall
        assertThat(nodeIds()).contains("peer-1");
        assertThat(heard).noneMatch(line -> line.startsWith("left"));

        seconds(2); // silent 4 s after the stall: gone after 3.5 s
        assertThat(nodeIds()).doesNotContain("peer-1");
    }

    /**
     * This node's timer is on time but its I/O threads are held up (copying a large value, say): a
     * peer whose bytes wait unread is not removed until the transport has read what reached it, and
     * stays when they were there; a peer still silent then is removed.
     */
    @Test
    void aPeerIsRemovedOnlyOnceThisNodesTransportHasReadWhatReachedIt() {
        hello("peer-1", "find");
        hello("peer-2", "find");
        seconds(6, "peer-1", "peer-2");
        CompletableFuture<Void> reading = new CompletableFuture<>();
        node.transport.caughtUp = reading;

        seconds(10); // both silent 10 s as far as this node has read
        assertThat(nodeIds()).as("gone by the clock, but their frames may wait unread").contains("peer-1", "peer-2");

        heartbeat("peer-1"); // peer-1's heartbeat was waiting in this node's socket
        reading.complete(null);
        assertThat(nodeIds()).contains("peer-1").doesNotContain("peer-2");
        assertThat(heard).contains("left peer-2 graceful=false reason=" + NodeInfo.SILENT + " at 16000");
    }

    /** A transport that never catches up (an I/O thread held for good) holds no judgement past {@link Membership#CATCH_UP_LIMIT}. */
    @Test
    void aTransportThatNeverCatchesUpHoldsTheJudgementOnlyUntilTheLimit() {
        hello("peer-1", "find");
        seconds(6, "peer-1");
        node.transport.caughtUp = new CompletableFuture<>();

        seconds(5);
        assertThat(nodeIds()).contains("peer-1");
        seconds((int) Membership.CATCH_UP_LIMIT.toSeconds());

        assertThat(nodeIds()).doesNotContain("peer-1");
    }

    @Test
    void aPeerThatLeavesGracefullyIsReportedOnceAndItsCallsThatNeverRanGoElsewhere() {
        hello("peer-1", "create");
        hello("peer-2", "create");
        CompletableFuture<Object> call = node.outbound.route("todos", "create", null, Map.of("title", "milk"), new Params());
        String serving = node.transport.last(Packet.Type.REQUEST).to();
        String other = serving.equals("peer-1") ? "peer-2" : "peer-1";
        seconds(1);

        membership.removePeer(serving, true, NodeInfo.LEFT); // its leave: no new calls, it finishes the ones it has
        assertThat(nodeIds()).containsExactlyInAnyOrder("watcher-1", other);
        assertThat(node.registry.instances("todos")).extracting(ServiceInfo::node).containsExactly(other);
        assertThat(node.transport.last(Packet.Type.REQUEST).to()).as("its call still waits for it").isEqualTo(serving);

        membership.left(serving, true); // its last leave: it answered every call it ran

        assertThat(node.transport.last(Packet.Type.REQUEST).to()).as("the call that never ran went to the other").isEqualTo(other);
        assertThat(heard).filteredOn(line -> line.startsWith("left")).containsExactly("left " + serving + " graceful=true reason=" + NodeInfo.LEFT + " at 1000");
        assertThat(call).isNotDone();

        hello(serving, "create"); // a hello its last leave overtook
        assertThat(nodeIds()).doesNotContain(serving);
    }

    @Test
    void aHeartbeatOfAnUnknownNodeAsksItForItsHelloOnce() {
        heartbeat("stranger-1");
        heartbeat("stranger-1");

        List<NodeParts.Sent> asked = node.transport.of(Packet.Type.HELLO);
        assertThat(asked).hasSize(1);
        assertThat(asked.get(0).to()).isEqualTo("stranger-1");
        assertThat(asked.get(0).packet().node).containsEntry("ask", true);
        assertThat(nodeIds()).containsExactly("watcher-1");
    }
}
