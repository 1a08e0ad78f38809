package dev.skein.mesh.internal;

import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Where the parts of a node read the time and set their timers: {@link #system()} in every node
 * that runs; a clock of a test's own, moved by hand, in the unit tests of the parts, so that a
 * deadline or a silent peer is tested in microseconds rather than waited for.
 *
 * <p>What reads {@link System#nanoTime()} directly still: durations measured for metrics (they
 * describe, they decide nothing), and the waits no unit test of a part moves yet: the drain of a
 * leaving node ({@link Drain}), the age of idempotency keys ({@link Idempotency}), log limits
 * ({@link LogLimiter}) and the transport's start ({@link TransportStarter}).
 */
interface Clock {

    /** Nanoseconds of a monotonic clock, as {@link System#nanoTime()}: only differences mean anything. */
    long nanoTime();

    /** The time of day: for the deadlines that travel with a call's params ({@link dev.skein.mesh.Mesh#DEADLINE}). */
    Instant now();

    /**
     * A new timer for the tasks of node {@code nodeId} (heartbeats, waits, retries), on this clock's
     * time. The node owns it and shuts it down when it closes.
     */
    ScheduledExecutorService newTimer(String nodeId);

    /**
     * Runs {@code task} after {@code delayNanos} unless the returned deadline is cancelled first: the
     * deadline of a call, set and cancelled for every call, so cheaper than a task on the node's timer.
     */
    Deadline deadline(Runnable task, long delayNanos);

    /** A task set by {@link #deadline}. */
    interface Deadline {
        /** Keeps the task from running, if it has not run yet. */
        void cancel();
    }

    /** The system's clock and timers: what every running node uses. */
    static Clock system() {
        return SystemClock.INSTANCE;
    }
}
