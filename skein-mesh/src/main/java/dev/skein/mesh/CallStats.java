package dev.skein.mesh;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The calls a node has served for one service since it started, carried by its heartbeats: the
 * counts only grow, so a reader gets rates, mean latencies and latency percentiles from two
 * readings, and a lost heartbeat loses nothing.
 *
 * @param calls       calls that ran and were answered
 * @param errors      of those, answered with an error
 * @param totalMicros the time from their arrival to their answer, summed, in microseconds
 * @param latency     the same calls by how long they took; {@link LatencyHistogram#EMPTY} from a node that sends none (an older one)
 */
public record CallStats(long calls, long errors, long totalMicros, LatencyHistogram latency) {

    /** A {@code null} latency is {@link LatencyHistogram#EMPTY}. */
    public CallStats {
        if (latency == null) latency = LatencyHistogram.EMPTY;
    }

    /** Counts without a latency histogram. */
    public CallStats(long calls, long errors, long totalMicros) {
        this(calls, errors, totalMicros, LatencyHistogram.EMPTY);
    }

    /** The wire form in a heartbeat: {@code {n, err, us, h}}, {@code h} the histogram's counts when it has any. */
    public Map<String, Object> toWire() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", calls);
        m.put("err", errors);
        m.put("us", totalMicros);
        if (latency.total() > 0) m.put("h", latency.toWire());
        return m;
    }

    /** Reads the wire form; a missing or non-numeric count is 0, a missing histogram (from an older node) {@link LatencyHistogram#EMPTY}. */
    public static CallStats fromWire(Map<?, ?> m) {
        return new CallStats(l(m.get("n")), l(m.get("err")), l(m.get("us")), LatencyHistogram.fromWire(m.get("h")));
    }

    private static long l(Object o) {
        return o instanceof Number n ? n.longValue() : 0;
    }
}
