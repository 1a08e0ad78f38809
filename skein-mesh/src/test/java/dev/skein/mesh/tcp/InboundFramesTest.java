package dev.skein.mesh.tcp;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link InboundFrames} on an {@link EmbeddedChannel}, with a reader "thread" the test runs by
 * hand ({@link #runReaders()}), so every step of a drain is seen in order.
 */
class InboundFramesTest {

    private final EmbeddedChannel channel = new EmbeddedChannel();
    /** What was delivered, in order: each frame's first byte, and the names of the actions run by then(). */
    private final List<String> seen = new ArrayList<>();
    private final Queue<Runnable> readerTasks = new ArrayDeque<>();
    private final Executor readers = readerTasks::add;
    private final InboundFrames frames = new InboundFrames(channel, readers, f -> seen.add("frame" + f[0]));

    @AfterEach
    void closeChannel() {
        channel.finishAndReleaseAll();
    }

    private static byte[] small(int id) {
        return new byte[]{(byte) id, 0, 0};
    }

    private static byte[] large(int id) {
        byte[] f = new byte[InboundFrames.OFF_LOOP_BYTES];
        f[0] = (byte) id;
        return f;
    }

    /** Runs the reader tasks handed to the executor so far, as the reader thread would. */
    private void runReaders() {
        for (Runnable task; (task = readerTasks.poll()) != null; ) task.run();
    }

    @Test
    void smallFramesAreDeliveredAtOnceInOrderWithoutTheReaders() {
        frames.accept(small(1));
        frames.accept(small(2));
        frames.accept(new byte[InboundFrames.OFF_LOOP_BYTES - 1]);

        assertThat(seen).containsExactly("frame1", "frame2", "frame0");
        assertThat(readerTasks).isEmpty();
        assertThat(channel.config().isAutoRead()).isTrue();
    }

    @Test
    void aFrameOfOffLoopBytesGoesToTheReadersAndStopsReadingFromTheSocket() {
        frames.accept(large(7));

        assertThat(seen).as("not delivered on the event loop").isEmpty();
        assertThat(readerTasks).hasSize(1);
        assertThat(channel.config().isAutoRead()).isFalse();

        runReaders();
        assertThat(seen).containsExactly("frame7");
    }

    @Test
    void framesAfterALargeOneWaitAndAreDeliveredInOrderAfterIt() {
        frames.accept(small(1));
        frames.accept(large(2));
        frames.accept(small(3));
        frames.accept(large(4));
        frames.accept(small(5));

        assertThat(seen).as("only what came before the large frame").containsExactly("frame1");
        assertThat(readerTasks).as("one reader task works through the whole backlog").hasSize(1);

        runReaders();
        assertThat(seen).containsExactly("frame1", "frame2", "frame3", "frame4", "frame5");
    }

    @Test
    void autoReadTurnsBackOnOnTheEventLoopOnceTheBacklogIsThrough() {
        frames.accept(large(1));
        frames.accept(small(2));
        runReaders();

        assertThat(seen).containsExactly("frame1", "frame2");
        assertThat(channel.config().isAutoRead()).as("turned on by an event-loop task, not the reader").isFalse();
        channel.runPendingTasks();
        assertThat(channel.config().isAutoRead()).isTrue();

        frames.accept(small(3));
        assertThat(seen).as("back on the loop: delivered at once").containsExactly("frame1", "frame2", "frame3");
    }

    @Test
    void autoReadStaysOffWhenAnotherLargeFrameCameBeforeTheEventLoopTaskRan() {
        frames.accept(large(1));
        runReaders();
        frames.accept(large(2)); // the loop had not yet run the task that turns reading back on

        channel.runPendingTasks();
        assertThat(channel.config().isAutoRead()).as("a second drain is under way").isFalse();

        runReaders();
        channel.runPendingTasks();
        assertThat(channel.config().isAutoRead()).isTrue();
        assertThat(seen).containsExactly("frame1", "frame2");
    }

    @Test
    void thenRunsAtOnceWhenNothingWaits() {
        frames.accept(small(1));
        frames.then(() -> seen.add("closed"));

        assertThat(seen).containsExactly("frame1", "closed");
    }

    @Test
    void thenRunsAfterTheFramesThatCameBeforeIt() {
        frames.accept(large(1));
        frames.accept(small(2));
        frames.then(() -> seen.add("closed"));

        assertThat(seen).as("the end of the connection waits behind its frames").isEmpty();
        runReaders();
        assertThat(seen).containsExactly("frame1", "frame2", "closed");
    }

    @Test
    void deliveredCompletesAtOnceWhenIdle() {
        frames.accept(small(1));

        assertThat(frames.delivered()).isCompleted();
    }

    @Test
    void deliveredCompletesOnlyOnceTheBacklogIsThrough() {
        frames.accept(large(1));
        frames.accept(small(2));
        CompletableFuture<Void> delivered = frames.delivered();

        assertThat(delivered).isNotDone();
        runReaders();
        assertThat(delivered).isCompleted();
        assertThat(seen).containsExactly("frame1", "frame2");
        assertThat(frames.delivered()).as("idle again").isCompleted();
    }

    @Test
    void completingOrCancellingTheReturnedFutureDoesNotTouchTheDrain() {
        frames.accept(large(1));
        frames.delivered().cancel(false);
        CompletableFuture<Void> other = frames.delivered();

        assertThat(other).as("each caller gets its own copy").isNotDone();
        runReaders();
        assertThat(other).isCompleted();
    }

    @Test
    void aRejectingExecutorDropsTheBacklogWithoutHanging() {
        InboundFrames closing = new InboundFrames(channel, task -> {
            throw new RejectedExecutionException("closing");
        }, f -> seen.add("frame" + f[0]));

        closing.accept(large(1));

        assertThat(seen).as("the large frame is dropped with the connection").isEmpty();
        assertThat(closing.delivered()).as("nothing waits").isCompleted();
        closing.accept(small(2));
        closing.then(() -> seen.add("closed"));
        assertThat(seen).as("later frames do not wait behind a drain that never runs").containsExactly("frame2", "closed");
    }

    @Test
    void aFrameWhoseDeliveryFailsIsReportedToThePipelineAndTheRestAreStillDelivered() {
        InboundFrames failing = new InboundFrames(channel, readers, f -> {
            if (f[0] == 2) throw new IllegalStateException("bad frame 2");
            seen.add("frame" + f[0]);
        });

        failing.accept(large(1));
        failing.accept(small(2));
        failing.accept(small(3));
        runReaders();

        assertThat(seen).containsExactly("frame1", "frame3");
        assertThat(failing.delivered()).isCompleted();
        assertThatThrownBy(channel::checkException).isInstanceOf(IllegalStateException.class).hasMessage("bad frame 2");
    }
}
