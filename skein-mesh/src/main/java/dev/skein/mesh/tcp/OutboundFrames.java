package dev.skein.mesh.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The frames waiting to be written on one connection, in two lanes: frames for this peer alone
 * (requests, answers, cancels, a hello in reply) and frames for everyone (events, hellos, leaves);
 * heartbeats go ahead of both, since the peer judges this node by them. Any thread adds; the connection's event loop drains them in one task: it copies
 * as many frames as fit into one pooled buffer (allocated on the event loop, where Netty's buffer
 * cache is), writes, and flushes once per drain. A burst of frames from application threads thus
 * costs one task, one wake-up of the loop and one {@code write(2)} per batch, not per frame.
 *
 * <p>A drain stops while the channel is not writable (its small Netty buffer is full) and resumes
 * when it is again ({@link #writable()}), so what waits for a slow reader waits here, where an
 * answer goes before the events queued ahead of it: a caller's answer is not held behind a flood
 * of events to the same node.
 */
final class OutboundFrames implements Runnable {

    static final AttributeKey<OutboundFrames> KEY = AttributeKey.valueOf("skein.outbound");
    /** Frames are copied together into buffers of up to this size; a larger frame gets its own. */
    static final int BATCH_BYTES = 64 * 1024;

    private final Channel channel;
    /** Heartbeats: ahead of both lanes; their bytes count with the broadcasts', though no sender waits for them. */
    private final Queue<byte[]> urgent = new ConcurrentLinkedQueue<>();
    private final Queue<byte[]> direct = new ConcurrentLinkedQueue<>();
    private final Queue<byte[]> broadcast = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicLong queuedBytes = new AtomicLong();
    /** Bytes handed to the channel so far: it grows only while the peer reads (the channel takes more only while writable). */
    private final AtomicLong drainedBytes = new AtomicLong();
    /** Of {@link #queuedBytes}, those of broadcast frames: the lane whose senders wait for a slow reader. */
    private final AtomicLong queuedBroadcastBytes = new AtomicLong();

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

    /** Bytes handed to the channel since it opened: a sender waiting for a slow reader sees progress here, whatever others add meanwhile. */
    long drainedBytes() {
        return drainedBytes.get();
    }

    /** Bytes waiting in {@code forThisPeer}'s lane: a sender waits for its own lane, so answers never wait behind queued events. */
    long queuedBytes(boolean forThisPeer) {
        long broadcastBytes = queuedBroadcastBytes.get();
        return forThisPeer ? queuedBytes.get() - broadcastBytes : broadcastBytes;
    }

    /**
     * Queues {@code frame} (its length prefix is added here) and makes sure a drain follows;
     * {@code forThisPeer} frames go before the broadcast ones still waiting.
     */
    void add(byte[] frame, boolean forThisPeer) {
        (forThisPeer ? direct : broadcast).add(frame);
        queuedBytes.addAndGet(4L + frame.length);
        if (!forThisPeer) queuedBroadcastBytes.addAndGet(4L + frame.length);
        if (channel.eventLoop().inEventLoop()) {
            run(); // already on the loop (a handshake reply, an answer sent while reading): no task needed
        } else {
            schedule();
        }
    }

    /** Queues a heartbeat ahead of every other frame still waiting, and makes sure a drain follows. */
    void addUrgent(byte[] frame) {
        urgent.add(frame);
        queuedBytes.addAndGet(4L + frame.length);
        queuedBroadcastBytes.addAndGet(4L + frame.length);
        if (channel.eventLoop().inEventLoop()) {
            run();
        } else {
            schedule();
        }
    }

    /** The channel can take more: drain what waits (called on the event loop). */
    void writable() {
        if (!urgent.isEmpty() || !direct.isEmpty() || !broadcast.isEmpty()) run();
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                channel.eventLoop().execute(this);
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                scheduled.set(false); // the loop is shutting down: the connection goes with it
            }
        }
    }

    /** Drains the queue on the event loop while the channel is writable: batches of frames, one flush. */
    @Override
    public void run() {
        scheduled.set(false); // frames added from now on schedule another drain, if this one misses them
        if (!channel.isActive()) {
            discard();
            return;
        }
        boolean wrote = false;
        byte[] next = channel.isWritable() ? poll() : null;
        while (next != null) {
            int size = 4 + next.length;
            ByteBuf buf = channel.alloc().ioBuffer(Math.max(size, Math.min(BATCH_BYTES, size * 8)));
            long taken = 0;
            do {
                buf.writeInt(next.length).writeBytes(next);
                taken += 4L + next.length;
                next = buf.writableBytes() >= 4 + peekSize() ? poll() : null;
            } while (next != null);
            queuedBytes.addAndGet(-taken);
            drainedBytes.addAndGet(taken);
            channel.write(buf, channel.voidPromise());
            wrote = true;
            next = channel.isWritable() ? poll() : null;
        }
        if (wrote) channel.flush();
    }

    private byte[] poll() {
        byte[] f = urgent.poll();
        if (f != null) {
            queuedBroadcastBytes.addAndGet(-(4L + f.length));
            return f;
        }
        f = direct.poll();
        if (f != null) return f;
        f = broadcast.poll();
        if (f != null) queuedBroadcastBytes.addAndGet(-(4L + f.length));
        return f;
    }

    /** The size of the frame {@link #poll()} would take next, or a size that never fits when none waits. */
    private int peekSize() {
        byte[] f = urgent.peek();
        if (f == null) f = direct.peek();
        if (f == null) f = broadcast.peek();
        return f == null ? Integer.MAX_VALUE - 4 : f.length;
    }

    private void discard() {
        long dropped = 0;
        for (byte[] f; (f = poll()) != null; ) dropped += 4L + f.length;
        queuedBytes.addAndGet(-dropped);
    }
}
