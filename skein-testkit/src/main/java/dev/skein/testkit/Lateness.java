package dev.skein.testkit;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.locks.LockSupport;

/**
 * How late this JVM's threads wake up on this machine right now: a thread that asks to sleep 1 ms,
 * again and again, records by how much it overslept. On free cores that is well under a
 * millisecond; beside a busy build, or in a collection that stops the JVM, it is whatever the
 * machine makes it. A test derives from it the slack of a bound that a timer or a detector must
 * meet (it can be no more punctual than this JVM is), instead of assuming the cores are free.
 *
 * <p>Measures from {@link #start()} until {@link #close()}; {@link #max()} may be read meanwhile.
 * Thread-safe.
 */
public final class Lateness implements AutoCloseable {

    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final LongAccumulator maxNanos = new LongAccumulator(Math::max, 0);
    private final Thread meter;
    private volatile boolean running = true;

    private Lateness() {
        meter = new Thread(this::measure, "lateness-meter");
        meter.setDaemon(true);
    }

    /** Starts measuring in a thread of its own, at normal priority. */
    public static Lateness start() {
        Lateness lateness = new Lateness();
        lateness.meter.start();
        return lateness;
    }

    /** Measures for {@code window} and returns the longest lateness seen. */
    public static Duration over(Duration window) throws InterruptedException {
        try (Lateness lateness = start()) {
            Thread.sleep(window.toMillis());
            return lateness.max();
        }
    }

    private void measure() {
        while (running) {
            long before = System.nanoTime();
            LockSupport.parkNanos(TICK_NANOS);
            maxNanos.accumulate(System.nanoTime() - before - TICK_NANOS);
        }
    }

    /** The longest a thread of this JVM has overslept so far. */
    public Duration max() {
        return Duration.ofNanos(Math.max(0, maxNanos.get()));
    }

    @Override
    public void close() {
        running = false;
        meter.interrupt();
    }

    @Override
    public String toString() {
        return "longest lateness " + max().toMillis() + " ms";
    }
}
