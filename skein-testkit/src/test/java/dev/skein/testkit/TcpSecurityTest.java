package dev.skein.testkit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skein.core.memory.MemoryService;
import dev.skein.mesh.Mesh;
import dev.skein.mesh.MeshCredentials;
import dev.skein.mesh.NodeInfo;
import dev.skein.mesh.internal.JacksonCodec;
import dev.skein.mesh.internal.security.FrameSeal;
import dev.skein.mesh.internal.security.MeshKeys;
import dev.skein.mesh.spi.Packet;
import dev.skein.mesh.spi.TransportContext;
import dev.skein.mesh.spi.TransportListener;
import dev.skein.mesh.tcp.TcpOptions;
import dev.skein.mesh.tcp.TcpTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What mesh credentials and admission control do on {@code tcp} only: signed, replay-protected
 * beacons; a handshake a raw socket cannot fake; one log line per refused stranger, never the
 * secret; connection-bound node ids; and strangers that flood a node with connections that never
 * finish their handshake, which the node closes and caps while it keeps serving.
 */
@Timeout(120)
class TcpSecurityTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MeshCredentials SECRET = SecurityTck.SECRET;
    private static final String SECRET_TEXT = new String(SECRET.secrets().get(0), StandardCharsets.UTF_8);

    private TestNodes nodes;
    private int discoveryPort;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        try (DatagramSocket free = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            discoveryPort = free.getLocalPort();
        }
        nodes = new TestNodes("tcp://?beacon=200&discoveryPort=" + discoveryPort);
        logs.start();
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).addAppender(logs);
    }

    @AfterEach
    void stop() throws Exception {
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        for (AutoCloseable c : closing) c.close();
        nodes.close();
    }

    private TestNodes.Node node(String name, MeshCredentials credentials) {
        return nodes.start(name, app -> app.use("todos", new MemoryService()), b -> b.credentials(credentials));
    }

    private static int port(TestNodes.Node node) {
        node.mesh().ready().orTimeout(10, TimeUnit.SECONDS).join();
        String address = node.mesh().nodes().get(0).address();
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    private static List<String> ids(TestNodes.Node node) {
        return node.mesh().nodes().stream().map(NodeInfo::id).toList();
    }

    private List<String> logLines() {
        synchronized (logs) {
            return logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    // ---- beacons ------------------------------------------------------------------------------

    private MulticastSocket listenForBeacons() throws IOException {
        MulticastSocket socket = new MulticastSocket(discoveryPort);
        socket.joinGroup(new InetSocketAddress(TcpOptions.DEFAULT_GROUP, discoveryPort), NetworkInterface.getByName("lo"));
        socket.setNetworkInterface(NetworkInterface.getByName("lo"));
        socket.setSoTimeout(5000);
        closing.add(socket);
        return socket;
    }

    private static byte[] beaconOf(MulticastSocket socket, String nodeId) throws IOException {
        byte[] buffer = new byte[2048];
        while (true) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            socket.receive(packet);
            byte[] bytes = java.util.Arrays.copyOf(packet.getData(), packet.getLength());
            if (nodeId.equals(JSON.readValue(bytes, Map.class).get("node"))) return bytes;
        }
    }

    private void sendBeacon(MulticastSocket socket, byte[] beacon) throws IOException {
        for (int i = 0; i < 3; i++) {
            socket.send(new DatagramPacket(beacon, beacon.length, new InetSocketAddress(TcpOptions.DEFAULT_GROUP, discoveryPort)));
        }
    }

    /** Whether anything connects to {@code listener} within {@code wait}. */
    private static boolean dialed(ServerSocket listener, Duration wait) throws IOException {
        listener.setSoTimeout((int) wait.toMillis());
        try (Socket ignored = listener.accept()) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    /** A shared secret, and a key pair the two nodes share (copies of a service may). */
    static java.util.stream.Stream<MeshCredentials> credentials() {
        java.security.KeyPair pair = MeshCredentials.generateKeyPair();
        return java.util.stream.Stream.of(SECRET, MeshCredentials.keyPair(pair, dev.skein.mesh.TrustedKeys.builder().trust(pair.getPublic(), "a").build()));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("credentials")
    void aForgedATamperedOrAReplayedBeaconMakesNoNodeDialButAnOpenMeshDialsAnyBeacon(MeshCredentials credentials) throws Exception {
        MulticastSocket socket = listenForBeacons();
        TestNodes.Node a = node("a", credentials);
        TestNodes.Node b = node("b", credentials);
        await().atMost(Duration.ofSeconds(10)).until(() -> ids(b).contains(a.mesh().nodeId()));
        byte[] captured = beaconOf(socket, a.mesh().nodeId());
        beaconOf(socket, a.mesh().nodeId()); // a later one, which b heard too: it has a newer beacon of a than the captured one
        int aPort = port(a);
        a.app().close();
        await().atMost(Duration.ofSeconds(10)).until(() -> !ids(b).contains(a.mesh().nodeId()));

        try (ServerSocket trap = new ServerSocket(aPort, 50, InetAddress.getLoopbackAddress())) {
            sendBeacon(socket, captured);
            assertThat(dialed(trap, Duration.ofMillis(1500))).as("a replayed beacon").isFalse();

            Map<String, Object> tampered = new LinkedHashMap<>(JSON.readValue(captured, Map.class));
            tampered.put("node", "intruder-1");
            tampered.put("ts", System.currentTimeMillis());
            sendBeacon(socket, JSON.writeValueAsBytes(tampered));
            Map<String, Object> unsigned = Map.of("skein", 1, "ns", nodes.namespace(), "node", "intruder-2",
                    "addr", "127.0.0.1:" + aPort);
            sendBeacon(socket, JSON.writeValueAsBytes(unsigned));
            if (credentials.isKeyPair()) {
                // well signed, by a key nobody trusts
                dev.skein.mesh.internal.security.KeyPairKeys stranger = new dev.skein.mesh.internal.security.KeyPairKeys(
                        MeshCredentials.keyPair(MeshCredentials.generateKeyPair(), credentials.trustedKeys()), nodes.namespace());
                long ts = System.currentTimeMillis();
                String signed = String.join("\n", "skein beacon v1", nodes.namespace(), "intruder-3", "127.0.0.1:" + aPort, Long.toString(ts));
                sendBeacon(socket, JSON.writeValueAsBytes(Map.of("skein", 1, "ns", nodes.namespace(), "node", "intruder-3",
                        "addr", "127.0.0.1:" + aPort, "ts", ts, "kid", stranger.keyId(), "mac",
                        java.util.Base64.getEncoder().encodeToString(stranger.prove("beacon", signed.getBytes(StandardCharsets.UTF_8))))));
            }
            assertThat(dialed(trap, Duration.ofMillis(1500))).as("a tampered, unsigned or untrusted beacon").isFalse();

            TestNodes open = new TestNodes("tcp://?beacon=200&discoveryPort=" + discoveryPort);
            closing.add(open);
            open.start("open", app -> { }).mesh().ready().orTimeout(10, TimeUnit.SECONDS).join();
            sendBeacon(socket, JSON.writeValueAsBytes(Map.of("skein", 1, "ns", open.namespace(), "node", "anyone",
                    "addr", "127.0.0.1:" + aPort)));
            assertThat(dialed(trap, Duration.ofSeconds(5))).as("an open mesh dials whatever beacon it hears").isTrue();
        }
    }

    // ---- the handshake ------------------------------------------------------------------------

    private static byte[] readFrame(DataInputStream in) throws IOException {
        int length = in.readInt();
        byte[] frame = new byte[length];
        in.readFully(frame);
        return frame;
    }

    private static void writeFrame(DataOutputStream out, Object message) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(message);
        out.writeInt(bytes.length);
        out.write(bytes);
        out.flush();
    }

    @Test
    void aRawSocketThatFakesTheHandshakeIsClosedWithOneLineAndNeverSeesAPacket() throws Exception {
        TestNodes.Node a = node("a", SECRET);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port(a)), 2000);
            socket.setSoTimeout(5000);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            @SuppressWarnings("unchecked") Map<String, Object> hello = JSON.readValue(readFrame(in), Map.class);
            assertThat(hello).containsKeys("kid", "nonce").doesNotContainValue(SECRET_TEXT);
            byte[] nonce = new byte[32];
            writeFrame(out, Map.of("skein", 1, "ns", nodes.namespace(), "node", "faker", "addr", "127.0.0.1:1",
                    "kid", hello.get("kid"), "nonce", Base64.getEncoder().encodeToString(nonce)));
            Map<?, ?> theirProof = JSON.readValue(readFrame(in), Map.class);
            writeFrame(out, Map.of("proof", theirProof.get("proof"))); // a reflected proof
            assertThat(in.read()).as("the node closes the connection").isEqualTo(-1);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> logLines().stream().anyMatch(l -> l.contains("faker failed the mesh credentials challenge")));
        assertThat(logLines()).noneMatch(l -> l.contains(SECRET_TEXT));
    }

    /**
     * A stranger in the middle of two connections it opened itself: it dials a, claiming to be b
     * with b's nonce, and dials b, claiming to be a with a's nonce, then hands each node the other's
     * proof. Each proof names its prover's role (here both provers listened), so neither passes.
     */
    @Test
    void aStrangerCannotRelayOneNodesProofToAnother() throws Exception {
        TestNodes.Node a = node("a", SECRET);
        TestNodes.Node b = node("b", SECRET);
        try (Socket toA = new Socket(); Socket toB = new Socket()) {
            toA.connect(new InetSocketAddress("127.0.0.1", port(a)), 2000);
            toB.connect(new InetSocketAddress("127.0.0.1", port(b)), 2000);
            toA.setSoTimeout(5000);
            toB.setSoTimeout(5000);
            DataInputStream inA = new DataInputStream(toA.getInputStream());
            DataInputStream inB = new DataInputStream(toB.getInputStream());
            DataOutputStream outA = new DataOutputStream(toA.getOutputStream());
            DataOutputStream outB = new DataOutputStream(toB.getOutputStream());
            Map<?, ?> helloA = JSON.readValue(readFrame(inA), Map.class);
            Map<?, ?> helloB = JSON.readValue(readFrame(inB), Map.class);
            writeFrame(outA, helloB); // to a, the stranger is b
            writeFrame(outB, helloA); // to b, the stranger is a
            Map<?, ?> proofOfA = JSON.readValue(readFrame(inA), Map.class);
            Map<?, ?> proofOfB = JSON.readValue(readFrame(inB), Map.class);
            writeFrame(outA, proofOfB);
            writeFrame(outB, proofOfA);

            assertThat(inA.read()).as("a closes the relayed connection").isEqualTo(-1);
            assertThat(inB.read()).as("b closes the relayed connection").isEqualTo(-1);
        }
        assertThat(logLines()).anyMatch(l -> l.contains("failed the mesh credentials challenge"));
    }

    @Test
    void aHelloAboveThePreHandshakeLimitStillReachesThePeerInTheSameWriteAsTheHandshake() {
        for (MeshCredentials credentials : java.util.Arrays.asList(null, SECRET)) {
            TestNodes.Node big = nodes.start("big", app -> {
                for (int i = 0; i < 80; i++) app.use("a-service-with-a-rather-long-path-number-" + i, new MemoryService());
            }, b -> b.credentials(credentials));
            TestNodes.Node small = nodes.start("small", app -> { }, b -> b.credentials(credentials));
            MeshTck.awaitService(small.app(), "a-service-with-a-rather-long-path-number-79");
            await().atMost(Duration.ofSeconds(10)).until(() -> ids(big).contains(small.mesh().nodeId()));
            big.app().close();
            small.app().close();
        }
    }

    @Test
    void aNodeWithAWrongSecretOrNoneIsRefusedWithOneLineNamingTheReasonAndNeverTheSecret() throws Exception {
        TestNodes.Node a = node("a", SECRET);
        String seed = "tcp://?beacon=200&multicast=false&seeds=127.0.0.1:" + port(a);
        TestNodes.Node wrong = nodes.start("wrong", app -> { }, b -> b.transport(seed).credentials(SecurityTck.WRONG));
        TestNodes.Node none = nodes.start("none", app -> { }, b -> b.transport(seed));
        wrong.mesh().ready().join();
        none.mesh().ready().join();

        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> true); // about 15 redials each
        List<String> lines = logLines();
        assertThat(lines.stream().filter(l -> l.startsWith("Node " + a.mesh().nodeId()) && l.contains(wrong.mesh().nodeId())
                && l.contains("a mesh secret or key this node does not accept"))).hasSize(1);
        assertThat(lines.stream().filter(l -> l.startsWith("Node " + a.mesh().nodeId()) && l.contains(none.mesh().nodeId())
                && l.contains("holds no mesh credentials"))).hasSize(1);
        assertThat(lines.stream().filter(l -> l.startsWith("Node " + none.mesh().nodeId()) && l.contains("requires mesh credentials"))).hasSize(1);
        assertThat(lines).noneMatch(l -> l.contains(SECRET_TEXT) || l.contains(new String(SecurityTck.WRONG.secrets().get(0), StandardCharsets.UTF_8)));
        assertThat(ids(a)).containsExactly(a.mesh().nodeId());
        assertThat(wrong.app().lookup("todos")).isEmpty();
        assertThat(none.app().lookup("todos")).isEmpty();
    }

    @Test
    void aTrustedNodeCannotSpeakInAnotherNodesNameEvenWithThatNodesSessionKey() {
        TestNodes.Node a = node("a", SECRET);
        TestNodes.Node b = node("b", SECRET);
        await().atMost(Duration.ofSeconds(10)).until(() -> ids(a).contains(b.mesh().nodeId()));
        MeshKeys keys = new MeshKeys(SECRET, nodes.namespace());
        TcpTransport insider = rawTransport("insider-1", keys, port(a));
        FrameSeal asB = new FrameSeal(keys, b.mesh().nodeId(), Mesh.DEFAULT_MAX_FRAME_AGE);
        byte[] leave = asB.seal(JacksonCodec.named("json").encode(new Packet(Packet.Type.LEAVE, b.mesh().nodeId())), null);

        await().atMost(Duration.ofSeconds(10)).until(() -> insider.send(a.mesh().nodeId(), leave));
        await().atMost(Duration.ofSeconds(5)).until(() -> logLines().stream().anyMatch(l ->
                l.contains("from node insider-1 that claims to come from node " + b.mesh().nodeId())));
        assertThat(ids(a)).contains(b.mesh().nodeId());
        assertThat(a.mesh().nodes().stream().filter(n -> n.id().equals(b.mesh().nodeId()))).hasSize(1);

        // the insider claims b's id in its handshake: b is connected, so a refuses it
        rawTransport(b.mesh().nodeId(), keys, port(a));
        await().atMost(Duration.ofSeconds(5)).until(() -> logLines().stream().anyMatch(l ->
                l.contains("node " + b.mesh().nodeId() + " is already connected")));
        assertThat(ids(a)).contains(b.mesh().nodeId());
        assertThat(MeshTck.map(MeshTck.join(a.app().service("todos").create(Map.of("text", "b is still b"))))).isNotNull();
    }

    /** A bare tcp transport in the test's namespace, in the name of {@code id}, holding {@code keys}, that dials the node at {@code port}. */
    private TcpTransport rawTransport(String id, MeshKeys keys, int port) {
        TcpTransport t = TcpTransport.create(TcpOptions.builder().multicast(false).seed("127.0.0.1:" + port).build());
        closing.add(t);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        closing.add(scheduler::shutdownNow);
        t.start(new TransportContext(id, nodes.namespace(), Mesh.DEFAULT_MAX_FRAME_SIZE, scheduler, new TransportListener() {
            @Override
            public void onFrame(byte[] frame) {
            }
        }, keys)).join();
        return t;
    }

    // ---- admission control --------------------------------------------------------------------

    private static boolean closedWithin(Socket socket, Duration wait) throws IOException {
        socket.setSoTimeout((int) wait.toMillis());
        try {
            while (true) {
                if (socket.getInputStream().read() < 0) return true;
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    @Test
    void connectionsThatNeverFinishTheirHandshakeAreCappedPerAddressAndClosedAfterTheTimeout() throws Exception {
        TestNodes.Node a = nodes.start("a", app -> { }, b -> b.transport(TcpTransport.create(TcpOptions.builder()
                .discoveryPort(discoveryPort).handshakeTimeout(Duration.ofSeconds(3)).maxPendingHandshakes(100, 10).build())));
        int port = port(a);
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 15; i++) {
                Socket s = new Socket();
                s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                idle.add(s);
            }
            int closedAtOnce = 0;
            for (Socket s : idle) {
                // every connection gets the node's hello first; one beyond the cap is closed right after
                if (closedWithin(s, Duration.ofMillis(100))) closedAtOnce++;
            }
            assertThat(closedAtOnce).isEqualTo(5);
            long start = System.nanoTime();
            for (Socket s : idle) assertThat(closedWithin(s, Duration.ofSeconds(5))).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        } finally {
            for (Socket s : idle) s.close();
        }
    }

    @Test
    void afterThreeThousandGarbageAndTwoThousandIdleConnectionsTheNodeServesAndItsHeapIsBackWithin32MB() throws Exception {
        TestNodes.Node a = node("a", SECRET);
        TestNodes.Node b = nodes.start("b", app -> { }, o -> o.credentials(SECRET));
        MeshTck.awaitService(b.app(), "todos");
        int port = port(a);
        long before = heapAfterGc();

        byte[] garbage = new byte[1024];
        garbage[0] = 0x00; garbage[1] = (byte) 0xff; garbage[2] = (byte) 0xff; garbage[3] = (byte) 0xff; // a 16 MiB length
        for (int i = 0; i < 3000; i++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                s.getOutputStream().write(garbage);
            } catch (IOException refused) {
                // the node may close it before all is written
            }
        }
        for (int batch = 0; batch < 10; batch++) {
            List<Socket> idle = new ArrayList<>();
            try {
                for (int i = 0; i < 200; i++) {
                    Socket s = new Socket();
                    s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                    idle.add(s);
                }
                long closed = 0;
                for (Socket s : idle) if (closedWithin(s, Duration.ofMillis(50))) closed++;
                assertThat(closed).as("idle connections beyond the per-address cap").isGreaterThanOrEqualTo(200 - TcpOptions.DEFAULT_MAX_PENDING_PER_ADDRESS);
            } finally {
                for (Socket s : idle) s.close();
            }
        }

        Object created = MeshTck.join(b.app().service("todos").create(Map.of("text", "still serving")));
        assertThat(MeshTck.map(created)).containsEntry("text", "still serving");
        long after = heapAfterGc();
        assertThat(after - before).as("heap growth in bytes").isLessThan(32L * 1024 * 1024);
        assertThat(logLines().stream().filter(l -> l.contains("before its handshake"))).hasSizeLessThanOrEqualTo(1);
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
