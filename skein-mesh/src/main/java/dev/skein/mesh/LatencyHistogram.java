package dev.skein.mesh;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Calls counted by how long they took, in fixed log-scale buckets: 1-2-5 steps from 100 µs to
 * 50 s, and one bucket for longer. Small enough for every heartbeat, and, like
 * {@link CallStats}'s counts, only growing: the {@link #minus difference} of two readings counts
 * the calls between them, whose {@link #percentileMicros percentiles} it tells to within a bucket.
 *
 * <p>Immutable and thread-safe.
 */
public final class LatencyHistogram {

    /** The upper bound of every bucket but the last, in microseconds; a call that took a bound exactly counts in its bucket. */
    private static final long[] BOUNDS = {100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000,
            1_000_000, 2_000_000, 5_000_000, 10_000_000, 20_000_000, 50_000_000};

    /** How many buckets there are (the last one for calls longer than 50 s). */
    public static final int BUCKETS = BOUNDS.length + 1;

    /** No call counted: what a node that sends no histogram (an older one) is read as. */
    public static final LatencyHistogram EMPTY = new LatencyHistogram(new long[BUCKETS]);

    private final long[] counts;

    private LatencyHistogram(long[] counts) {
        this.counts = counts;
    }

    /** A histogram of these counts, bucket by bucket from the shortest; fewer than {@link #BUCKETS} are padded with zeros. */
    public static LatencyHistogram of(long... counts) {
        if (counts.length > BUCKETS) {
            throw new IllegalArgumentException(counts.length + " bucket counts for a histogram of " + BUCKETS + " buckets");
        }
        return new LatencyHistogram(Arrays.copyOf(counts, BUCKETS));
    }

    /** The bucket a call that took {@code micros} counts in. */
    public static int bucketOf(long micros) {
        for (int i = 0; i < BOUNDS.length; i++) if (micros <= BOUNDS[i]) return i;
        return BOUNDS.length;
    }

    /** The calls counted in {@code bucket}. */
    public long count(int bucket) {
        return counts[bucket];
    }

    /** The calls counted in all. */
    public long total() {
        long n = 0;
        for (long c : counts) n += c;
        return n;
    }

    /** The calls counted here and not in {@code earlier}, a reading of the same counts before; {@link #EMPTY} if any count went down (the node restarted). */
    public LatencyHistogram minus(LatencyHistogram earlier) {
        long[] d = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            d[i] = counts[i] - earlier.counts[i];
            if (d[i] < 0) return EMPTY;
        }
        return new LatencyHistogram(d);
    }

    /** The calls counted here and in {@code other} (of another node, say). */
    public LatencyHistogram plus(LatencyHistogram other) {
        long[] s = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) s[i] = counts[i] + other.counts[i];
        return new LatencyHistogram(s);
    }

    /**
     * The time that a fraction {@code q} (0..1, e.g. 0.99) of the calls took at most, in
     * microseconds, interpolated within its bucket (calls spread evenly over it); past 50 s it is
     * 50 s, a lower bound. {@link Double#NaN} when no call is counted.
     */
    public double percentileMicros(double q) {
        if (!(q >= 0 && q <= 1)) throw new IllegalArgumentException("a percentile is a fraction from 0 to 1, not " + q);
        long total = total();
        if (total == 0) return Double.NaN;
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long below = 0;
        for (int i = 0; i < BUCKETS; i++) {
            if (below + counts[i] >= rank) {
                if (i == BOUNDS.length) return BOUNDS[i - 1];
                double lower = i == 0 ? 0 : BOUNDS[i - 1];
                return lower + (BOUNDS[i] - lower) * (rank - below) / counts[i];
            }
            below += counts[i];
        }
        throw new AssertionError("rank " + rank + " past " + total + " calls");
    }

    /** The wire form in a heartbeat: the counts from the shortest bucket, trailing zeros left out. */
    public List<Long> toWire() {
        int n = BUCKETS;
        while (n > 0 && counts[n - 1] == 0) n--;
        List<Long> wire = new ArrayList<>(n);
        for (int i = 0; i < n; i++) wire.add(counts[i]);
        return wire;
    }

    /** Reads the wire form; anything but a list is {@link #EMPTY}, a count that is not a non-negative number is 0, counts past the last bucket are ignored. */
    public static LatencyHistogram fromWire(Object wire) {
        if (!(wire instanceof List<?> list) || list.isEmpty()) return EMPTY;
        long[] counts = new long[BUCKETS];
        for (int i = 0; i < Math.min(BUCKETS, list.size()); i++) {
            counts[i] = list.get(i) instanceof Number n && n.longValue() > 0 ? n.longValue() : 0;
        }
        return new LatencyHistogram(counts);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LatencyHistogram h && Arrays.equals(counts, h.counts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "LatencyHistogram" + toWire();
    }
}
