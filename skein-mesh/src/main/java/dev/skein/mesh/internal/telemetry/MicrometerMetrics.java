package dev.skein.mesh.internal.telemetry;

import dev.skein.core.errors.SkeinError;
import dev.skein.mesh.MeshListener;
import dev.skein.mesh.NodeInfo;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The node's meters in the user's {@link MeterRegistry} (names as Micrometer spells them; a
 * Prometheus registry shows {@code skein.client.calls} as {@code skein_client_calls_seconds}):
 * <ul>
 *   <li>{@code skein.client.calls}, {@code skein.server.calls}: timers tagged {@code service},
 *       {@code method}, {@code node} (the remote node: the one that served, or the caller) and
 *       {@code outcome} ({@code ok}, or the error's name: {@code Timeout}, {@code NotFound}...);</li>
 *   <li>{@code skein.client.calls.in.flight}, {@code skein.server.calls.in.flight}: gauges;</li>
 *   <li>{@code skein.events.sent} ({@code service}, {@code event}), {@code skein.events.received}
 *       ({@code service}, {@code event}, {@code node}), {@code skein.events.dropped} ({@code node}): counters;</li>
 *   <li>{@code skein.membership.changes} ({@code change}: {@code joined}, {@code left}, {@code lost}) and
 *       {@code skein.nodes.online} (a gauge of the other nodes known);</li>
 *   <li>{@code skein.transport.frames} and {@code skein.transport.bytes} ({@code direction}: {@code in},
 *       {@code out}), {@code skein.transport.reconnects}, {@code skein.transport.connections.lost};
 *       all tagged {@code transport} (the scheme).</li>
 * </ul>
 * Every meter is tagged {@code mesh.node} with this node's id, so that several nodes may share a
 * registry. Meters are looked up once per tag combination and kept.
 */
public final class MicrometerMetrics implements MeshMetrics, MeshListener {

    private final MeterRegistry registry;
    private final String nodeId;
    private final Tags common;
    private final Map<Key, Timer> timers = new ConcurrentHashMap<>();
    private final Map<Key, Counter> counters = new ConcurrentHashMap<>();
    private final Counter framesIn;
    private final Counter framesOut;
    private final Counter bytesIn;
    private final Counter bytesOut;
    private final Counter reconnects;
    private final Counter connectionsLost;

    /** One meter's name and tags. */
    private record Key(String name, String a, String b, String c, String d) {
    }

    /**
     * @param clientInFlight the calls this node waits for now
     * @param serverInFlight the calls this node serves now
     * @param nodesOnline    the other nodes it knows now
     */
    public MicrometerMetrics(MeterRegistry registry, String nodeId, String transport, Supplier<Number> clientInFlight,
                             Supplier<Number> serverInFlight, Supplier<Number> nodesOnline) {
        this.registry = registry;
        this.nodeId = nodeId;
        this.common = Tags.of("mesh.node", nodeId);
        Gauge.builder("skein.client.calls.in.flight", clientInFlight).description("Calls this node waits for").tags(common).register(registry);
        Gauge.builder("skein.server.calls.in.flight", serverInFlight).description("Calls this node serves").tags(common).register(registry);
        Gauge.builder("skein.nodes.online", nodesOnline).description("Other nodes this node knows").tags(common).register(registry);
        Tags t = common.and("transport", transport);
        framesIn = Counter.builder("skein.transport.frames").tags(t).tag("direction", "in").register(registry);
        framesOut = Counter.builder("skein.transport.frames").tags(t).tag("direction", "out").register(registry);
        bytesIn = Counter.builder("skein.transport.bytes").baseUnit("bytes").tags(t).tag("direction", "in").register(registry);
        bytesOut = Counter.builder("skein.transport.bytes").baseUnit("bytes").tags(t).tag("direction", "out").register(registry);
        reconnects = Counter.builder("skein.transport.reconnects").description("Links to the broker lost and found again").tags(t).register(registry);
        connectionsLost = Counter.builder("skein.transport.connections.lost").description("Connections to peers that closed").tags(t).register(registry);
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public void clientCall(String service, String method, String node, long nanos, Throwable error) {
        timer("skein.client.calls", service, method, node == null ? "none" : node, outcome(error)).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void serverCall(String service, String method, String caller, long nanos, Throwable error) {
        timer("skein.server.calls", service, method, caller, outcome(error)).record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer timer(String name, String service, String method, String node, String outcome) {
        return timers.computeIfAbsent(new Key(name, service, method, node, outcome), k -> Timer.builder(name)
                .tags(common).tag("service", service).tag("method", method).tag("node", node).tag("outcome", outcome)
                .register(registry));
    }

    private static String outcome(Throwable error) {
        return error == null ? "ok" : SkeinError.from(SkeinError.unwrap(error)).name();
    }

    @Override
    public void eventSent(String service, String event) {
        counter("skein.events.sent", "service", service, "event", event, null, null).increment();
    }

    @Override
    public void eventReceived(String service, String event, String from) {
        counter("skein.events.received", "service", service, "event", event, "node", from).increment();
    }

    @Override
    public void eventDropped(String from) {
        counter("skein.events.dropped", "node", from, null, null, null, null).increment();
    }

    @Override
    public void nodeJoined(NodeInfo node) {
        counter("skein.membership.changes", "change", "joined", null, null, null, null).increment();
    }

    @Override
    public void nodeLeft(NodeInfo node, boolean graceful) {
        counter("skein.membership.changes", "change", graceful ? "left" : "lost", null, null, null, null).increment();
    }

    /** A counter with up to three tags (a null name: no tag). */
    private Counter counter(String name, String k1, String v1, String k2, String v2, String k3, String v3) {
        return counters.computeIfAbsent(new Key(name, v1, v2, v3, k1), k -> {
            Counter.Builder b = Counter.builder(name).tags(common).tag(k1, v1);
            if (k2 != null) b.tag(k2, v2);
            if (k3 != null) b.tag(k3, v3);
            return b.register(registry);
        });
    }

    @Override
    public void frameIn(int bytes) {
        framesIn.increment();
        bytesIn.increment(bytes);
    }

    @Override
    public void frameOut(int bytes) {
        framesOut.increment();
        bytesOut.increment(bytes);
    }

    @Override
    public void reconnected() {
        reconnects.increment();
    }

    @Override
    public void connectionLost() {
        connectionsLost.increment();
    }

    @Override
    public void close() {
        for (io.micrometer.core.instrument.Meter m : registry.getMeters()) {
            if (nodeId.equals(m.getId().getTag("mesh.node"))) registry.remove(m);
        }
        timers.clear();
        counters.clear();
    }
}
