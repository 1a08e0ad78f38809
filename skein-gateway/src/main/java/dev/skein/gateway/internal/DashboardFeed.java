package dev.skein.gateway.internal;

import dev.skein.core.App;
import dev.skein.core.ServiceEvent;
import dev.skein.core.Json;
import dev.skein.gateway.Connection;
import dev.skein.mesh.CallStats;
import dev.skein.mesh.Mesh;
import dev.skein.mesh.NodeInfo;
import dev.skein.mesh.ServiceInfo;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the live fleet dashboard shows, pushed over the gateway's WebSocket to the connections that
 * {@code watch} it: every second a {@code fleet} message (every node of {@link Mesh#fleet()} with
 * its health, every service with its instances, versions, call rate, latencies and error rate, and
 * who calls whom: {@code calls}, from the callers each serving node counts, the {@link #MAX_EDGES}
 * busiest), and a {@code fleet-event} message per service event the gateway hears, at most
 * {@link #EVENTS_PER_SECOND} a second (the others are counted in the next {@code fleet} message as
 * {@code eventsSkipped}). A page that starts watching gets the last minutes of every service's
 * figures ({@link ServiceHistory}) and the recent events, so it does not open blank.
 *
 * <p>Rates and latencies come from the served-call counts every node sends in its heartbeats
 * ({@link dev.skein.mesh.Health#served()}): the mesh's calls, not only the gateway's, from the
 * difference between two readings; p50 and p99 from the difference of their latency histograms.
 * A snapshot is taken every second, for the charts' history; its JSON is written once for all
 * watchers, and not at all with no watcher.
 */
final class DashboardFeed {

    static final int EVENTS_PER_SECOND = 20;
    /** How much of an event's data the feed shows. */
    static final int PREVIEW_CHARS = 160;

    private static final CallStats NONE = new CallStats(0, 0, 0);

    private final App app;
    private final Set<Watcher> watchers = ConcurrentHashMap.newKeySet();
    /** Rates are taken over about this long: heartbeats carry the counts once a second, so one second would jitter. */
    static final long RATE_WINDOW_NANOS = 5_000_000_000L;
    /** Served-call counts by "node path", read at each snapshot of the last {@link #RATE_WINDOW_NANOS}, oldest first. */
    private final java.util.ArrayDeque<Reading> readings = new java.util.ArrayDeque<>();

    /** The counts at one snapshot, and the nodes online then (a node's path absent then had served nothing yet). */
    private record Reading(long nanos, Map<String, CallStats> counts, Set<String> nodes) {
    }
    /** How many of the last events a page opened later is shown. */
    static final int RECENT_EVENTS = 50;
    /** The last {@link #RECENT_EVENTS} events within the rate, as sent, with who may have them; its order is the feed's {@code seq}. */
    private final java.util.ArrayDeque<Recent> recent = new java.util.ArrayDeque<>();
    private long eventSeq;

    /** An event sent (or that would have been): the page tells one it has from its {@code seq}. */
    private record Recent(long seq, Map<String, Object> message, java.util.function.Predicate<Connection> hears) {
    }

    /** The charts' points, one a second from {@link #tick()}, kept while nobody watches. */
    private final ServiceHistory history = new ServiceHistory();

    private long eventWindowStart;
    private int eventsInWindow;
    private long eventsSkipped;

    DashboardFeed(App app) {
        this.app = app;
    }

    /** A connection that gets the feed: the feed writes its messages to the channel. */
    interface Watcher extends Connection {

        /** The channel of the WebSocket the feed's messages go to. */
        Channel channel();
    }

    /**
     * {@code session} gets the feed from now on; answers the first snapshot, with the charts' points
     * ({@code history}: by path, {@link ServiceHistory#point}s oldest first) and the recent events
     * it may have ({@code events}, oldest first).
     */
    Map<String, Object> watch(Watcher session) {
        watchers.add(session);
        Map<String, Object> answer;
        List<Recent> events;
        synchronized (this) {
            answer = snapshot();
            answer.put("history", history.toJson());
            events = new ArrayList<>(recent);
        }
        events.sort(java.util.Comparator.comparingLong(Recent::seq));
        answer.put("events", events.stream().filter(e -> e.hears().test(session)).map(Recent::message).toList());
        return answer;
    }

    void forget(Watcher session) {
        watchers.remove(session);
    }

    /** Every second: the charts' next point, and the snapshot to every watcher. */
    void tick() {
        String json;
        synchronized (this) {
            Map<String, Object> snapshot = snapshot();
            @SuppressWarnings("unchecked") List<Map<String, Object>> services = (List<Map<String, Object>>) snapshot.get("services");
            history.add((long) snapshot.get("at"), services);
            if (watchers.isEmpty()) return;
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("type", "fleet");
            message.putAll(snapshot);
            json = Json.write(message);
        }
        for (Watcher s : watchers) s.channel().writeAndFlush(new TextWebSocketFrame(json));
    }

    /**
     * A service event the gateway heard: to every watcher that {@code hears} it, within the rate,
     * and kept among the {@link #RECENT_EVENTS} last for a page opened later (kept with nobody watching).
     */
    void event(ServiceEvent event, java.util.function.Predicate<Connection> hears) {
        long seq;
        synchronized (this) {
            long now = System.nanoTime();
            if (now - eventWindowStart > 1_000_000_000L) {
                eventWindowStart = now;
                eventsInWindow = 0;
            }
            if (++eventsInWindow > EVENTS_PER_SECOND) {
                eventsSkipped++;
                return;
            }
            seq = ++eventSeq;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "fleet-event");
        m.put("seq", seq);
        m.put("path", event.path());
        m.put("event", event.event());
        m.put("origin", event.origin());
        m.put("at", System.currentTimeMillis());
        String data;
        try {
            data = Json.write(event.safeData());
        } catch (RuntimeException e) {
            data = "(not JSON)";
        }
        m.put("data", data.length() > PREVIEW_CHARS ? data.substring(0, PREVIEW_CHARS) + "…" : data);
        synchronized (this) {
            recent.addLast(new Recent(seq, m, hears));
            if (recent.size() > RECENT_EVENTS) recent.pollFirst();
        }
        if (watchers.isEmpty()) return;
        String json = Json.write(m);
        for (Watcher s : watchers) {
            if (hears.test(s)) s.channel().writeAndFlush(new TextWebSocketFrame(json));
        }
    }

    /** The nodes and services now; rates over the time since the last snapshot. Called under the lock. */
    private Map<String, Object> snapshot() {
        Map<String, Object> out = new LinkedHashMap<>();
        Mesh mesh = app.plugin(Mesh.class).orElse(null);
        List<NodeInfo> fleet = mesh == null ? List.of() : mesh.fleet();
        List<Map<String, Object>> nodes = new ArrayList<>();
        Map<String, CallStats> counts = new HashMap<>();
        Set<String> online = new java.util.HashSet<>();
        for (NodeInfo n : fleet) {
            nodes.add(n.toJson());
            if (!n.online()) continue;
            online.add(n.id());
            n.health().served().forEach((path, stats) -> counts.put(n.id() + " " + path, stats));
        }
        long now = System.nanoTime();
        while (readings.size() > 1 && now - readings.peekFirst().nanos() > RATE_WINDOW_NANOS) readings.pollFirst();
        Reading oldest = readings.peekFirst();
        readings.addLast(new Reading(now, counts, online));
        double seconds = oldest == null ? 0 : (now - oldest.nanos()) / 1e9;
        Map<String, Map<String, Object>> services = new TreeMap<>();
        Map<String, CallStats> deltas = new HashMap<>(); // path -> the calls over the window, of all its nodes
        Map<Edge, Long> edges = new HashMap<>(); // who called whom over the window
        counts.forEach((key, stats) -> {
            if (oldest == null || !oldest.nodes().contains(key.substring(0, key.indexOf(' ')))) return; // a node new since: no rate yet
            CallStats before = oldest.counts().getOrDefault(key, NONE); // its node had served none of them then
            if (stats.calls() < before.calls()) return;
            stats.callers().forEach((caller, n) -> {
                long d = n - before.callers().getOrDefault(caller, 0L); // a caller new since had called none of them then
                if (d > 0) edges.merge(new Edge(caller, key.substring(0, key.indexOf(' ')), key.substring(key.indexOf(' ') + 1)), d, Long::sum);
            });
            CallStats d = new CallStats(stats.calls() - before.calls(), stats.errors() - before.errors(),
                    stats.totalMicros() - before.totalMicros(), stats.latency().minus(before.latency()), Map.of());
            deltas.merge(key.substring(key.indexOf(' ') + 1), d, (a, b) -> new CallStats(a.calls() + b.calls(),
                    a.errors() + b.errors(), a.totalMicros() + b.totalMicros(), a.latency().plus(b.latency()), Map.of()));
        });
        for (NodeInfo n : fleet) {
            if (!n.online()) continue;
            for (ServiceInfo s : n.services()) {
                Map<String, Object> service = services.computeIfAbsent(s.path(), p -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("path", p);
                    m.put("instances", new ArrayList<Map<String, Object>>());
                    return m;
                });
                @SuppressWarnings("unchecked") List<Map<String, Object>> instances = (List<Map<String, Object>>) service.get("instances");
                instances.add(Map.of("node", n.id(), "name", n.name(), "version", s.version()));
            }
        }
        for (Map<String, Object> service : services.values()) {
            CallStats d = deltas.getOrDefault((String) service.get("path"), NONE);
            service.put("callsPerSecond", seconds <= 0 ? 0.0 : round(d.calls() / seconds));
            service.put("errorsPerSecond", seconds <= 0 ? 0.0 : round(d.errors() / seconds));
            service.put("meanMillis", d.calls() == 0 ? null : round(d.totalMicros() / 1000.0 / d.calls()));
            service.put("p50Millis", millis(d.latency().percentileMicros(0.5))); // null with no call, or from older nodes only
            service.put("p99Millis", millis(d.latency().percentileMicros(0.99)));
        }
        out.put("at", System.currentTimeMillis());
        out.put("node", mesh == null ? null : mesh.nodeId());
        out.put("nodes", nodes);
        out.put("services", new ArrayList<>(services.values()));
        out.put("calls", seconds <= 0 ? List.of() : edges.entrySet().stream()
                .sorted(Map.Entry.<Edge, Long>comparingByValue().reversed()).limit(MAX_EDGES)
                .map(e -> e.getKey().toJson(round(e.getValue() / seconds))).toList());
        out.put("eventsSkipped", eventsSkipped);
        return out;
    }

    /** Who called whom shown at most: the busiest. */
    static final int MAX_EDGES = 100;

    /** Node {@code from} called {@code path} on node {@code to} (ids), as the serving node counted it. */
    private record Edge(String from, String to, String path) {

        Map<String, Object> toJson(double callsPerSecond) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("from", from);
            m.put("to", to);
            m.put("path", path);
            m.put("callsPerSecond", callsPerSecond);
            return m;
        }
    }

    private static Double millis(double micros) {
        return Double.isNaN(micros) ? null : round(micros / 1000);
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
