package dev.skein.mesh.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The frames waiting to be written on one connection. Any thread adds; the connection's event loop
 * drains them in one task: it copies as many frames as fit into one pooled buffer (allocated on
 * the event loop, where Netty's buffer cache is), writes, and flushes once per drain. A burst of
 * frames from application threads thus costs one task, one wake-up of the loop and one
 * {@code write(2)} per batch, not per frame.
 */
final class OutboundFrames implements Runnable {

    static final AttributeKey<OutboundFrames> KEY = AttributeKey.valueOf("skein.outbound");
    /** Frames are copied together into buffers of up to this size; a larger frame gets its own. */
    static final int BATCH_BYTES = 64 * 1024;

    private final Channel channel;
    private final Queue<byte[]> frames = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicLong queuedBytes = new AtomicLong();

    private OutboundFrames(Channel channel) {
        this.channel = channel;
    }

    /** The queue of {@code channel}, made on first use. */
    static OutboundFrames of(Channel channel) {
        OutboundFrames q = channel.attr(KEY).get();
        if (q != null) return q;
        OutboundFrames made = new OutboundFrames(channel);
        OutboundFrames raced = channel.attr(KEY).setIfAbsent(made);
        return raced == null ? made : raced;
    }

    /** Bytes added and not yet handed to the channel. */
    long queuedBytes() {
        return queuedBytes.get();
    }

    /** Queues {@code frame} (its length prefix is added here) and makes sure a drain follows. */
    void add(byte[] frame) {
        frames.add(frame);
        queuedBytes.addAndGet(4L + frame.length);
        if (channel.eventLoop().inEventLoop()) {
            run(); // already on the loop (a handshake reply, an answer sent while reading): no task needed
        } else if (scheduled.compareAndSet(false, true)) {
            try {
                channel.eventLoop().execute(this);
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                scheduled.set(false); // the loop is shutting down: the connection goes with it
            }
        }
    }

    /** Drains the queue on the event loop: batches of frames, one flush. */
    @Override
    public void run() {
        scheduled.set(false); // frames added from now on schedule another drain, if this one misses them
        if (!channel.isActive()) {
            discard();
            return;
        }
        boolean wrote = false;
        byte[] next = frames.poll();
        while (next != null) {
            int size = 4 + next.length;
            ByteBuf buf = channel.alloc().ioBuffer(Math.max(size, Math.min(BATCH_BYTES, size * 8)));
            long taken = 0;
            do {
                buf.writeInt(next.length).writeBytes(next);
                taken += 4L + next.length;
                next = frames.poll();
            } while (next != null && buf.writableBytes() >= 4 + next.length);
            queuedBytes.addAndGet(-taken);
            channel.write(buf, channel.voidPromise());
            wrote = true;
        }
        if (wrote) channel.flush();
    }

    private void discard() {
        long dropped = 0;
        for (byte[] f; (f = frames.poll()) != null; ) dropped += 4L + f.length;
        queuedBytes.addAndGet(-dropped);
    }
}
