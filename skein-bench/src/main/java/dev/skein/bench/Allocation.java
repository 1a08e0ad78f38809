package dev.skein.bench;

import java.lang.management.ManagementFactory;

/** Bytes allocated so far by this JVM's live threads (HotSpot's per-thread counters); deltas over a phase give bytes per operation. */
final class Allocation {

    private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Allocation() {
    }

    static long total() {
        long sum = 0;
        for (long bytes : THREADS.getThreadAllocatedBytes(THREADS.getAllThreadIds())) {
            if (bytes > 0) sum += bytes;
        }
        return sum;
    }
}
