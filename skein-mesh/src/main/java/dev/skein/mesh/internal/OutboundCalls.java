package dev.skein.mesh.internal;

import dev.skein.core.Methods;
import dev.skein.core.Params;
import dev.skein.core.errors.MethodNotAllowed;
import dev.skein.core.errors.PayloadTooLarge;
import dev.skein.core.errors.SkeinError;
import dev.skein.core.errors.Timeout;
import dev.skein.core.errors.Unavailable;
import dev.skein.mesh.ServiceInfo;
import dev.skein.mesh.internal.telemetry.MeshTracing;
import dev.skein.mesh.spi.CallKeys;
import dev.skein.mesh.spi.Packet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The calls this node sends to other nodes and waits for: picking an instance, sending the
 * request (or queueing it in the broker, through the {@link QueueRoute}), waiting for an instance
 * when none is known, deadlines, cancelling, trying another instance when one refused or went
 * away, and taking the answer.
 */
final class OutboundCalls {

    private final NodeContext ctx;
    private final Registry registry;
    private final QueueRoute queue;
    private final Balancer balancer;
    private final Map<Long, PendingCall> pending = new ConcurrentHashMap<>();
    private final AtomicLong requestIds = new AtomicLong();
    private final AtomicLong callKeys = new AtomicLong();
    /** Callbacks that ran this long on the thread that settled their call (directCallbacks) are logged. */
    static final long SLOW_CALLBACKS_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OutboundCalls.class);
    private final boolean directCallbacks;
    private final dev.skein.mesh.spi.LogLimiter slowCallbacks = new dev.skein.mesh.spi.LogLimiter(java.time.Duration.ofMinutes(1));
    /** After this node's link came back: the nodes whose calls go again when they are next heard from. */
    private final Set<String> resendWhenHeard = ConcurrentHashMap.newKeySet();

    /**
     * The idempotency key every attempt of a call carries: one the caller set (a retry of its own);
     * else a new one, except for find and get, which need none. A key in params a service passed
     * along from the call it serves (provider "mesh") belongs to that call, not to this one.
     */
    private String keyFor(String method, Params params) {
        Object given = Params.MESH.equals(params.provider()) ? null : params.get(CallKeys.IDEMPOTENCY_KEY);
        if (given instanceof String k && !k.isEmpty()) return k;
        return Methods.FIND.equals(method) || Methods.GET.equals(method) ? null : ctx.nodeId + ":" + callKeys.incrementAndGet();
    }

    OutboundCalls(NodeContext ctx, Registry registry, QueueRoute queue) {
        this.ctx = ctx;
        this.registry = registry;
        this.queue = queue;
        this.balancer = new Balancer(ctx.options.calls().balancing());
        this.directCallbacks = ctx.options.get(dev.skein.mesh.MeshSettings.DIRECT_CALLBACKS);
    }

    /**
     * Sends {@code call} again from the app's executor. When the executor refuses (the app closes,
     * or its queue is full under a flood) the call fails with Unavailable rather than never ending.
     */
    private void retry(PendingCall call) {
        retryAll(List.of(call));
    }

    /**
     * Sends {@code calls} again, one after the other in one task of the app's executor (sending may
     * wait for a slow reader, which the threads that find the calls to retry must not): a peer that
     * asks for its calls again costs one task, not one per call. When the executor refuses, they
     * fail with Unavailable rather than never ending.
     */
    private void retryAll(List<PendingCall> calls) {
        if (calls.isEmpty()) return;
        try {
            ctx.app.executor().execute(() -> {
                for (PendingCall call : calls) {
                    try {
                        attempt(call);
                    } catch (RuntimeException e) { // one call's failure must not strand the ones after it
                        fail(call, new Unavailable("Call " + call.path + "." + call.method + " could not be sent again: " + e));
                    }
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            for (PendingCall call : calls) {
                fail(call, new Unavailable("Call " + call.path + "." + call.method + " could not be sent again: the app's executor refused it ("
                        + e.getMessage() + ")"));
            }
        }
    }

    CompletableFuture<Object> route(String path, String method, Object itemId, Object data, Params params) {
        return route(path, method, itemId, data, params, null);
    }

    /**
     * Calls {@code method} of {@code path} on node {@code only} and no other (a built-in path no instance
     * announces, as the drain request's): the call fails, rather than going elsewhere, when that node
     * is unknown, refuses it as not run (a node that does not know the path) or goes away.
     */
    CompletableFuture<Object> callNode(String only, String path, String method, Object data, Duration timeout) {
        Params params = new Params();
        params.set(CallKeys.TIMEOUT, timeout);
        return route(path, method, null, data, params, only);
    }

    private CompletableFuture<Object> route(String path, String method, Object itemId, Object data, Params params, String only) {
        Params p = params == null ? new Params() : params;
        CompletableFuture<Object> result = new CompletableFuture<>();
        Object asked = p.get(CallKeys.TIMEOUT);
        if (asked != null && !(asked instanceof Duration)) {
            result.completeExceptionally(new dev.skein.core.errors.BadRequest("The call's timeout (Mesh.TIMEOUT) must be a java.time.Duration, got "
                    + asked.getClass().getName()));
            return result;
        }
        Duration timeout = asked instanceof Duration d ? d : ctx.options.calls().timeout();
        // a call made while serving one has at most the time that call has left (Params.DEADLINE: passed
        // along with the params, or inherited from the call whose method made it)
        if (p.get(CallKeys.DEADLINE) instanceof Instant deadline) {
            Duration left = Duration.between(ctx.clock.now(), deadline);
            if (left.compareTo(timeout) < 0) timeout = left;
            if (timeout.isNegative() || timeout.isZero()) {
                result.completeExceptionally(new Timeout("Call " + path + "." + method + " not sent: the call it serves reached its deadline"));
                return result;
            }
        }
        if (ctx.closed) {
            result.completeExceptionally(new Unavailable("Node " + ctx.nodeId + " has left the mesh; cannot call " + path + "." + method));
            return result;
        }
        if (pending.size() >= ctx.options.calls().maxPendingCalls()) {
            result.completeExceptionally(new dev.skein.core.errors.TooManyRequests("Node " + ctx.nodeId + " already waits for "
                    + pending.size() + " calls (Mesh.Builder.maxPendingCalls); " + path + "." + method + " was not sent"));
            return result;
        }
        PendingCall call = new PendingCall(path, method, itemId, data, p, timeout, ctx.clock.nanoTime(), result, keyFor(method, p));
        call.only = only;
        long start = ctx.metrics.enabled() ? System.nanoTime() : 0;
        io.opentelemetry.api.trace.Span span = null;
        if (ctx.tracing.enabled()) {
            span = ctx.tracing.startClient(path, method, p, ctx.nodeId);
            call.traceHeaders = ctx.tracing.headers(span);
        }
        attempt(call);
        result.whenComplete((v, e) -> {
            if (result.isCancelled()) cancelled(result);
        });
        if (!ctx.metrics.enabled() && span == null) return result;
        // the caller sees the answer once the call is measured and its span ended: a scrape or an
        // exporter read right after the call finds it (a callback on the same future could run later)
        io.opentelemetry.api.trace.Span traced = span;
        CompletableFuture<Object> observed = new CompletableFuture<>();
        result.whenComplete((v, e) -> {
            try {
                if (ctx.metrics.enabled()) ctx.metrics.clientCall(path, method, call.node, System.nanoTime() - start, e);
                if (traced != null) MeshTracing.end(traced, call.node, e);
            } finally { // the same outcome as the call's, unwrapped, as without measuring
                if (e != null) observed.completeExceptionally(e);
                else observed.complete(v);
            }
        });
        observed.whenComplete((v, e) -> {
            if (observed.isCancelled()) result.cancel(false); // the caller gave up: the call is cancelled on its node
        });
        return observed;
    }

    private void attempt(PendingCall call) {
        if (call.result.isDone()) return;
        if (ctx.closed) {
            fail(call, new Unavailable("Node " + ctx.nodeId + " left the mesh before " + call.path + "." + call.method + " was sent"));
            return;
        }
        long remaining = call.deadline - ctx.clock.nanoTime();
        if (remaining <= 0) {
            fail(call, timeoutError(call));
            return;
        }
        if (call.only != null) {
            attemptOn(call, call.only, remaining);
            return;
        }
        List<ServiceInfo> all = registry.instances(call.path);
        String range = rangeOf(call);
        boolean highest = ctx.options.calls().preferHighestVersion();
        List<ServiceInfo> candidates = Balancer.candidates(all, call.method, range, call.excluded, highest);
        if (candidates.isEmpty()) {
            List<ServiceInfo> offering = Balancer.candidates(all, null, range, Set.of(), highest);
            if (!offering.isEmpty() && Balancer.candidates(all, call.method, range, Set.of(), highest).isEmpty()) {
                Set<String> methods = new LinkedHashSet<>();
                offering.forEach(s -> methods.addAll(s.methods()));
                fail(call, new MethodNotAllowed("Method '" + call.method + "' does not exist on service '" + call.path
                        + "' on any node; its instances offer " + methods));
                return;
            }
            if (queue.takes(all, range, call.excluded)) {
                enqueue(call, remaining);
            } else {
                waitForInstance(call, remaining);
            }
            return;
        }
        ServiceInfo target = null;
        String preferred = call.preferred;
        if (preferred != null) {
            call.preferred = null;
            for (ServiceInfo s : candidates) if (s.node().equals(preferred)) target = s;
        }
        if (target == null) target = balancer.pick(call.path, unsuspected(candidates));
        send(call, target.node(), remaining);
    }

    /** An attempt of a call for node {@code node} alone: sent to it while it is known and has not refused the call. */
    private void attemptOn(PendingCall call, String node, long remaining) {
        if (call.excluded.contains(node)) {
            fail(call, new Unavailable("Node " + node + " did not take " + call.path + "." + call.method
                    + ": it is leaving, or runs a Skein that does not know that path"));
        } else if (registry.peer(node) == null) {
            fail(call, new dev.skein.core.errors.NotFound("Node " + ctx.nodeId + " knows no node " + node + " in namespace '"
                    + ctx.options.namespace() + "' ('skein nodes' lists them)"));
        } else {
            send(call, node, remaining);
        }
    }

    private void send(PendingCall call, String node, long remaining) {
        long id = requestIds.incrementAndGet();
        call.node = node;
        byte[] frame = requestFrame(call, id, remaining, node);
        if (frame == null) return;
        pending.put(id, call);
        balancer.started(node);
        call.timer = ctx.clock.deadline(() -> expire(id), remaining);
        if (!ctx.send(node, frame)) {
            // Nothing left this node: the peer is known (its hello came) but not reachable yet (its
            // connection is still opening) or no longer (its loss is on its way). Any method may
            // try again shortly; a lost peer leaves the registry meanwhile.
            PendingCall again = take(id);
            if (again != null) {
                again.node = null;
                ctx.scheduler.schedule(() -> retry(again), 20, TimeUnit.MILLISECONDS);
            }
        }
    }

    /**
     * {@code candidates} without the instances on suspected nodes (silent for about a missed
     * heartbeat, {@link FailureDetector}), unless every one is on such a node: a call waits for a
     * slow node rather than for none.
     */
    private List<ServiceInfo> unsuspected(List<ServiceInfo> candidates) {
        if (candidates.size() < 2) return candidates;
        List<ServiceInfo> healthy = null;
        for (int i = 0; i < candidates.size(); i++) {
            Registry.Peer peer = registry.peer(candidates.get(i).node());
            boolean suspected = peer != null && peer.suspected;
            if (suspected && healthy == null) healthy = new ArrayList<>(candidates.subList(0, i));
            else if (!suspected && healthy != null) healthy.add(candidates.get(i));
        }
        return healthy == null || healthy.isEmpty() ? candidates : healthy;
    }

    /** The encoded request of {@code call}, or null after failing the call when it cannot be sent. */
    private byte[] requestFrame(PendingCall call, long id, long remainingNanos, String recipient) {
        Packet p = new Packet(Packet.Type.REQUEST, ctx.nodeId);
        p.id = id;
        p.path = call.path;
        p.method = call.method;
        p.itemId = call.itemId;
        p.data = call.data;
        p.params = call.params.toWire();
        if (call.traceHeaders != null) {
            Map<String, Object> headers = new java.util.HashMap<>(call.traceHeaders);
            if (call.key != null) headers.put(CallKeys.IDEMPOTENCY_HEADER, call.key);
            p.headers = headers;
        } else if (call.key != null) {
            p.headers = Map.of(CallKeys.IDEMPOTENCY_HEADER, call.key);
        }
        p.ttl = Math.max(1, TimeUnit.NANOSECONDS.toMillis(remainingNanos));
        byte[] frame;
        try {
            frame = ctx.codec.encode(p, recipient);
        } catch (RuntimeException e) {
            fail(call, new dev.skein.core.errors.BadRequest("Cannot send " + call.path + "." + call.method + ": " + e.getMessage()));
            return null;
        }
        if (frame.length > ctx.options.maxFrameSize()) {
            fail(call, new PayloadTooLarge("The request " + call.path + "." + call.method + " is " + frame.length
                    + " bytes, above the mesh's maximum frame size of " + ctx.options.maxFrameSize()
                    + " bytes (Mesh.Builder.maxFrameSize); nothing was sent"));
            return null;
        }
        return frame;
    }

    /**
     * No instance is known and the transport can queue (RabbitMQ): the request waits in the
     * broker until an instance takes it, and any instance may answer it. If none answers within
     * the timeout the call fails with Unavailable, as when it waits here.
     */
    private void enqueue(PendingCall call, long remainingNanos) {
        long id = requestIds.incrementAndGet();
        byte[] frame = requestFrame(call, id, remainingNanos, QueueRoute.recipient(call.path));
        if (frame == null) return;
        call.queued = true;
        pending.put(id, call);
        call.timer = ctx.clock.deadline(() -> expire(id), remainingNanos);
        if (!queue.enqueue(call.path, frame, Duration.ofNanos(remainingNanos))) {
            PendingCall again = take(id);
            if (again != null) { // the broker is out of reach: wait here instead
                again.queued = false;
                waitForInstance(again, again.deadline - ctx.clock.nanoTime());
            }
        }
    }

    private void waitForInstance(PendingCall call, long remainingNanos) {
        CompletableFuture<?> change = queue.nextChance(registry);
        ScheduledFuture<?> timer = ctx.scheduler.schedule(() -> fail(call, noInstance(call)), remainingNanos, TimeUnit.NANOSECONDS);
        change.whenCompleteAsync((v, startFailed) -> {
            timer.cancel(false);
            attempt(call);
        }, ctx.app.executor());
    }

    /** The calls this node waits for now. */
    int waiting() {
        return pending.size();
    }

    /** The versions {@code call} accepts: its own range ({@link Mesh#VERSION}), else the mesh's for its path, else any (null). */
    private String rangeOf(PendingCall call) {
        return call.params.get(CallKeys.VERSION) instanceof String asked ? asked : ctx.options.calls().versions().get(call.path);
    }

    private PendingCall take(long id) {
        PendingCall call = pending.remove(id);
        if (call != null) {
            if (call.timer != null) call.timer.cancel();
            balancer.finished(call.node);
        }
        return call;
    }

    /** The caller gave up on a call (cancelled it): it is no longer waited for, and its node is told to stop. */
    private void cancelled(CompletableFuture<Object> result) {
        for (Map.Entry<Long, PendingCall> e : pending.entrySet()) {
            if (e.getValue().result != result) continue;
            PendingCall call = take(e.getKey());
            if (call != null && !call.queued && call.node != null) sendCancel(e.getKey(), call.node);
            return;
        }
    }

    private void expire(long id) {
        PendingCall call = take(id);
        if (call == null) return;
        if (call.queued) {
            fail(call, new Unavailable("No instance of service '" + call.path + "' answered " + call.method + " within "
                    + call.timeout.toMillis() + " ms; the request waited in the broker's queue for one (one may have taken it late)"));
            return;
        }
        fail(call, timeoutError(call));
        sendCancel(id, call.node);
    }

    /** Tells {@code node} that nobody waits for the answer to request {@code id} any more. */
    private void sendCancel(long id, String node) {
        Packet cancel = new Packet(Packet.Type.CANCEL, ctx.nodeId);
        cancel.id = id;
        ctx.send(node, ctx.codec.encode(cancel, node));
    }

    /** The node serving {@code call} is gone: find and get go to another instance (true), other methods fail at once. */
    private boolean lost(PendingCall call, String node) {
        if (call.retryable()) {
            call.excluded.add(node);
            return true;
        }
        fail(call, new Unavailable("Node " + node + " serving '" + call.path + "' went away while "
                + call.method + " was in flight; it may or may not have run (its idempotency key, for the service: " + call.key + ")",
                call.key == null ? null : Map.of("idempotencyKey", call.key)));
        return false;
    }

    private void fail(PendingCall call, Throwable error) {
        settle(call, null, error);
    }

    /**
     * Completes {@code call} with its answer or {@code error}. With directCallbacks its callers'
     * callbacks run here, on the thread that delivers answers (or fires timeouts), where a wait
     * for another pending call fails at once; callbacks that take long are logged once a minute per path.
     */
    private void settle(PendingCall call, Object value, Throwable error) {
        if (!directCallbacks) {
            complete(call.result, value, error);
            return;
        }
        long start = System.nanoTime();
        dev.skein.core.internal.ExecutorBoundFuture.runNonBlocking(() -> complete(call.result, value, error));
        long took = System.nanoTime() - start;
        if (took >= SLOW_CALLBACKS_NANOS && slowCallbacks.allow(call.path)) {
            LOG.warn("Node {}: the callbacks of a call to {}.{} ran {} ms on thread {}, which delivers the answers of every call "
                    + "(directCallbacks is on): keep them short and non-blocking, or turn directCallbacks off (said once a minute per path)",
                    ctx.nodeId, call.path, call.method, TimeUnit.NANOSECONDS.toMillis(took), Thread.currentThread().getName());
        }
    }

    /** Completes {@code result} with {@code value}, or {@code error} when not null; whether this completed it. */
    private static boolean complete(CompletableFuture<Object> result, Object value, Throwable error) {
        return error != null ? result.completeExceptionally(error) : result.complete(value);
    }

    private Timeout timeoutError(PendingCall call) {
        return new Timeout("Call " + call.path + "." + call.method + " timed out after "
                + call.timeout.toMillis() + " ms" + (call.node == null ? "" : " waiting for node " + call.node));
    }

    private Unavailable noInstance(PendingCall call) {
        return NoInstance.error(ctx, registry, call.path, rangeOf(call), call.timeout, call.params != null && call.params.provider() != null);
    }

    void onResponse(Packet p) {
        PendingCall pendingCall = pending.get(p.id);
        if (pendingCall == null) return; // timed out or answered
        if (pendingCall.queued ? pendingCall.node != null : !p.from.equals(pendingCall.node)) return; // not from the node asked
        PendingCall call = take(p.id);
        if (call == null) return;
        if (InboundCalls.notRun(p.error)) {
            // refused before it ran (the node is leaving, or no longer serves the path): another instance may take it
            call.excluded.add(p.from);
            retry(call);
            return;
        }
        settle(call, p.error == null ? p.data : null, p.error == null ? null : SkeinError.fromJson(p.error));
    }

    // ---- the nodes calls went to --------------------------------------------------------------

    /**
     * This node's link came back: what was in flight while it was down may be lost either way. It is
     * sent again to the node it went to as soon as that node is heard again.
     */
    void resendWhenHeard() {
        for (PendingCall call : pending.values()) {
            if (!call.queued && call.node != null) resendWhenHeard.add(call.node);
        }
    }

    /** Node {@code peer} was heard from (a hello or a heartbeat): the calls to send it again after this node's link was down go now. */
    void heardFrom(String peer) {
        if (!resendWhenHeard.isEmpty() && resendWhenHeard.remove(peer)) resendTo(peer);
    }

    /**
     * Sends again every call waiting for node {@code peer}, to that node: after this node's link was
     * down, or that node's (it says so with a hello that asks). Idempotency keys keep a call that
     * ran from running twice; find and get just run again.
     */
    void resendTo(String peer) {
        List<PendingCall> again = new ArrayList<>();
        for (Long id : new ArrayList<>(pending.keySet())) {
            PendingCall call = pending.get(id);
            if (call == null || call.queued || !peer.equals(call.node)) continue;
            PendingCall taken = take(id);
            if (taken == null) continue;
            taken.preferred = peer;
            taken.node = null;
            again.add(taken);
        }
        retryAll(again);
    }

    /** Node {@code id} left having answered every call it ran: the calls still waiting for it never ran, and go to another instance. */
    void neverRan(String id) {
        List<PendingCall> again = new ArrayList<>();
        for (Map.Entry<Long, PendingCall> e : pending.entrySet()) {
            if (id.equals(e.getValue().node) && !e.getValue().queued) {
                PendingCall call = take(e.getKey());
                if (call == null) continue;
                call.excluded.add(id);
                again.add(call);
            }
        }
        retryAll(again);
    }

    /** Node {@code id} is gone: the calls waiting for it are {@linkplain #lost lost}. */
    void nodeLost(String id) {
        List<PendingCall> again = new ArrayList<>();
        for (Map.Entry<Long, PendingCall> e : pending.entrySet()) {
            if (id.equals(e.getValue().node)) {
                PendingCall call = take(e.getKey());
                if (call != null && lost(call, id)) again.add(call);
            }
        }
        retryAll(again);
    }

    /** This node left: every call it still waits for fails. */
    void failAll() {
        for (Long id : new HashSet<>(pending.keySet())) {
            PendingCall call = take(id);
            if (call != null) fail(call, new Unavailable("Node " + ctx.nodeId + " left the mesh before " + call.path + "."
                    + call.method + " was answered"));
        }
    }
}
