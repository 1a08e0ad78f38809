package dev.skein.mesh.tcp;

import io.netty.channel.Channel;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * Hands one connection's frames to the mesh in the order they came: small ones at once, on the
 * event loop; a large one ({@link #OFF_LOOP_BYTES} and up), and whatever follows it while it is
 * read, on a reader thread. Decoding a 50 MB value takes a while; on the event loop it would hold
 * every other connection of that loop, this node's own heartbeats among them, and its peers would
 * take this node, or the sender, for silent.
 *
 * <p>While frames are read off the loop the connection stops reading from its socket (Netty's
 * auto-read), so what waits here is at most the rest of one read; the end of the connection is
 * seen after the frames that came before it ({@link #then}), as on the loop.
 */
final class InboundFrames {

    /** Frames from this size up are read off the event loop. */
    static final int OFF_LOOP_BYTES = 256 * 1024;

    private final Channel channel;
    private final Executor readers;
    private final Consumer<byte[]> deliver;
    /** Frames (byte[]) and actions (Runnable) waiting behind the one being read off the loop; guarded by this. */
    private final ArrayDeque<Object> backlog = new ArrayDeque<>();
    /** Whether a reader thread is working through {@link #backlog}; guarded by this. */
    private boolean offLoop;
    /** Completes when the reader thread is through the backlog; null while none is at work; guarded by this. */
    private java.util.concurrent.CompletableFuture<Void> through;

    InboundFrames(Channel channel, Executor readers, Consumer<byte[]> deliver) {
        this.channel = channel;
        this.readers = readers;
        this.deliver = deliver;
    }

    /** A whole frame arrived (on the event loop). */
    void accept(byte[] frame) {
        synchronized (this) {
            if (offLoop) {
                backlog.add(frame);
                return;
            }
            if (frame.length >= OFF_LOOP_BYTES) {
                backlog.add(frame);
                offLoop = true;
                through = new java.util.concurrent.CompletableFuture<>();
                channel.config().setAutoRead(false);
                try {
                    readers.execute(this::drain);
                    return;
                } catch (RejectedExecutionException closing) {
                    backlog.clear(); // the transport is closing: the connection goes with it
                    offLoop = false;
                    through.complete(null);
                    return;
                }
            }
        }
        deliver.accept(frame);
    }

    /** Runs {@code action} once the frames that came before it are delivered: at once when none waits. */
    void then(Runnable action) {
        synchronized (this) {
            if (offLoop) {
                backlog.add(action);
                return;
            }
        }
        action.run();
    }

    /** Completes once the frames that reached this connection so far are delivered: at once when none waits. */
    synchronized java.util.concurrent.CompletableFuture<Void> delivered() {
        return offLoop ? through.copy() : java.util.concurrent.CompletableFuture.completedFuture(null);
    }

    private void drain() {
        while (true) {
            Object next;
            java.util.concurrent.CompletableFuture<Void> done = null;
            synchronized (this) {
                next = backlog.poll();
                if (next == null) {
                    offLoop = false;
                    done = through;
                    through = null;
                }
            }
            if (next == null) {
                done.complete(null);
                break;
            }
            try {
                if (next instanceof byte[] frame) deliver.accept(frame);
                else ((Runnable) next).run();
            } catch (Throwable e) { // an Error too (a value too large for the heap): the connection closes, it does not hang
                channel.pipeline().fireExceptionCaught(e);
            }
        }
        try {
            channel.eventLoop().execute(() -> {
                synchronized (this) {
                    if (!offLoop) channel.config().setAutoRead(true);
                }
            });
        } catch (RejectedExecutionException closing) {
            // the loop is shutting down: the connection goes with it
        }
    }
}
