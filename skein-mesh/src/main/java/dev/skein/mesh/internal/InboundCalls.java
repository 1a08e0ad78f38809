package dev.skein.mesh.internal;

import dev.skein.core.Params;
import dev.skein.core.ServiceHandle;
import dev.skein.core.errors.Forbidden;
import dev.skein.core.errors.NotFound;
import dev.skein.core.errors.PayloadTooLarge;
import dev.skein.core.errors.SkeinError;
import dev.skein.core.errors.Unavailable;
import dev.skein.mesh.Access;
import dev.skein.mesh.internal.telemetry.MeshTracing;
import dev.skein.mesh.spi.CallKeys;
import dev.skein.mesh.spi.Packet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The calls other nodes send this node: serving them on the local service (with access rules,
 * the limit of calls served at once, and idempotency keys that keep a call sent again from running
 * twice), answering them, stopping one its caller cancelled, and draining them when the node leaves.
 */
final class InboundCalls {

    private static final Logger LOG = LoggerFactory.getLogger(MeshNode.class); // its lines keep the node's name

    /** Error data entry of an answer refusing a request before it ran. */
    private static final String NOT_RUN = "notRun";
    /** How long a leaving node waits with no new request before it goes: time for its leave to reach every caller. */
    private static final Duration LEAVE_QUIET = Duration.ofMillis(300);

    private final NodeContext ctx;
    private final ProxyBinder proxies;
    /** Whether every frame this node accepts was sealed with the mesh's credentials. */
    private final boolean verifiedPeers;
    private final Map<String, CompletableFuture<Object>> serving = new ConcurrentHashMap<>();
    private final Drain drain = new Drain();
    private final Idempotency idempotency = new Idempotency();

    InboundCalls(NodeContext ctx, ProxyBinder proxies, boolean verifiedPeers) {
        this.ctx = ctx;
        this.proxies = proxies;
        this.verifiedPeers = verifiedPeers;
    }

    /** How many calls this node runs now. */
    /** The calls served per path since the node started, for its heartbeats (one entry per local service that ran a call). */
    private final Map<String, ServedCounter> served = new ConcurrentHashMap<>();

    private static final class ServedCounter {
        final java.util.concurrent.atomic.LongAdder calls = new java.util.concurrent.atomic.LongAdder();
        final java.util.concurrent.atomic.LongAdder errors = new java.util.concurrent.atomic.LongAdder();
        final java.util.concurrent.atomic.LongAdder nanos = new java.util.concurrent.atomic.LongAdder();

        void add(long took, boolean failed) {
            calls.increment();
            nanos.add(took);
            if (failed) errors.increment();
        }
    }

    /** This node's health now, with the calls it served per path. */
    dev.skein.mesh.Health health() {
        Map<String, dev.skein.mesh.CallStats> stats = new LinkedHashMap<>();
        served.forEach((path, c) -> stats.put(path, new dev.skein.mesh.CallStats(c.calls.sum(), c.errors.sum(), c.nanos.sum() / 1000)));
        return HealthProbe.read(inFlight()).withServed(stats);
    }

    int inFlight() {
        return drain.inFlight();
    }

    /**
     * Serves a request whose path the {@link PathGate} found canonical. Reads top to bottom:
     * admission (the service, its publication, the access rules), then the idempotency key (a call
     * that ran here answers its first answer, even while the node leaves), then what may still keep
     * a new call from running (the node leaving, the limit of calls served at once), then the run
     * and the answer.
     */
    void serve(Packet p) {
        long start = System.nanoTime();
        drain.arrived();
        ServiceHandle handle = proxies.localService(p.path);
        if (handle == null || !ctx.options.services().publish().test(p.path)) {
            respond(p, start, null, notRun(new NotFound("Node " + ctx.nodeId + " does not serve '" + p.path + "'")));
            return;
        }
        Access access = ctx.options.security().access();
        if (access != null && !ctx.nodeId.equals(p.from) && !access.mayCall(ctx.identities.of(p.from), p.path, p.method)) {
            respond(p, start, null, new Forbidden("Node " + p.from + " " + ctx.identities.describe(p.from) + " may not call "
                    + p.path + "." + p.method + " on node " + ctx.nodeId));
            return;
        }

        String key = p.headers != null && p.headers.get(CallKeys.IDEMPOTENCY_HEADER) instanceof String k ? k : null;
        // kept per proven caller (its key, its certificate), not per the id it claims: a node that takes
        // the id of one that left does not get that node's answers
        String remembered = key == null ? null : ctx.identities.proof(p.from) + "|" + p.from + "|" + key;
        CompletableFuture<Object> first = remembered == null ? null : new CompletableFuture<>();
        CompletableFuture<Object> earlier = first == null ? null : idempotency.claim(remembered, first);
        if (earlier != null) {
            // sent again (its answer was lost, or its link dropped): the first run's answer, not a second run
            earlier.whenComplete((result, failure) -> {
                if (!(failure instanceof java.util.concurrent.CancellationException)) respond(p, start, result, failure);
            });
            return;
        }

        SkeinError cannotRun = ctx.closing
                ? notRun(new Unavailable("Node " + ctx.nodeId + " is leaving the mesh and takes no new calls"))
                : drain.inFlight() >= ctx.options.calls().maxServing()
                ? new dev.skein.core.errors.TooManyRequests("Node " + ctx.nodeId + " already runs " + ctx.options.calls().maxServing()
                        + " calls (Mesh.Builder.maxServing); " + p.path + "." + p.method + " did not run, try again later")
                : null;
        if (cannotRun != null) {
            if (first != null) idempotency.forget(remembered, first);
            respond(p, start, null, cannotRun);
            return;
        }

        run(p, handle, key, remembered, first, start);
    }

