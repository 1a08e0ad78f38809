package dev.skein.mesh.internal;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.skein.core.App;
import dev.skein.mesh.Mesh;
import dev.skein.mesh.MeshListener;
import dev.skein.mesh.NodeInfo;
import dev.skein.mesh.ServiceInfo;
import dev.skein.mesh.spi.Packet;
import dev.skein.mesh.spi.Transport;
import dev.skein.mesh.spi.TransportContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How one node reports another that goes, for each order its last frames can arrive in (a
 * transport may let a frame for one peer pass a broadcast, and a connection may end before what
 * was sent on it is read): the frames are handed to a node straight, in the scripted order.
 */
class LeaveReportTest {

    /** The ends a peer's life can have here, as the frames reach this node. */
    enum Ending {
        /** Its leave, its last leave, then its connection's end: the usual graceful close. */
        LEAVE_LAST_LEAVE_CLOSE(true, "leave", "last leave", "close"),
        /** Its last leave passed its leave (tcp writes frames for one peer before broadcasts). */
        LAST_LEAVE_BEFORE_LEAVE(true, "last leave", "leave", "close"),
        /** Its connection ended before its last leave was read. */
        LEAVE_THEN_CLOSE(true, "leave", "close", "last leave"),
        /** Only its last leave came (a broadcast lost on a broker). */
        LAST_LEAVE_ONLY(true, "last leave"),
        /** A hello it sent while closing (an answer to one it heard then) came after its last leave. */
        HELLO_AFTER_LAST_LEAVE(true, "leave", "last leave", "hello"),
        /** A crash: the connection ends without a word. */
        CLOSE_WITHOUT_A_WORD(false, "close");

        final boolean graceful;
        final List<String> frames;

        Ending(boolean graceful, String... frames) {
            this.graceful = graceful;
            this.frames = List.of(frames);
        }
    }

    private static final String PEER = "peer-1";

    private final App app = App.builder().name("watcher").build();
    private final MeshNode node = new MeshNode(app, Mesh.builder().namespace("leave-report").transport("local://")
            .drainTimeout(Duration.ofMillis(1)).build().options(), // it serves nobody: its close need not wait
            new Mute(), JacksonCodec.json(), "watcher-1");
    private final List<String> heard = new CopyOnWriteArrayList<>();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeEach
    void start() {
        logs.start();
        ((Logger) LoggerFactory.getLogger(MeshNode.class)).addAppender(logs);
        node.addListener(new MeshListener() {
            @Override
            public void nodeJoined(NodeInfo info) {
                heard.add("joined " + info.id());
            }

            @Override
            public void nodeLeft(NodeInfo info, boolean graceful) {
                NodeInfo listed = node.fleet().stream().filter(n -> n.id().equals(info.id())).findFirst().orElse(null);
                heard.add("left " + info.id() + " graceful=" + graceful + " online=" + info.online() + " reason=" + info.offlineReason()
                        + ", fleet: " + (listed == null ? "absent" : "online=" + listed.online() + " reason=" + listed.offlineReason())
                        + ", nodes: " + node.nodes().stream().anyMatch(n -> n.id().equals(info.id())));
            }

            @Override
            public void serviceRemoved(ServiceInfo service) {
                heard.add("removed " + service.path() + " of " + service.node());
            }
        });
        node.start().orTimeout(10, TimeUnit.SECONDS).join();
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(MeshNode.class)).detachAppender(logs);
        node.close();
        app.close();
    }

    @ParameterizedTest
    @EnumSource(Ending.class)
    void aNodeThatGoesIsReportedOnceTheSameWayInTheListenerTheFleetAndTheLogWhateverOrderItsLastFramesCome(Ending ending) throws Exception {
        node.onFrameFrom(PEER, hello(PEER));
        for (String frame : ending.frames) {
            switch (frame) {
                case "leave" -> node.onFrameFrom(PEER, JacksonCodec.json().encode(new Packet(Packet.Type.LEAVE, PEER)));
                case "last leave" -> node.onFrameFrom(PEER, lastLeave());
                case "close" -> node.onPeerLost(PEER);
                case "hello" -> node.onFrameFrom(PEER, hello(PEER));
                default -> throw new IllegalArgumentException(frame);
            }
        }
        node.onFrameFrom("marker-1", hello("marker-1")); // the control queue is in order: once it is heard, so is all before it
        await().atMost(Duration.ofSeconds(10)).until(() -> heard.contains("joined marker-1"));

        String reason = ending.graceful ? NodeInfo.LEFT : NodeInfo.CONNECTION_CLOSED;
        assertThat(heard).containsExactly(
                "joined " + PEER,
                "left " + PEER + " graceful=" + ending.graceful + " online=false reason=" + reason
                        + ", fleet: online=false reason=" + reason + ", nodes: false",
                "removed todos of " + PEER,
                "joined marker-1");
        assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage).filteredOn(line -> line.contains("lost node " + PEER))
                .containsExactly("Node watcher-1 lost node " + PEER + " (peer): " + reason);
    }

    private static byte[] hello(String from) {
        Packet p = new Packet(Packet.Type.HELLO, from);
        ServiceInfo todos = new ServiceInfo("todos", from, List.of("find"), List.of(), "1.0.0", Map.of());
        p.node = Map.of("name", from.substring(0, from.indexOf('-')), "services", List.of(todos.toWire()));
        return JacksonCodec.json().encode(p);
    }

    private static byte[] lastLeave() {
        Packet p = new Packet(Packet.Type.LEAVE, PEER);
        p.node = Map.of(Membership.DRAINED, true);
        return JacksonCodec.json().encode(p);
    }

    /** A transport that reaches nobody: the test hands the node its frames. */
    private static final class Mute implements Transport {
        @Override
        public String scheme() {
            return "mute";
        }

        @Override
        public CompletableFuture<Void> start(TransportContext context) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public boolean send(String nodeId, byte[] frame) {
            return true;
        }

        @Override
        public void broadcast(byte[] frame) {
        }

        @Override
        public void close() {
        }
    }
}
