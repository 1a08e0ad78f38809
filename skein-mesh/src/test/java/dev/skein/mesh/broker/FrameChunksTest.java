package dev.skein.mesh.broker;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrameChunksTest {

    private final AtomicLong now = new AtomicLong();
    private final FrameChunks receiver = new FrameChunks("receiver-1", 1 << 20, now::get);

    private static byte[] frame(int length) {
        byte[] frame = new byte[length];
        new Random(length).nextBytes(frame);
        frame[0] = '{';
        return frame;
    }

    @Test
    void aFrameSplitIntoChunksOfTheBrokersSizeComesBackWholeWithItsLastChunk() {
        byte[] frame = frame(10_000);
        List<byte[]> chunks = FrameChunks.split(frame, 1024);

        assertThat(chunks).hasSize((int) Math.ceil(10_000 / (1024.0 - FrameChunks.HEADER)));
        assertThat(chunks).allSatisfy(c -> assertThat(c.length).isLessThanOrEqualTo(1024)).allSatisfy(c -> assertThat(FrameChunks.isChunk(c)).isTrue());
        for (int i = 0; i < chunks.size() - 1; i++) assertThat(receiver.accept(chunks.get(i), "test")).isNull();
        assertThat(receiver.accept(chunks.get(chunks.size() - 1), "test")).isEqualTo(frame);
        assertThat(receiver.partialFrames()).isZero();
    }

    @Test
    void theChunksOfTwoFramesSentAtOnceAreTakenApart() {
        byte[] a = frame(5000);
        byte[] b = frame(7000);
        List<byte[]> ca = FrameChunks.split(a, 2048);
        List<byte[]> cb = FrameChunks.split(b, 2048);

        byte[] gotA = null;
        byte[] gotB = null;
        for (int i = 0; i < Math.max(ca.size(), cb.size()); i++) {
            if (i < ca.size()) gotA = receiver.accept(ca.get(i), "a");
            if (i < cb.size()) gotB = receiver.accept(cb.get(i), "b");
        }
        assertThat(gotA).isEqualTo(a);
        assertThat(gotB).isEqualTo(b);
    }

    @Test
    void aChunkOutOfOrderDropsItsFrameAndNothingComesOfTheRest() {
        List<byte[]> chunks = FrameChunks.split(frame(5000), 1024);

        assertThat(receiver.accept(chunks.get(0), "test")).isNull();
        assertThat(receiver.accept(chunks.get(2), "test")).isNull(); // the second never came
        assertThat(receiver.partialFrames()).isZero();
        for (int i = 3; i < chunks.size(); i++) assertThat(receiver.accept(chunks.get(i), "test")).isNull();
        assertThat(receiver.partialFrames()).isZero();
    }

    @Test
    void aFrameLongerThanTheMeshsMaximumIsRefusedAtItsFirstChunkBeforeAnythingIsHeld() {
        byte[] forged = ByteBuffer.allocate(FrameChunks.HEADER + 10).put(FrameChunks.MAGIC).putLong(7).putInt(Integer.MAX_VALUE).putInt(0)
                .put(new byte[10]).array();

        assertThat(receiver.accept(forged, "forger")).isNull();
        assertThat(receiver.partialFrames()).isZero();
    }

    @Test
    void aChunkThatClaimsMoreThanItsFramesLengthIsRefused() {
        byte[] forged = ByteBuffer.allocate(FrameChunks.HEADER + 100).put(FrameChunks.MAGIC).putLong(7).putInt(50).putInt(0)
                .put(new byte[100]).array();

        assertThat(receiver.accept(forged, "forger")).isNull();
        assertThat(receiver.partialFrames()).isZero();
    }

    @Test
    void atMostSoManyFramesAreHeldAtOnceAndOneWhoseSenderWentSilentIsDropped() {
        for (int i = 0; i < FrameChunks.MAX_PARTIAL_FRAMES + 10; i++) receiver.accept(FrameChunks.split(frame(3000), 1024).get(0), "many");
        assertThat(receiver.partialFrames()).isEqualTo(FrameChunks.MAX_PARTIAL_FRAMES);

        now.addAndGet(FrameChunks.STALE_AFTER.toNanos() + TimeUnit.SECONDS.toNanos(1));
        List<byte[]> fresh = FrameChunks.split(frame(3000), 1024);
        for (byte[] c : fresh) receiver.accept(c, "fresh");
        assertThat(receiver.partialFrames()).isZero();
    }

    @Test
    void aBrokerMessageTooSmallForAChunkIsRefusedWhenSplitting() {
        assertThatThrownBy(() -> FrameChunks.split(frame(100), FrameChunks.HEADER)).isInstanceOf(IllegalArgumentException.class);
    }
}
