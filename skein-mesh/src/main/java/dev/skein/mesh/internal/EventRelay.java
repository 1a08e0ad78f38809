package dev.skein.mesh.internal;

import dev.skein.core.ServiceEvent;
import dev.skein.core.ServiceHandle;
import dev.skein.core.errors.PayloadTooLarge;
import dev.skein.mesh.internal.telemetry.MeshTracing;
import dev.skein.mesh.spi.Packet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The events between this node and the others: the events of the services it publishes go out to
 * every node, and the events of other nodes reach the local proxies (or synced local services),
 * those of one sender in the order they came, on that sender's {@link EventInbox}.
 */
final class EventRelay {

    private static final Logger LOG = LoggerFactory.getLogger(MeshNode.class); // its lines keep the node's name

    private final NodeContext ctx;
    private final Registry registry;
    private final ProxyBinder proxies;
    private final Map<String, EventInbox> eventQueues = new ConcurrentHashMap<>();
    private final AtomicLong eventSeq = new AtomicLong();

    EventRelay(NodeContext ctx, Registry registry, ProxyBinder proxies) {
        this.ctx = ctx;
        this.registry = registry;
        this.proxies = proxies;
    }

    /** An event of another node came: it waits in the queue of its sender, which delivers in order. */
    void receive(Packet p) {
        EventInbox inbox = eventQueues.computeIfAbsent(p.from, n -> new EventInbox(ctx.app.executor(), ctx.options.calls().maxQueuedEvents()));
        ctx.metrics.eventReceived(String.valueOf(p.path), String.valueOf(p.event), p.from);
        boolean queued = inbox.offer(() -> onEvent(p));
        if (!queued) ctx.metrics.eventDropped(p.from);
        if (!queued && ctx.dropLines.allow("events of " + p.from)) {
            LOG.warn("Node {} dropped events of node {}: {} already wait for this node's listeners ({} dropped so far; "
                    + "Mesh.Builder.maxQueuedEvents)", ctx.nodeId, p.from, ctx.options.calls().maxQueuedEvents(), inbox.dropped());
        }
    }

    /** Node {@code node} is gone: the queue of its events goes with it. */
    void forget(String node) {
        eventQueues.remove(node);
    }

    /**
     * Sync-only mode: the event carries the call that emitted it, as feathers-sync's hook context
     * does (its method, item id, query, provider and user), for the replicas' listeners. Not the
     * headers or the authentication: they hold credentials, and a broker is not where those go.
     */
    private static void withCallOf(Packet p, dev.skein.core.HookContext call) {
        p.method = call.method();
        p.itemId = call.id();
        dev.skein.core.Params params = call.params();
        Map<String, Object> forwarded = new java.util.LinkedHashMap<>();
        if (params.query() != null && !params.query().isEmpty()) forwarded.put("query", params.query());
        if (params.provider() != null) forwarded.put("provider", params.provider());
        if (params.user() != null) forwarded.put("user", params.user());
        p.params = forwarded;
    }

    private void onEvent(Packet p) {
        if (ctx.options.security().access() != null && !offers(p.from, p.path)) {
            // with access rules, only a registered instance of a path speaks for it
            if (ctx.dropLines.allow("event " + p.from + " " + p.path)) {
                LOG.warn("Node {} dropped events of '{}' from node {}, which is not a registered instance of it", ctx.nodeId, p.path, p.from);
            }
            return;
        }
        ServiceHandle handle = null;
        ProxyBinder.ProxyEntry proxy = proxies.proxyOf(p.path);
        if (proxy != null) {
            handle = ctx.app.lookup(proxy.localPath()).orElse(null);
        } else if (ctx.options.services().sync().test(p.path)) {
            handle = proxies.localService(p.path);
        }
        if (handle == null || !handle.emits(p.event)) return;
        io.opentelemetry.api.trace.Span span = ctx.tracing.enabled() ? ctx.tracing.startEvent(p.path, p.event, p.from, p.headers, ctx.nodeId) : null;
        if (span == null) {
            handle.emit(new ServiceEvent(handle.path(), p.event, p.data, null, false, p.from));
            return;
        }
        // the listeners run in the context of the call that emitted the event: their logs carry its trace id
        try (dev.skein.core.CallScope.Entered ignored = MeshTracing.scope(span).enter()) {
            handle.emit(new ServiceEvent(handle.path(), p.event, p.data, null, false, p.from));
        } finally {
            span.end();
        }
    }

    private boolean offers(String node, String path) {
        Registry.Peer peer = registry.peer(node);
        return peer != null && peer.services.containsKey(path);
    }

    /** An event of this node's app: to every other node, when its service is published (not a proxy) and its event goes out. */
    void distribute(ServiceEvent event) {
        if (!event.isLocal() || event.localOnly() || ctx.closed) return;
        String path = event.path();
        if (proxies.isProxy(path) || !ctx.options.services().publish().test(path) || !ctx.options.services().events().test(path, event.event())) {
            return;
        }
        Packet p = new Packet(Packet.Type.EVENT, ctx.nodeId);
        p.path = path;
        p.event = event.event();
        p.data = event.safeData();
        p.seq = eventSeq.incrementAndGet();
        if (ctx.eventsOnly && event.context() != null) withCallOf(p, event.context());
        if (ctx.tracing.enabled()) {
            Map<String, String> trace = ctx.tracing.eventHeaders(event.context() == null ? null : event.context().params());
            if (trace != null) p.headers = new java.util.HashMap<>(trace);
        }
        byte[] frame;
        try {
            frame = ctx.codec.encode(p, null);
        } catch (RuntimeException e) {
            LOG.warn("Node {} could not send event {} {}: {}", ctx.nodeId, path, event.event(), e.getMessage());
            return;
        }
        if (frame.length > ctx.options.maxFrameSize()) {
            throw new PayloadTooLarge("The event " + path + " " + event.event() + " is " + frame.length + " bytes, above the mesh's "
                    + "maximum frame size of " + ctx.options.maxFrameSize() + " bytes (Mesh.Builder.maxFrameSize); other nodes do not get it");
        }
        ctx.broadcast(frame);
        ctx.metrics.eventSent(path, event.event());
    }
}
