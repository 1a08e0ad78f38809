package dev.skein.mesh.internal.security;

/**
 * Which counters of one sender's session have been seen: a sliding window of {@value #SIZE}
 * counters below the highest one (as IPsec and DTLS keep). A counter seen before, or older than
 * the window, is refused. The window is wide (8 KiB of bits per sender session, a fifth of a second
 * at 300,000 frames/s) because a node seals on many threads and its frames may leave out of counter
 * order when one of them is descheduled. Thread-safe.
 */
final class ReplayWindow {

    static final int SIZE = 65536;
    private final long[] seen = new long[SIZE / 64];
    private long highest;

    /** True the first time {@code counter} is offered while it is inside the window; false for a replay. */
    synchronized boolean accept(long counter) {
        if (counter <= 0) return false;
        if (counter > highest) {
            if (counter - highest >= SIZE) {
                java.util.Arrays.fill(seen, 0L);
            } else {
                for (long c = highest + 1; c < counter; c++) clear(c);
            }
            highest = counter;
            set(counter);
            return true;
        }
        if (highest - counter >= SIZE || isSet(counter)) return false;
        set(counter);
        return true;
    }

    private void set(long c) {
        int bit = (int) (c % SIZE);
        seen[bit >>> 6] |= 1L << (bit & 63);
    }

    private void clear(long c) {
        int bit = (int) (c % SIZE);
        seen[bit >>> 6] &= ~(1L << (bit & 63));
    }

    private boolean isSet(long c) {
        int bit = (int) (c % SIZE);
        return (seen[bit >>> 6] & (1L << (bit & 63))) != 0;
    }
}
