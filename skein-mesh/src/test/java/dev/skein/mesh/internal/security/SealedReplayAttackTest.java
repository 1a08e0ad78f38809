package dev.skein.mesh.internal.security;

import dev.skein.mesh.MeshCredentials;
import dev.skein.mesh.TrustedKeys;
import dev.skein.mesh.internal.JacksonCodec;
import dev.skein.mesh.spi.MalformedFrameException;
import dev.skein.mesh.spi.Packet;
import dev.skein.mesh.spi.Transport;
import dev.skein.mesh.spi.TransportContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Issue 21, item 3: sealed frames captured on the wire and replayed to a node that started after
 * they were sent. The seal refuses every frame sealed before its receiver started (less a clock
 * allowance of {@value FrameSeal#START_ALLOWANCE_MILLIS} ms), whatever its kind and recipient,
 * with shared secrets and with key pairs; a sender that restarts, and frames that arrive out of
 * order, are still heard. A request queued in a broker for any instance is bounded by its deadline
 * instead. (The same attack through real nodes on every transport is the TCKs'
 * {@code framesCapturedBeforeANodeStartedAreDroppedWhenReplayedToIt}.)
 */
@Timeout(30)
class SealedReplayAttackTest {

    private static final Duration AGE = Duration.ofMinutes(5);
    private static final MeshCredentials SECRET = MeshCredentials.secret("a-mesh-secret-of-thirty-two-bytes-or-more");
    private static final KeyPair A = MeshCredentials.generateKeyPair();
    private static final KeyPair B = MeshCredentials.generateKeyPair();
    private static final TrustedKeys AB = TrustedKeys.builder().trust(A.getPublic(), "a").trust(B.getPublic(), "b").build();

    private static byte[] packet(String type) {
        return ("{\"v\":1,\"t\":\"" + type + "\",\"from\":\"a-1\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** Frames of every kind a node seals: broadcasts (hello, beat, leave, evt) and frames for node b-1 alone (req, res, cancel). */
    private static List<byte[]> everyKind(FrameSeal sender) {
        List<byte[]> frames = new ArrayList<>();
        for (String broadcast : List.of("hello", "beat", "evt", "leave")) frames.add(sender.seal(packet(broadcast), null));
        for (String direct : List.of("hello", "req", "res", "cancel")) frames.add(sender.seal(packet(direct), "b-1"));
        return frames;
    }

    /** With a shared secret: every frame sealed 2 s before b-1 started is dropped there, naming the replay; the same frames open at a node that was up. */
    @Test
    void framesSealedBeforeTheReceiverStartedAreDroppedThereWithASharedSecret() throws MalformedFrameException {
        MeshKeys keys = new MeshKeys(SECRET, "ns");
        FrameSeal sender = new FrameSeal(keys, "a-1", AGE);
        FrameSeal earlier = new FrameSeal(new MeshKeys(SECRET, "ns"), "b-1", AGE, System.currentTimeMillis() - 60_000);
        List<byte[]> captured = everyKind(sender);
        FrameSeal later = new FrameSeal(new MeshKeys(SECRET, "ns"), "b-1", AGE, System.currentTimeMillis() + 2_000);

        for (byte[] frame : captured) {
            assertThat(earlier.open(frame).sender()).isEqualTo("a-1");
            assertThatThrownBy(() -> later.open(frame)).isInstanceOf(FrameSeal.DroppedFrameException.class)
                    .hasMessageContaining("a frame of node a-1 sealed").hasMessageContaining("ms before node b-1 started")
                    .hasMessageContaining("a replay of traffic from before it joined");
        }
    }

    /** With key pairs: b-1, started after the frames were sealed and told a-1's session key, drops every one of them. */
    @Test
    void framesSealedBeforeTheReceiverStartedAreDroppedThereWithKeyPairs() throws MalformedFrameException {
        KeyPairKeys aKeys = new KeyPairKeys(MeshCredentials.keyPair(A, AB), "ns");
        FrameSeal sender = new FrameSeal(aKeys, "a-1", AGE);
        KeyPairKeys bKeys = new KeyPairKeys(MeshCredentials.keyPair(B, AB), "ns");
        FrameSeal earlier = new FrameSeal(bKeys, "b-1", AGE, System.currentTimeMillis() - 60_000);
        KeyExchange bExchange = new KeyExchange(bKeys, "b-1", AGE, new Wire(), (p, f) -> { }, (n, i) -> { });
        bExchange.receive(null, new KeyExchange(aKeys, "a-1", AGE, new Wire(), (p, f) -> { }, (n, i) -> { }).announcement());
        List<byte[]> captured = everyKind(sender);

        KeyPairKeys laterKeys = new KeyPairKeys(MeshCredentials.keyPair(B, AB), "ns");
        FrameSeal later = new FrameSeal(laterKeys, "b-1", AGE, System.currentTimeMillis() + 2_000);
        laterKeys.install(aKeys.keyId(), aKeys.ownSessionId(), "a-1", sessionKeyOf(aKeys));
        for (byte[] frame : captured) {
            assertThat(earlier.open(frame).sender()).isEqualTo("a-1");
            assertThatThrownBy(() -> later.open(frame)).isInstanceOf(FrameSeal.DroppedFrameException.class)
                    .hasMessageContaining("ms before node b-1 started");
        }
    }

    /** A keys frame captured before b-1 started installs nothing there: b-1 learns the sender's session only from a fresh answer to its ask. */
    @Test
    void aKeysFrameSealedBeforeTheReceiverStartedIsDroppedAndTheAnswerToAnAskIsTaken() throws MalformedFrameException {
        KeyPairKeys aKeys = new KeyPairKeys(MeshCredentials.keyPair(A, AB), "ns");
        new FrameSeal(aKeys, "a-1", AGE);
        Wire aWire = new Wire();
        KeyExchange aExchange = new KeyExchange(aKeys, "a-1", AGE, aWire, (p, f) -> { }, (n, i) -> { });
        byte[] announcement = aExchange.announcement();
        KeyPairKeys bKeys = new KeyPairKeys(MeshCredentials.keyPair(B, AB), "ns");
        new FrameSeal(bKeys, "b-1", AGE);
        Wire bWire = new Wire();
        KeyExchange later = new KeyExchange(bKeys, "b-1", AGE, bWire, (p, f) -> { }, (n, i) -> { }, System.currentTimeMillis() + 2_000);

        assertThatThrownBy(() -> later.receive(null, announcement)).isInstanceOf(FrameSeal.DroppedFrameException.class)
                .hasMessageContaining("a keys frame of node a-1 sealed before node b-1 started");
        assertThat(bKeys.knows(aKeys.keyId(), aKeys.ownSessionId(), "a-1")).isFalse();
    }

    /**
     * A request queued in a broker for any instance of {@code todos} is meant for an instance that may
     * start after it was sealed: such an instance takes it while its deadline lasts, and drops it once
     * the deadline (its clock plus its time to live, plus the clock allowance) has passed, as it
     * drops a copy put back in the queue later.
     */
    @Test
    void aQueuedRequestIsTakenByAnInstanceStartedLaterUntilItsDeadlineAndNotAfter() throws MalformedFrameException {
        SealedCodec caller = new SealedCodec(JacksonCodec.named("json"), new FrameSeal(new MeshKeys(SECRET, "ns"), "a-1", AGE), "a-1");
        Packet request = new Packet(Packet.Type.REQUEST, "a-1");
        request.id = 7;
        request.path = "todos";
        request.method = "create";
        request.ttl = 200;
        byte[] soon = caller.encode(request, "queue:todos");
        byte[] late = caller.encode(request, "queue:todos");
        long sealedBy = System.currentTimeMillis();
        long startedLater = System.currentTimeMillis() + 5_000;

        SealedCodec instance = new SealedCodec(JacksonCodec.named("json"), new FrameSeal(new MeshKeys(SECRET, "ns"), "b-1", AGE, startedLater), "b-1");
        assertThat(instance.decode(soon).path).isEqualTo("todos");
        await().atMost(Duration.ofSeconds(10)).until(() -> System.currentTimeMillis() > sealedBy + 200 + FrameSeal.START_ALLOWANCE_MILLIS + 50);
        assertThatThrownBy(() -> instance.decode(late)).isInstanceOf(FrameSeal.DroppedFrameException.class)
                .hasMessageContaining("a request of node a-1 queued for todos").hasMessageContaining("past its deadline");
    }

    /** A frame sealed within the clock allowance before the receiver's start is accepted: the bound of this protection, and what keeps nodes whose clocks differ slightly talking. */
    @Test
    void aFrameSealedWithinTheClockAllowanceBeforeTheStartIsAccepted() throws MalformedFrameException {
        FrameSeal sender = new FrameSeal(new MeshKeys(SECRET, "ns"), "a-1", AGE);
        byte[] frame = sender.seal(packet("evt"), null);
        FrameSeal receiver = new FrameSeal(new MeshKeys(SECRET, "ns"), "b-1", AGE,
                System.currentTimeMillis() + FrameSeal.START_ALLOWANCE_MILLIS / 2);

        assertThat(receiver.open(frame).sender()).isEqualTo("a-1");
    }

    /** A sender that restarts (a new session) is heard in its new session; its old session's frames, replayed, are not taken again. */
    @Test
    void aSenderThatRestartsIsHeardInItsNewSessionAndItsOldFramesAreNotTakenTwice() throws MalformedFrameException {
        FrameSeal receiver = new FrameSeal(new MeshKeys(SECRET, "ns"), "b-1", AGE);
        byte[] before = new FrameSeal(new MeshKeys(SECRET, "ns"), "a-1", AGE).seal(packet("evt"), null);
        assertThat(receiver.open(before).sender()).isEqualTo("a-1");
        byte[] after = new FrameSeal(new MeshKeys(SECRET, "ns"), "a-1", AGE).seal(packet("evt"), null);

        assertThat(receiver.open(after).sender()).isEqualTo("a-1");
        assertThatThrownBy(() -> receiver.open(before)).isInstanceOf(FrameSeal.DroppedFrameException.class).hasMessageContaining("replayed");
    }

    /** 2,000 frames opened in reverse order (as threads that sealed them may send them) are all accepted, and none of them twice. */
    @Test
    void framesOutOfOrderWithinTheWindowAreAcceptedOnce() throws MalformedFrameException {
        FrameSeal sender = new FrameSeal(new MeshKeys(SECRET, "ns"), "a-1", AGE);
        FrameSeal receiver = new FrameSeal(new MeshKeys(SECRET, "ns"), "b-1", AGE);
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 2000; i++) frames.add(sender.seal(packet("evt"), null));
        Collections.reverse(frames);

        for (byte[] frame : frames) assertThat(receiver.open(frame).sender()).isEqualTo("a-1");
        for (byte[] frame : frames.subList(0, 20)) assertThatThrownBy(() -> receiver.open(frame)).hasMessageContaining("replayed");
    }

    private static byte[] sessionKeyOf(KeyPairKeys keys) throws MalformedFrameException {
        return keys.sessionKey(keys.keyId(), keys.ownSessionId(), "a-1").getEncoded();
    }

    /** A transport that only records what is sent on it, by recipient ("*" for every node). */
    private static final class Wire implements Transport {
        private final java.util.Map<String, List<byte[]>> sent = new ConcurrentHashMap<>();

        @Override
        public String scheme() {
            return "test";
        }

        @Override
        public CompletableFuture<Void> start(TransportContext context) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public boolean send(String nodeId, byte[] frame) {
            sent.computeIfAbsent(nodeId, k -> new ArrayList<>()).add(frame);
            return true;
        }

        @Override
        public void broadcast(byte[] frame) {
            send("*", frame);
        }

        @Override
        public void close() {
        }
    }
}
