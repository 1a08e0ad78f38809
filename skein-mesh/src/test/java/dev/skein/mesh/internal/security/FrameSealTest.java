package dev.skein.mesh.internal.security;

import dev.skein.mesh.MeshCredentials;
import dev.skein.mesh.spi.MalformedFrameException;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The packet seal and its key derivation, byte by byte. */
class FrameSealTest {

    private static final MeshCredentials SECRET = MeshCredentials.secret("a-mesh-secret-of-thirty-two-bytes-or-more");
    private static final MeshCredentials OTHER = MeshCredentials.secret("another-mesh-secret-of-thirty-two-bytes-plus");
    private static final byte[] PACKET = "{\"v\":1,\"t\":\"beat\",\"from\":\"a-1\"}".getBytes(StandardCharsets.UTF_8);

    private static FrameSeal seal(MeshCredentials credentials, String node) {
        return new FrameSeal(new MeshKeys(credentials, "ns"), node, Duration.ofMinutes(5));
    }

    @Test
    void hkdfMatchesTheTestVectorsOfRfc5869() {
        HexFormat hex = HexFormat.of();
        byte[] okm = Hkdf.derive(hex.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"), hex.parseHex("000102030405060708090a0b0c"),
                hex.parseHex("f0f1f2f3f4f5f6f7f8f9"), 42);
        assertThat(hex.formatHex(okm)).isEqualTo("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
        byte[] noSalt = Hkdf.derive(hex.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"), new byte[0], new byte[0], 42);
        assertThat(hex.formatHex(noSalt)).isEqualTo("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
    }

    @Test
    void aSealedFrameOpensAtAnyNodeWithTheSecretAndHidesThePacket() throws MalformedFrameException {
        byte[] frame = seal(SECRET, "a-1").seal(PACKET, "b-1");

        FrameSeal.Opened opened = seal(SECRET, "b-1").open(frame);

        assertThat(opened.payload()).isEqualTo(PACKET);
        assertThat(opened.sender()).isEqualTo("a-1");
        assertThat(opened.recipient()).isEqualTo("b-1");
        assertThat(new String(frame, StandardCharsets.ISO_8859_1)).doesNotContain("beat");
    }

    @Test
    void aFrameIsRefusedWhenAlteredReplayedSealedWithAnotherSecretOrUnsealed() throws MalformedFrameException {
        FrameSeal a = seal(SECRET, "a-1");
        FrameSeal b = seal(SECRET, "b-1");
        byte[] frame = a.seal(PACKET, "b-1");
        b.open(frame);

        assertThatThrownBy(() -> b.open(frame)).isInstanceOf(FrameSeal.DroppedFrameException.class).hasMessageContaining("replayed");
        for (int i : new int[] {1, 6, 22, 38, frame.length - 1}) {
            byte[] altered = frame.clone();
            altered[i] ^= 1;
            assertThatThrownBy(() -> b.open(altered)).as("byte %d altered", i).isInstanceOf(MalformedFrameException.class);
        }
        assertThatThrownBy(() -> seal(OTHER, "c-1").open(a.seal(PACKET, "b-1"))).isInstanceOf(MalformedFrameException.class);
        assertThatThrownBy(() -> b.open(PACKET)).hasMessageContaining("not sealed");
        byte[] renamed = frame.clone(); // the node id is part of the header and of the key
        renamed[38] = 'x';
        assertThatThrownBy(() -> b.open(renamed)).isInstanceOf(MalformedFrameException.class);
        byte[] redirected = frame.clone(); // the recipient is authenticated too
        redirected[redirected.length - PACKET.length - 17] = 'x';
        assertThatThrownBy(() -> b.open(redirected)).isInstanceOf(MalformedFrameException.class);
    }

    @Test
    void aFrameInTheReceiversOwnNameFromAnotherSessionIsDropped() throws MalformedFrameException {
        FrameSeal b = seal(SECRET, "b-1");
        FrameSeal impostor = seal(SECRET, "b-1"); // the same node id, another session: only a secret holder can make it
        assertThatThrownBy(() -> b.open(impostor.seal(PACKET, "b-1"))).isInstanceOf(FrameSeal.DroppedFrameException.class)
                .hasMessageContaining("claims to come from this node");
        assertThat(b.open(b.seal(PACKET, "b-1")).sender()).isEqualTo("b-1");
    }

    @Test
    void theSealedCodecDropsAPacketSealedForAnotherNodeOrARequestSealedAsABroadcast() throws MalformedFrameException {
        dev.skein.mesh.spi.Codec json = dev.skein.mesh.internal.JacksonCodec.named("json");
        SealedCodec a = new SealedCodec(json, seal(SECRET, "a-1"), "a-1");
        SealedCodec b = new SealedCodec(json, seal(SECRET, "b-1"), "b-1");
        SealedCodec c = new SealedCodec(json, seal(SECRET, "c-1"), "c-1");
        dev.skein.mesh.spi.Packet request = new dev.skein.mesh.spi.Packet(dev.skein.mesh.spi.Packet.Type.REQUEST, "a-1");
        request.id = 1;
        request.path = "payments";
        request.method = "create";

        assertThat(c.decode(a.encode(request, "c-1")).path).isEqualTo("payments");
        assertThatThrownBy(() -> b.decode(a.encode(request, "c-1"))).isInstanceOf(FrameSeal.DroppedFrameException.class)
                .hasMessageContaining("sealed for c-1");
        assertThatThrownBy(() -> b.decode(a.encode(request, null))).isInstanceOf(FrameSeal.DroppedFrameException.class);
        assertThat(b.decode(a.encode(request, "queue:payments")).method).isEqualTo("create");
        assertThatThrownBy(() -> b.decode(a.encode(request, "queue:refunds"))).isInstanceOf(FrameSeal.DroppedFrameException.class);
        dev.skein.mesh.spi.Packet beat = new dev.skein.mesh.spi.Packet(dev.skein.mesh.spi.Packet.Type.HEARTBEAT, "a-1");
        assertThat(b.decode(a.encode(beat, null)).type).isEqualTo(dev.skein.mesh.spi.Packet.Type.HEARTBEAT);
    }

    @Test
    void framesMayArriveOutOfCounterOrderButEachOnlyOnce() throws MalformedFrameException {
        FrameSeal a = seal(SECRET, "a-1");
        FrameSeal b = seal(SECRET, "b-1");
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 100; i++) frames.add(a.seal(PACKET, "b-1"));

        for (int i = 99; i >= 0; i--) b.open(frames.get(i));
        for (byte[] f : frames) assertThatThrownBy(() -> b.open(f)).hasMessageContaining("replayed");
    }

    @Test
    void aFrameWhoseClockIsBeyondTheMaximumAgeIsRefused() {
        FrameSeal a = seal(SECRET, "a-1");
        FrameSeal strict = new FrameSeal(new MeshKeys(SECRET, "ns"), "b-1", Duration.ofMillis(1));
        byte[] frame = a.seal(PACKET, "b-1");
        ByteBuffer.wrap(frame).putLong(29, System.currentTimeMillis() - 60_000);
        assertThatThrownBy(() -> strict.open(frame)).hasMessageContaining("maximum age");
    }

    @Test
    void anotherNamespaceWithTheSameSecretCannotOpenTheFrames() {
        byte[] frame = seal(SECRET, "a-1").seal(PACKET, "b-1");
        FrameSeal elsewhere = new FrameSeal(new MeshKeys(SECRET, "other-ns"), "b-1", Duration.ofMinutes(5));
        assertThatThrownBy(() -> elsewhere.open(frame)).isInstanceOf(MalformedFrameException.class);
    }

    @Test
    void aShortSecretIsRefusedAndNoSecretIsEverPrinted() {
        assertThatThrownBy(() -> MeshCredentials.secret("too-short")).hasMessageContaining("at least 32 bytes").hasMessageNotContaining("too-short");
        assertThat(SECRET.toString()).doesNotContain("a-mesh-secret");
    }
}
