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
 * @param callers     the same calls by the id of the node that sent them, for the callers with the most calls
 *                    (at most {@value #MAX_CALLERS}); empty from a node that sends none
 */
public record CallStats(long calls, long errors, long totalMicros, LatencyHistogram latency, Map<String, Long> callers) {

    /** Callers read from a heartbeat at most. */
    public static final int MAX_CALLERS = 64;

    /** A {@code null} latency is {@link LatencyHistogram#EMPTY}, {@code null} callers none; callers are copied. */
    public CallStats {
        if (latency == null) latency = LatencyHistogram.EMPTY;
        callers = callers == null ? Map.of() : Map.copyOf(callers);
    }

    /** Counts without a latency histogram or callers. */
    public CallStats(long calls, long errors, long totalMicros) {
        this(calls, errors, totalMicros, LatencyHistogram.EMPTY, Map.of());
    }

    /** The wire form in a heartbeat: {@code {n, err, us, h, from}}, {@code h} the histogram's counts and {@code from} the callers' when there are any. */
    public Map<String, Object> toWire() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", calls);
        m.put("err", errors);
        m.put("us", totalMicros);
        if (latency.total() > 0) m.put("h", latency.toWire());
        if (!callers.isEmpty()) m.put("from", new java.util.TreeMap<>(callers));
        return m;
    }

    /**
     * Reads the wire form; a missing or non-numeric count is 0, a missing histogram (from an older
     * node) {@link LatencyHistogram#EMPTY}, missing callers none; callers past {@link #MAX_CALLERS} are left out.
     */
    public static CallStats fromWire(Map<?, ?> m) {
        Map<String, Long> callers = new LinkedHashMap<>();
        if (m.get("from") instanceof Map<?, ?> from) {
            for (Map.Entry<?, ?> e : from.entrySet()) {
                if (callers.size() >= MAX_CALLERS) break;
                if (e.getKey() instanceof String node && e.getValue() instanceof Number n && n.longValue() > 0) callers.put(node, n.longValue());
            }
        }
        return new CallStats(l(m.get("n")), l(m.get("err")), l(m.get("us")), LatencyHistogram.fromWire(m.get("h")), callers);
    }

    private static long l(Object o) {
        return o instanceof Number n ? n.longValue() : 0;
    }
}