    /** Runs request {@code p} on {@code handle}, remembers its answer under {@code remembered} (when it has a key), and answers it. */
    private void run(Packet p, ServiceHandle handle, String key, String remembered, CompletableFuture<Object> first, long start) {
        Params params = Params.fromWire(p.params, Params.MESH);
        if (p.ttl > 0) params.set(CallKeys.DEADLINE, Instant.now().plusMillis(p.ttl));
        params.set(CallKeys.CALLER, p.from);
        params.set(CallKeys.CALLER_VERIFIED, verifiedPeers);
        if (ctx.options.security().verifyUsers()) {
            params.user(null); // only the token that came along may make a user: the service's authenticate() checks it
            params.set(CallKeys.USER_FROM_TOKEN_ONLY, true);
        }
        if (key != null) params.set(CallKeys.IDEMPOTENCY_KEY, key);
        drain.started();
        io.opentelemetry.api.trace.Span span = null;
        if (ctx.tracing.enabled()) {
            span = ctx.tracing.startServer(p.path, p.method, p.from, p.headers, ctx.nodeId);
            params.set(dev.skein.core.CallScope.PARAM, MeshTracing.scope(span));
        }
        CompletableFuture<Object> work = handle.call(p.method, p.itemId, p.data, params);
        if (span != null) {
            io.opentelemetry.api.trace.Span traced = span;
            work.whenComplete((result, failure) -> MeshTracing.end(traced, null, failure));
        }
        if (first != null) {
            work.whenComplete((result, failure) -> {
                if (failure instanceof java.util.concurrent.CancellationException) idempotency.forget(remembered, first);
                if (failure != null) first.completeExceptionally(failure);
                else first.complete(result);
            });
        }
        String running = p.from + "/" + p.id;
        serving.put(running, work);
        work.whenComplete((result, failure) -> {
            serving.remove(running);
            served.computeIfAbsent(p.path, k -> new ServedCounter()).add(System.nanoTime() - start, failure != null);
            try {
                // nobody waits for a cancelled call; the others are answered before the drain may end
                if (!(failure instanceof java.util.concurrent.CancellationException)) respond(p, start, result, failure);
            } finally {
                drain.finished();
            }
        });
    }

    /**
     * Refuses request {@code p} before anything looked at it (its path is not canonical): answered
     * with {@code error}, marked not run; not counted per path, since the path is the caller's to choose.
     */
    void refuse(Packet p, SkeinError error) {
        if (ctx.closed) return;
        respond(p, null, notRun(error));
    }

    /** The caller of request {@code p.id} no longer waits for it: the call stops, when it still runs. */
    void cancel(Packet p) {
        CompletableFuture<Object> work = serving.remove(p.from + "/" + p.id);
        if (work != null) work.cancel(false);
    }

    /** Answers {@code request}, which arrived at {@code startNanos} (timed when the node has metrics). */
    private void respond(Packet request, long startNanos, Object result, Throwable failure) {
        if (ctx.metrics.enabled()) {
            ctx.metrics.serverCall(String.valueOf(request.path), String.valueOf(request.method), request.from, System.nanoTime() - startNanos, failure);
        }
        respond(request, result, failure);
    }

