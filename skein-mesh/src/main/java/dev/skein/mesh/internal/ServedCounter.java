package dev.skein.mesh.internal;

import dev.skein.mesh.CallStats;
import dev.skein.mesh.LatencyHistogram;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The calls a node served for one path since it started, for its heartbeats ({@link CallStats}):
 * counts, time, latency buckets, and who called, for the {@link #MAX_CALLERS} callers with the most
 * calls. Thread-safe: the calls that end count themselves while a heartbeat reads.
 */
final class ServedCounter {

    /** Callers counted at most per path; a new one then takes the place of the one with the fewest calls (whose count a reader sees go). */
    static final int MAX_CALLERS = 16;

    private final LongAdder calls = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder nanos = new LongAdder();
    private final AtomicLongArray latency = new AtomicLongArray(LatencyHistogram.BUCKETS);
    private final Map<String, LongAdder> callers = new ConcurrentHashMap<>();

    /** Counts a call from node {@code from} that took {@code took} nanoseconds. */
    void add(String from, long took, boolean failed) {
        calls.increment();
        nanos.add(took);
        latency.incrementAndGet(LatencyHistogram.bucketOf(took / 1000));
        if (failed) errors.increment();
        LongAdder caller = callers.get(from);
        if (caller == null) caller = newCaller(from);
        caller.increment();
    }

    private synchronized LongAdder newCaller(String from) {
        LongAdder caller = callers.get(from);
        if (caller != null) return caller;
        if (callers.size() >= MAX_CALLERS) {
            callers.entrySet().stream().min(java.util.Comparator.comparingLong(e -> e.getValue().sum()))
                    .ifPresent(fewest -> callers.remove(fewest.getKey()));
        }
        caller = new LongAdder();
        callers.put(from, caller);
        return caller;
    }

    /** The counts now. */
    CallStats read() {
        long[] buckets = new long[LatencyHistogram.BUCKETS];
        for (int i = 0; i < buckets.length; i++) buckets[i] = latency.get(i);
        Map<String, Long> by = new HashMap<>();
        callers.forEach((node, n) -> by.put(node, n.sum()));
        return new CallStats(calls.sum(), errors.sum(), nanos.sum() / 1000, LatencyHistogram.of(buckets), by);
    }
}
