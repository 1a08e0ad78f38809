package dev.skein.mesh;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A node's health, carried by its heartbeats (service_fleet_control's metrics). Values that the
 * platform cannot tell are -1.
 *
 * @param cpuLoad        recent CPU use of the whole machine, 0..1
 * @param processCpuLoad recent CPU use of the node's JVM, 0..1
 * @param loadAverage    the system load average of the last minute
 * @param freeMemory     free physical memory, bytes
 * @param totalMemory    total physical memory, bytes
 * @param heapUsed       JVM heap in use, bytes
 * @param heapMax        JVM heap limit, bytes
 * @param uptimeMillis   how long the node's JVM has run
 * @param inFlight       calls the node is serving now
 * @param processors     processors available to the JVM
 * @param served         the calls it served since it started, per service path (for rates and latencies)
 */
public record Health(double cpuLoad, double processCpuLoad, double loadAverage, long freeMemory, long totalMemory,
                     long heapUsed, long heapMax, long uptimeMillis, int inFlight, int processors, Map<String, CallStats> served) {

    /** Health of a node that has not reported any: every figure -1 ("cannot tell"), as a missing figure on the wire is. */
    public static final Health UNKNOWN = new Health(-1, -1, -1, -1, -1, -1, -1, -1, -1, -1);

    /** Copies {@code served}; {@code null} means no figures. */
    public Health {
        served = served == null ? Map.of() : Map.copyOf(served);
    }

    /** Health without served-call figures. */
    public Health(double cpuLoad, double processCpuLoad, double loadAverage, long freeMemory, long totalMemory,
                  long heapUsed, long heapMax, long uptimeMillis, int inFlight, int processors) {
        this(cpuLoad, processCpuLoad, loadAverage, freeMemory, totalMemory, heapUsed, heapMax, uptimeMillis, inFlight, processors, Map.of());
    }

    /** The same figures with {@code served} as the served-call counts. */
    public Health withServed(Map<String, CallStats> served) {
        return new Health(cpuLoad, processCpuLoad, loadAverage, freeMemory, totalMemory, heapUsed, heapMax, uptimeMillis, inFlight,
                processors, served);
    }

    /** The wire form in a heartbeat, with short keys ({@code cpu}, {@code heapUsed}, {@code served}...); {@code served} only when not empty. */
    public Map<String, Object> toWire() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpu", cpuLoad);
        m.put("processCpu", processCpuLoad);
        m.put("load", loadAverage);
        m.put("freeMem", freeMemory);
        m.put("totalMem", totalMemory);
        m.put("heapUsed", heapUsed);
        m.put("heapMax", heapMax);
        m.put("uptime", uptimeMillis);
        m.put("inFlight", inFlight);
        m.put("cpus", processors);
        if (!served.isEmpty()) {
            Map<String, Object> calls = new LinkedHashMap<>();
            served.forEach((path, stats) -> calls.put(path, stats.toWire()));
            m.put("served", calls);
        }
        return m;
    }

    /**
     * Reads the wire form; a missing or non-numeric figure is -1, and a {@code null} map is
     * {@link #UNKNOWN}. Served-call figures of a path that is not canonical are left out.
     */
    public static Health fromWire(Map<?, ?> m) {
        if (m == null) return UNKNOWN;
        Map<String, CallStats> served = new LinkedHashMap<>();
        if (m.get("served") instanceof Map<?, ?> calls) {
            calls.forEach((path, stats) -> {
                if (stats instanceof Map<?, ?> s && path instanceof String p && dev.skein.core.ServicePath.isCanonical(p)) {
                    served.put(p, CallStats.fromWire(s));
                }
            });
        }
        return new Health(d(m.get("cpu")), d(m.get("processCpu")), d(m.get("load")), l(m.get("freeMem")),
                l(m.get("totalMem")), l(m.get("heapUsed")), l(m.get("heapMax")), l(m.get("uptime")),
                (int) l(m.get("inFlight")), (int) l(m.get("cpus")), served);
    }

    private static double d(Object o) {
        return o instanceof Number n ? n.doubleValue() : -1;
    }

    private static long l(Object o) {
        return o instanceof Number n ? n.longValue() : -1;
    }
}
