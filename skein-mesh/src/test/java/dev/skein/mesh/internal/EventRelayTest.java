package dev.skein.mesh.internal;

import dev.skein.core.Service;
import dev.skein.core.ServiceEvent;
import dev.skein.mesh.Access;
import dev.skein.mesh.Mesh;
import dev.skein.mesh.internal.telemetry.MeshMetrics;
import dev.skein.mesh.spi.Packet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The events between a node and the others ({@link EventRelay}), alone: which events of the node's
 * services go out, and how the events of other nodes reach its listeners, each sender's queue bounded.
 */
@org.junit.jupiter.api.Timeout(10)
class EventRelayTest {

    private NodeParts node = node(Mesh.builder());
    /** The events of other nodes that reached the listeners of the local todos, as "sender event data". */
    private final List<String> heard = new ArrayList<>();
    private final List<String> dropped = new ArrayList<>();

    private NodeParts node(Mesh.Builder options) {
        NodeParts parts = new NodeParts("node-1", options.namespace("events").sync("todos"));
        parts.app.use("todos", new Service() {
        });
        parts.app.use("secret", new Service() {
        });
        parts.app.lookup("todos").orElseThrow().on("created", e -> heard.add(e.origin() + " " + e.event() + " " + e.data()));
        parts.ctx.metrics = new MeshMetrics() {
            @Override
            public void eventDropped(String from) {
                dropped.add(from);
            }
        };
        return parts;
    }

    @AfterEach
    void close() {
        node.close();
    }

    private void emitLocally(String path, String event) {
        node.events.distribute(new ServiceEvent(path, event, Map.of("id", 1), null, false, null));
    }

    /** The events that went out, as "path event". */
    private List<String> sent() {
        return node.transport.of(Packet.Type.EVENT).stream().map(s -> {
            assertThat(s.to()).as("to every node").isNull();
            return s.packet().path + " " + s.packet().event;
        }).toList();
    }

    private void receive(String from, String path, int n) {
        Packet p = new Packet(Packet.Type.EVENT, from);
        p.path = path;
        p.event = "created";
        p.data = n;
        node.events.receive(p);
    }

    @Test
    void theEventsOfAPublishedServiceGoToEveryNodeInOrder() {
        emitLocally("todos", "created");
        emitLocally("todos", "removed");

        assertThat(sent()).containsExactly("todos created", "todos removed");
        List<NodeParts.Sent> events = node.transport.of(Packet.Type.EVENT);
        assertThat(events.get(0).packet().data).isEqualTo(Map.of("id", 1));
        assertThat(events.get(1).packet().seq).isGreaterThan(events.get(0).packet().seq);
    }

    @Test
    void anEventTheEventsRuleLeavesOutStaysOnThisNode() {
        node.close();
        node = node(Mesh.builder().events((path, event) -> !event.equals("patched")));

        emitLocally("todos", "patched");
        emitLocally("todos", "created");

        assertThat(sent()).containsExactly("todos created");
    }

    @Test
    void withReplicationOnlyTheEventsItsPatternsMatchGoOut() {
        node.close();
        node = node(Mesh.builder().replicate("todos/created", "secret/*"));

        emitLocally("todos", "created");
        emitLocally("todos", "removed");
        emitLocally("secret", "updated");

        assertThat(sent()).containsExactly("todos created", "secret updated");
    }

    @Test
    void theEventsOfAnUnpublishedServiceOfAnotherNodesOrOfThisNodeAloneStayHere() {
        node.close();
        node = node(Mesh.builder().publish(path -> !path.equals("secret")));

        emitLocally("secret", "created");
        node.events.distribute(new ServiceEvent("todos", "created", 1, null, true, null)); // local only
        node.events.distribute(new ServiceEvent("todos", "created", 1, null, false, "node-2")); // came from node-2

        assertThat(sent()).isEmpty();
    }

    @Test
    void anEventOfAnotherNodeReachesTheListenersOfTheSyncedService() {
        receive("node-2", "todos", 1);
        receive("node-3", "todos", 2);

        assertThat(heard).containsExactly("node-2 created 1", "node-3 created 2");
    }

    @Test
    void pastMaxQueuedEventsTheNewestEventsOfASenderAreDroppedAndCountedWhileTheOthersQueueOnTheirOwn() {
        node.close();
        node = node(Mesh.builder().maxQueuedEvents(2));
        node.executor.hold(); // the listeners are busy

        for (int i = 1; i <= 5; i++) receive("node-2", "todos", i);
        receive("node-3", "todos", 6);
        assertThat(dropped).containsExactly("node-2", "node-2", "node-2");

        node.executor.release();
        assertThat(heard).containsExactly("node-2 created 1", "node-2 created 2", "node-3 created 6");

        receive("node-2", "todos", 7);
        assertThat(heard).as("room again once the listeners caught up").endsWith("node-2 created 7");
    }

    @Test
    void withAccessRulesOnlyARegisteredInstanceOfAPathSpeaksForIt() {
        node.close();
        node = node(Mesh.builder().access(Access.builder().build()));
        node.peerOffers("node-2", "todos", "find");

        receive("node-2", "todos", 1);
        receive("node-3", "todos", 2);

        assertThat(heard).containsExactly("node-2 created 1");
    }
}