    private void respond(Packet request, Object result, Throwable failure) {
        Packet r = new Packet(Packet.Type.RESPONSE, ctx.nodeId);
        r.id = request.id;
        if (failure != null) r.error = SkeinError.from(failure).toJson();
        else r.data = result;
        byte[] frame;
        try {
            frame = ctx.codec.encode(r, request.from);
        } catch (RuntimeException e) {
            r.data = null;
            r.error = new dev.skein.core.errors.GeneralError("The result of " + request.path + "." + request.method
                    + " cannot be encoded").toJson();
            frame = ctx.codec.encode(r, request.from);
        }
        if (frame.length > ctx.options.maxFrameSize()) {
            r.data = null;
            r.error = new PayloadTooLarge("The result of " + request.path + "." + request.method + " is " + frame.length
                    + " bytes, above the mesh's maximum frame size of " + ctx.options.maxFrameSize()
                    + " bytes (Mesh.Builder.maxFrameSize); the call ran, its result cannot travel").toJson();
            frame = ctx.codec.encode(r, request.from);
        }
        long keepTrying = Math.min(request.ttl > 0 ? request.ttl : 5_000, 10_000);
        answer(request.from, frame, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(keepTrying));
    }

    /**
     * Sends an answer; while the transport has no way to the caller (a broker client between
     * connections), tries again every 50 ms until the caller stops waiting. A late answer is
     * harmless (the caller takes an answer once, and ignores one it no longer waits for); a lost
     * one turns a call that ran into a timeout.
     */
    private void answer(String caller, byte[] frame, long untilNanos) {
        if (ctx.closed || ctx.send(caller, frame) || System.nanoTime() > untilNanos) return;
        try {
            ctx.scheduler.schedule(() -> answer(caller, frame, untilNanos), 50, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // the node is closing: the caller hears of it through its own timeout or the node's loss
        }
    }

    /**
     * A request that could not be read whole, but whose caller and id could: that caller gets a
     * BadRequest at once, and the connection (other callers' calls) stays. False when there is no
     * one to answer.
     */
    boolean answerUnreadable(String peer, dev.skein.mesh.spi.UnreadablePacketException e) {
        if (ctx.closed || e.type() != Packet.Type.REQUEST || e.id() == 0 || e.from() == null || e.from().equals(ctx.nodeId)
                || peer != null && !peer.equals(e.from())) {
            return false;
        }
        if (ctx.dropLines.allow("unreadable " + e.from())) {
            LOG.warn("Node {} could not read request {} of node {}: {}", ctx.nodeId, e.id(), e.from(), e.getMessage());
        }
        Packet request = new Packet(Packet.Type.REQUEST, e.from());
        request.id = e.id();
        respond(request, null, new dev.skein.core.errors.BadRequest("Node " + ctx.nodeId + " could not read the request: " + e.getMessage()));
        return true;
    }

    /**
     * The node is leaving (its leave is sent, new requests are refused as not run): waits for the
     * calls running, and for the leave to reach every caller, up to the drain timeout.
     *
     * @return true when every call it ran was answered
     */
    boolean drain() {
        Duration timeout = ctx.options.membership().drainTimeout();
        Duration quiet = timeout.compareTo(LEAVE_QUIET) < 0 ? timeout : LEAVE_QUIET;
        boolean drained = drain.await(timeout, quiet);
        if (!drained) {
            LOG.warn("Node {} left with {} call(s) still running after the drain timeout of {} ms", ctx.nodeId, drain.inFlight(), timeout.toMillis());
        }
        return drained;
    }

    /** An answer saying the request was refused before it ran: the caller may send it to another instance, whatever its method. */
    private static SkeinError notRun(SkeinError error) {
        return SkeinError.fromJson(withNotRun(error.toJson()));
    }

    private static Map<String, Object> withNotRun(Map<String, Object> json) {
        Map<String, Object> marked = new LinkedHashMap<>(json);
        Map<String, Object> data = new LinkedHashMap<>();
        if (json.get("data") instanceof Map<?, ?> d) d.forEach((k, v) -> data.put(String.valueOf(k), v));
        data.put(NOT_RUN, true);
        marked.put("data", data);
        return marked;
    }

    /** Whether {@code error} (of an answer) says the request was refused before it ran. */
    static boolean notRun(Map<String, Object> error) {
        return error != null && error.get("data") instanceof Map<?, ?> d && Boolean.TRUE.equals(d.get(NOT_RUN));
    }
}
