package dev.skein.mesh.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link OutboundFrames} on an {@link EmbeddedChannel}. The test is always "on the event loop", so
 * a frame added while the channel is writable is written at once; to see the lanes, it makes the
 * channel unwritable (as a slow reader would), adds, then makes it writable again.
 */
class OutboundFramesTest {

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final OutboundFrames frames = OutboundFrames.of(channel);

    @AfterEach
    void closeChannel() {
        channel.finishAndReleaseAll();
    }

    private static byte[] frame(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private void writable(boolean writable) {
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, writable);
    }

    /** The buffers written so far, each released. */
    private List<byte[]> buffersWritten() {
        List<byte[]> out = new ArrayList<>();
        for (ByteBuf buf; (buf = channel.readOutbound()) != null; ) {
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            buf.release();
            out.add(bytes);
        }
        return out;
    }

    /** The frames written so far, read back by their 4-byte length prefixes. */
    private List<String> framesWritten() {
        return framesIn(buffersWritten());
    }

    /** The frames in {@code buffers}, read back by their 4-byte length prefixes. */
    private static List<String> framesIn(List<byte[]> buffers) {
        List<String> out = new ArrayList<>();
        for (byte[] b : buffers) {
            java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(b);
            while (in.hasRemaining()) {
                byte[] f = new byte[in.getInt()];
                in.get(f);
                out.add(new String(f, java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    @Test
    void ofGivesOneQueuePerChannel() {
        assertThat(OutboundFrames.of(channel)).isSameAs(frames);
    }

    @Test
    void aFrameIsWrittenWithAFourByteLengthPrefix() {
        frames.add(frame("hello"), false);

        List<byte[]> written = buffersWritten();
        assertThat(written).hasSize(1);
        assertThat(written.get(0)).containsExactly(0, 0, 0, 5, 'h', 'e', 'l', 'l', 'o');
    }

    @Test
    void anEmptyFrameIsWrittenAsItsPrefixAlone() {
        frames.add(new byte[0], true);

        assertThat(buffersWritten()).singleElement().satisfies(b -> assertThat(b).containsExactly(0, 0, 0, 0));
    }

    @Test
    void nothingIsWrittenWhileTheChannelIsNotWritable() {
        writable(false);
        frames.add(frame("a"), true);
        frames.add(frame("b"), false);

        assertThat(buffersWritten()).isEmpty();
        writable(true);
        frames.writable();
        assertThat(framesWritten()).containsExactly("a", "b");
    }

    @Test
    void framesForThisPeerGoBeforeBroadcastFramesQueuedEarlier() {
        writable(false);
        frames.add(frame("event1"), false);
        frames.add(frame("event2"), false);
        frames.add(frame("answer1"), true);
        frames.add(frame("answer2"), true);
        writable(true);
        frames.writable();

        assertThat(framesWritten()).containsExactly("answer1", "answer2", "event1", "event2");
    }

    @Test
    void heartbeatsGoBeforeBothLanes() {
        writable(false);
        frames.add(frame("event"), false);
        frames.add(frame("answer"), true);
        frames.addUrgent(frame("heartbeat"));
        writable(true);
        frames.writable();

        assertThat(framesWritten()).containsExactly("heartbeat", "answer", "event");
    }

    @Test
    void queuedBytesCountEachLaneWithItsPrefixAndReturnToZeroAfterTheDrain() {
        writable(false);
        frames.add(new byte[10], true);
        frames.add(new byte[100], false);
        frames.add(new byte[1000], false);

        assertThat(frames.queuedBytes(true)).isEqualTo(14);
        assertThat(frames.queuedBytes(false)).isEqualTo(104 + 1004);
        assertThat(frames.queuedBytes()).isEqualTo(14 + 104 + 1004);
        assertThat(frames.drainedBytes()).isZero();

        writable(true);
        frames.writable();
        assertThat(frames.queuedBytes(true)).isZero();
        assertThat(frames.queuedBytes(false)).isZero();
        assertThat(frames.queuedBytes()).isZero();
        assertThat(frames.drainedBytes()).isEqualTo(14 + 104 + 1004);
        assertThat(buffersWritten().stream().mapToInt(b -> b.length).sum()).isEqualTo(14 + 104 + 1004);
    }

    @Test
    void aHeartbeatDoesNotCountInTheLaneOfFramesForThisPeer() {
        writable(false);
        frames.addUrgent(new byte[20]);

        assertThat(frames.queuedBytes(true)).isZero();
        assertThat(frames.queuedBytes()).isEqualTo(24);

        writable(true);
        frames.writable();
        assertThat(frames.queuedBytes()).isZero();
        assertThat(frames.queuedBytes(false)).isZero();
        assertThat(frames.queuedBytes(true)).isZero();
    }

    @Test
    void framesThatWaitedAreCopiedTogetherIntoFewerBuffersInOrder() {
        writable(false);
        for (int i = 0; i < 10; i++) frames.add(frame("f" + i), true);
        writable(true);
        frames.writable();

        List<byte[]> written = buffersWritten();
        assertThat(written.size()).as("buffers for 10 frames").isLessThan(10);
        assertThat(written.stream().mapToInt(b -> b.length).sum()).isEqualTo(10 * (4 + 2));
        assertThat(framesIn(written)).containsExactly("f0", "f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9");
    }

    @Test
    void aFrameLargerThanABatchGetsABufferOfItsOwnAndTheNextWaitsWhileTheChannelIsFull() {
        writable(false);
        frames.add(frame("small"), true);
        frames.add(new byte[OutboundFrames.BATCH_BYTES + 1], true);
        frames.add(frame("after"), true);
        writable(true);
        frames.writable();

        assertThat(buffersWritten()).extracting(b -> b.length).containsExactly(4 + 5, 4 + OutboundFrames.BATCH_BYTES + 1);
        assertThat(frames.queuedBytes(true)).as("more than the high water mark was written: the channel was full").isEqualTo(4 + 5);
        assertThat(channel.isWritable()).as("flushed by the drain").isTrue();
        frames.writable();
        assertThat(framesWritten()).containsExactly("after");
        assertThat(frames.queuedBytes()).isZero();
    }

    @Test
    void aDrainStopsWhenTheChannelTurnsUnwritableAndResumesInOrder() {
        channel.config().setWriteBufferWaterMark(new io.netty.channel.WriteBufferWaterMark(1, 2));
        // keep the written bytes in the channel's buffer: unwritable after the first buffer
        channel.pipeline().addFirst(new io.netty.channel.ChannelOutboundHandlerAdapter() {
            @Override
            public void flush(io.netty.channel.ChannelHandlerContext ctx) {
            }
        });
        writable(false);
        frames.add(new byte[OutboundFrames.BATCH_BYTES], false);
        frames.add(frame("next"), false);
        writable(true);
        frames.writable();

        assertThat(channel.isWritable()).isFalse();
        assertThat(frames.queuedBytes(false)).as("the second frame waits here").isEqualTo(8);
        channel.pipeline().removeFirst();
        channel.flush();
        assertThat(channel.isWritable()).isTrue();
        frames.writable();

        assertThat(buffersWritten()).extracting(b -> b.length).containsExactly(4 + OutboundFrames.BATCH_BYTES, 8);
        assertThat(frames.queuedBytes()).isZero();
    }

    @Test
    void framesAddedAfterTheChannelClosedAreDroppedAndNotCounted() {
        writable(false);
        frames.add(frame("queued"), true);
        frames.add(frame("queued"), false);
        channel.close();

        frames.add(frame("late"), false);
        frames.addUrgent(frame("late"));

        assertThat(frames.queuedBytes()).isZero();
        assertThat(frames.queuedBytes(true)).isZero();
        assertThat(frames.queuedBytes(false)).isZero();
        assertThat(frames.drainedBytes()).isZero();
    }
}
