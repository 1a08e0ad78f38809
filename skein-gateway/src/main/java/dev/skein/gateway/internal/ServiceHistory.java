package dev.skein.gateway.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The dashboard's charts, kept by the gateway so that a page opened late draws them at once: per
 * service, one point a second (its calls and errors a second, p50 and p99 latency) for the last
 * {@link #POINTS} seconds, for at most {@link #MAX_SERVICES} services. A service no longer listed
 * keeps its points until they are all older than that. Not thread-safe: {@link DashboardFeed}
 * calls it under its lock.
 */
final class ServiceHistory {

    /** Points kept per service: five minutes, one a second. */
    static final int POINTS = 300;
    /** Services charted at most; one more is not charted until another one's points are all old. */
    static final int MAX_SERVICES = 200;

    private final Map<String, ArrayDeque<List<Object>>> points = new TreeMap<>();

    /** Adds the point of {@code at} (epoch ms) of every service in {@code services} (the feed's service entries). */
    void add(long at, List<Map<String, Object>> services) {
        points.values().removeIf(p -> at - (long) p.peekLast().get(0) > POINTS * 1000L);
        for (Map<String, Object> service : services) {
            String path = (String) service.get("path");
            ArrayDeque<List<Object>> series = points.get(path);
            if (series == null) {
                if (points.size() >= MAX_SERVICES) continue;
                points.put(path, series = new ArrayDeque<>());
            }
            series.addLast(point(at, service));
            if (series.size() > POINTS) series.pollFirst();
        }
    }

    /** A service entry's point: {@code [at, callsPerSecond, errorsPerSecond, p50Millis, p99Millis]}, the latencies null with no call. */
    static List<Object> point(long at, Map<String, Object> service) {
        return Arrays.asList(at, service.get("callsPerSecond"), service.get("errorsPerSecond"), service.get("p50Millis"),
                service.get("p99Millis"));
    }

    /** Every charted service's points, oldest first, by path. */
    Map<String, List<List<Object>>> toJson() {
        Map<String, List<List<Object>>> out = new LinkedHashMap<>();
        points.forEach((path, series) -> out.put(path, new ArrayList<>(series)));
        return out;
    }
}
