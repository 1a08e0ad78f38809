package dev.skein.mesh.internal;

/**
 * The times between a peer's last heartbeats, as they arrived here: how late and how irregular
 * they come, which {@link FailureDetector} adds to the silence it allows the peer. Thread-safe
 * (heartbeats arrive on I/O threads, the timer reads).
 */
final class HeartbeatHistory {

    /** How many of the latest intervals count: about a minute of heartbeats at the default interval. */
    static final int WINDOW = 64;
    /** Fewer intervals than this say nothing yet: the lateness is 0. */
    static final int MIN_SAMPLES = 4;

    private final long[] intervals = new long[WINDOW];
    private int count;
    private int next;
    private long last;

    /** A heartbeat arrived at {@code now} (the node's {@link Clock#nanoTime()}). */
    synchronized void heartbeat(long now) {
        if (last != 0) {
            intervals[next] = now - last;
            next = (next + 1) % WINDOW;
            if (count < WINDOW) count++;
        }
        last = now;
    }

    /**
     * How much later than {@code intervalNanos} the heartbeats came: the mean interval's excess over
     * it plus four standard deviations; 0 with fewer than {@link #MIN_SAMPLES} intervals.
     */
    synchronized long latenessNanos(long intervalNanos) {
        if (count < MIN_SAMPLES) return 0;
        double sum = 0;
        for (int i = 0; i < count; i++) sum += intervals[i];
        double mean = sum / count;
        double squares = 0;
        for (int i = 0; i < count; i++) {
            double d = intervals[i] - mean;
            squares += d * d;
        }
        double deviation = Math.sqrt(squares / count);
        return (long) (Math.max(0, mean - intervalNanos) + 4 * deviation);
    }
}
