package dev.skein.mesh.internal;

import dev.skein.core.internal.SerialExecutor;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The events of one sender waiting for this node's listeners, delivered one after the other in
 * the order they came, at most {@code max} waiting: past that a slow listener loses the newest
 * events of that sender (counted) rather than this node its heap, or its I/O thread its calls.
 * Thread-safe.
 */
final class EventInbox {

    private final SerialExecutor queue;
    private final int max;
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();

    EventInbox(Executor executor, int max) {
        this.queue = new SerialExecutor(executor);
        this.max = max;
    }

    /** Queues {@code delivery}; false (and counted) when {@code max} events already wait. */
    boolean offer(Runnable delivery) {
        if (waiting.incrementAndGet() > max) {
            waiting.decrementAndGet();
            dropped.incrementAndGet();
            return false;
        }
        try {
            queue.execute(() -> {
                waiting.decrementAndGet();
                delivery.run();
            });
        } catch (java.util.concurrent.RejectedExecutionException full) {
            // the app's executor is full (or closing): the events that waited are dropped with this one,
            // rather than the exception reaching the I/O thread and closing the sender's connection
            dropped.addAndGet(Math.max(1, waiting.getAndSet(0)));
            return false;
        }
        return true;
    }

    long dropped() {
        return dropped.get();
    }
}
