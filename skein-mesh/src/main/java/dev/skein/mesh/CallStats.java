package dev.skein.mesh;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The calls a node has served for one service since it started, carried by its heartbeats: the
 * counts only grow, so a reader gets rates and mean latencies from two readings, and a lost
 * heartbeat loses nothing.
 *
 * @param calls       calls that ran and were answered
 * @param errors      of those, answered with an error
 * @param totalMicros the time from their arrival to their answer, summed, in microseconds
 */
public record CallStats(long calls, long errors, long totalMicros) {

    /** The wire form in a heartbeat: {@code {n, err, us}}. */
    public Map<String, Object> toWire() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", calls);
        m.put("err", errors);
        m.put("us", totalMicros);
        return m;
    }

    /** Reads the wire form; a missing or non-numeric count is 0. */
    public static CallStats fromWire(Map<?, ?> m) {

        return new CallStats(l(m.get("n")), l(m.get("err")), l(m.get("us")));
    }

    private static long l(Object o) {
        return o instanceof Number n ? n.longValue() : 0;
    }
}
