package dev.skein.testkit;

import dev.skein.mesh.Mesh;
import dev.skein.mesh.NodeInfo;
import dev.skein.mesh.internal.security.FrameSeal;
import dev.skein.mesh.spi.MeshAuthenticator;
import dev.skein.mesh.spi.Transport;
import dev.skein.mesh.spi.TransportContext;
import dev.skein.mesh.spi.TransportListener;
import dev.skein.mesh.spi.Transports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What the suites on mesh credentials share: nodes on the transport under test, and raw transports an attacker would use. */
abstract class CredentialsSuite {

    /** The nodes of the running test, made before each test and closed after it. */
    protected TestNodes nodes;
    /** Raw transports started by {@link #onTheTransport}, in order; closed after each test. */
    protected final List<Transport> raw = new ArrayList<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    /** The transport URI under test. */
    protected abstract String transport();

    /** Makes a fresh set of nodes, in a namespace of their own, on the transport under test. */
    @BeforeEach
    public void startNodes() {
        nodes = new TestNodes(transport());
    }

    /** Closes the raw transports, the nodes and the raw transports' scheduler. */
    @AfterEach
    public void closeNodes() {
        raw.forEach(Transport::close);
        nodes.close();
        scheduler.shutdownNow();
    }

    /**
     * A party on the transport itself: a raw transport of the mesh's namespace, as someone with
     * broker access has, proving {@code authenticator} (null for none) where the transport asks.
     *
     * @return every frame it receives, as it comes
     */
    protected List<byte[]> onTheTransport(String id, MeshAuthenticator authenticator) {
        List<byte[]> frames = Collections.synchronizedList(new ArrayList<>());
        Transport t = Transports.forUri(transport());
        raw.add(t);
        TransportListener listener = new TransportListener() {
            @Override
            public void onFrame(byte[] frame) {
                frames.add(frame);
            }
        };
        t.start(new TransportContext(id, nodes.namespace(), Mesh.DEFAULT_MAX_FRAME_SIZE, scheduler, listener, authenticator))
                .orTimeout(20, TimeUnit.SECONDS).join();
        return frames;
    }

    /**
     * The replay to a node that joined later (issue 21): an insider on the transport holding
     * {@code insider}'s credentials captures every frame from before the nodes start, while a
     * server of {@code path}, a node that then leaves, and a client make hellos, heartbeats,
     * requests, answers and five {@code created} events. A node started afterwards gets every
     * captured frame replayed to it, broadcast and sent to it, within the maximum age. It hears only
     * the event sent after it started, and never meets the node that had left.
     *
     * @param start starts the node of a role, {@code server} (serving {@code path}), {@code client},
     *              {@code gone} (serving {@code gone-notes}) or {@code later}, with the mesh's credentials
     */
    protected void framesCapturedBeforeANodeStartedAreDroppedWhenReplayedToIt(Function<String, TestNodes.Node> start, String path,
                                                                              dev.skein.mesh.internal.security.SealKeys insider) {
        String spy = "eavesdropper-later";
        List<byte[]> captured = onTheTransport(spy, (MeshAuthenticator) insider);
        Transport attacker = raw.get(raw.size() - 1);
        CapturedFrames capture = new CapturedFrames(captured, insider, spy, attacker);
        TestNodes.Node server = start.apply("server");
        TestNodes.Node gone = start.apply("gone");
        TestNodes.Node client = start.apply("client");
        MeshTck.awaitService(client.app(), path);
        MeshTck.awaitService(client.app(), "gone-notes");
        for (int i = 0; i < 5; i++) MeshTck.join(client.app().service(path).create(Map.of("text", "before-" + i)));
        MeshTck.join(client.app().service("gone-notes").create(Map.of("text", "a request and its answer")));
        await().atMost(Duration.ofSeconds(15)).until(() -> capture.eventTexts().size() >= 5);
        String goneId = gone.mesh().nodeId();
        gone.app().close();
        await().atMost(Duration.ofSeconds(15)).until(() -> !ids(client.mesh()).contains(goneId));
        // what a node accepts from before its start is bounded by the clock allowance: let the capture grow older than that
        long capturedBy = System.currentTimeMillis();
        await().atMost(Duration.ofSeconds(10)).until(() -> System.currentTimeMillis() > capturedBy + FrameSeal.START_ALLOWANCE_MILLIS + 500);

        TestNodes.Node later = start.apply("later");
        List<String> met = Collections.synchronizedList(new ArrayList<>());
        later.mesh().addListener(new dev.skein.mesh.MeshListener() {
            @Override
            public void nodeJoined(NodeInfo node) {
                met.add(node.id());
            }
        });
        MeshTck.awaitService(later.app(), path);
        List<Object> heard = Collections.synchronizedList(new ArrayList<>());
        later.app().service(path).on("created", e -> heard.add(MeshTck.map(e.data()).get("text")));
        String laterId = later.mesh().nodeId();
        List<byte[]> replayed = List.copyOf(captured);
        // on tcp the insider's connection to the later node comes through its beacons
        await().atMost(Duration.ofSeconds(15)).until(() -> attacker.send(laterId, replayed.get(0)));
        for (byte[] frame : replayed) {
            attacker.broadcast(frame);
            attacker.send(laterId, frame);
        }
        MeshTck.join(client.app().service(path).create(Map.of("text", "after")));
        await().atMost(Duration.ofSeconds(15)).until(() -> heard.contains("after"));
        await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> true); // replays still on their way

        assertThat(heard).as("events heard by a node started after %s frames were captured and replayed", replayed.size())
                .containsExactly("after");
        assertThat(met).doesNotContain(goneId);
        assertThat(ids(later.mesh())).contains(server.mesh().nodeId()).doesNotContain(goneId);
    }

    /** The ids of the nodes {@code mesh} sees, itself first. */
    protected static List<String> ids(Mesh mesh) {

        return mesh.nodes().stream().map(NodeInfo::id).toList();
    }
}
