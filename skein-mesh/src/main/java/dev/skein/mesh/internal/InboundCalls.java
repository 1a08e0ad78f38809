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
    private final dev.skein.mesh.spi.LogLimiter slowServices = new dev.skein.mesh.spi.LogLimiter(Duration.ofMinutes(1));

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
    private final CallerShares shares = new CallerShares();
    private final Idempotency idempotency = new Idempotency();

    InboundCalls(NodeContext ctx, ProxyBinder proxies, boolean verifiedPeers) {
        this.ctx = ctx;
        this.proxies = proxies;
        this.verifiedPeers = verifiedPeers;
    }

    /** The calls served per path since the node started, for its heartbeats (one entry per local service that ran a call). */
    private final Map<String, ServedCounter> served = new ConcurrentHashMap<>();

    /** This node's health now, with the calls it served per path. */
    dev.skein.mesh.Health health() {
        Map<String, dev.skein.mesh.CallStats> stats = new LinkedHashMap<>();
        served.forEach((path, c) -> stats.put(path, c.read()));
        return HealthProbe.read(inFlight()).withServed(stats);
    }

    /** How many calls this node runs now. */
    int inFlight() {
        return drain.inFlight();
    }

    /** Serves a request whose path the {@link PathGate} found canonical: admission, then the run or the answer it already has. */
    void serve(Packet p) {
        long start = System.nanoTime();
        drain.arrived();
        ServiceHandle handle = proxies.localService(p.path);
        Admission admission = admit(p, handle);
        if (admission instanceof Refused refused) respond(p, start, null, refused.error());
        else if (admission instanceof Repeated repeated) answerAgain(p, start, repeated.earlier());
        else run(p, handle, (Admitted) admission, start);
    }

    /**
     * Serves a request to a built-in path ({@link RemoteDrain#PATH}) with {@code server}, which answers
     * it (result, failure) itself: no service, rule or idempotency key of the app's is involved.
     */
    void serveBuiltIn(Packet p, java.util.function.BiConsumer<Packet, java.util.function.BiConsumer<Object, Throwable>> server) {
        long start = System.nanoTime();
        drain.arrived();
        server.accept(p, (result, failure) -> respond(p, start, result, failure));
    }

    /** What admission decided for one request. */
    private sealed interface Admission permits Refused, Repeated, Admitted {
    }

    /** The request does not run: answered with {@code error}. */
    private record Refused(SkeinError error) implements Admission {
    }

    /** The request ran here already with its idempotency key: answered with that run's answer. */
    private record Repeated(CompletableFuture<Object> earlier) implements Admission {
    }

    /**
     * The request runs: with its idempotency key (or null), the slot that key holds in
     * {@link #idempotency} (what the caller proved, its id, its key) and the answer promised there.
     */
    private record Admitted(String key, String slot, CompletableFuture<Object> first) implements Admission {
    }

    /**
     * In order: the service and its publication, the access rules, the idempotency key (a call
     * that ran here answers its first answer, even while the node leaves), then what may still
     * keep a new call from running (the node leaving, the limit of calls served at once).
     */
    private Admission admit(Packet p, ServiceHandle handle) {
        if (handle == null || !ctx.options.services().publish().test(p.path)) {
            return new Refused(notRun(new NotFound("Node " + ctx.nodeId + " does not serve '" + p.path + "'")));
        }
        Access access = ctx.options.security().access();
        if (access != null && !ctx.nodeId.equals(p.from) && !access.mayCall(ctx.identities.of(p.from), p.path, p.method)) {
            return new Refused(new Forbidden("Node " + p.from + " " + ctx.identities.describe(p.from) + " may not call "
                    + p.path + "." + p.method + " on node " + ctx.nodeId));
        }

        String key = p.headers != null && p.headers.get(CallKeys.IDEMPOTENCY_HEADER) instanceof String k ? k : null;
        // kept per proven caller (its key, its certificate), not per the id it claims: a node that takes
        // the id of one that left does not get that node's answers
        String slot = key == null ? null : ctx.identities.proof(p.from) + "|" + p.from + "|" + key;
        CompletableFuture<Object> first = slot == null ? null : new CompletableFuture<>();
        CompletableFuture<Object> earlier = first == null ? null : idempotency.claim(slot, first);
        if (earlier != null) return new Repeated(earlier);

        SkeinError cannotRun = ctx.closing
                ? notRun(new Unavailable("Node " + ctx.nodeId + " is leaving the mesh and takes no new calls"))
                : drain.inFlight() >= ctx.options.calls().maxServing() && !shares.underFairShare(p.from, ctx.options.calls().maxServing())
                ? new dev.skein.core.errors.TooManyRequests("Node " + ctx.nodeId + " already runs " + ctx.options.calls().maxServing()
                        + " calls (Mesh.Builder.maxServing), " + shares.of(p.from) + " of them for node " + p.from + "; " + p.path + "."
                        + p.method + " did not run, try again later")
                : null;
        if (cannotRun == null) return new Admitted(key, slot, first);
        if (first != null) idempotency.forget(slot, first); // refused before it ran: a retry may run it
        return new Refused(cannotRun);
    }

    /** Sent again (its answer was lost, or its link dropped): the first run's answer, not a second run. */
    private void answerAgain(Packet p, long start, CompletableFuture<Object> earlier) {
        earlier.whenComplete((result, failure) -> {
            if (!(failure instanceof java.util.concurrent.CancellationException)) respond(p, start, result, failure);
        });
    }

    /** Runs request {@code p} on {@code handle}, remembers its answer in its idempotency slot (when it has a key), and answers it. */
    private void run(Packet p, ServiceHandle handle, Admitted admitted, long start) {
        String key = admitted.key();
        CompletableFuture<Object> first = admitted.first();
        Params params = Params.fromWire(p.params, Params.MESH);
        if (p.ttl > 0) params.set(CallKeys.DEADLINE, ctx.clock.now().plusMillis(p.ttl));
        params.set(CallKeys.CALLER, p.from);
        params.set(CallKeys.CALLER_VERIFIED, verifiedPeers);
        if (ctx.options.security().verifyUsers()) {
            params.user(null); // only the token that came along may make a user: the service's authenticate() checks it
            params.set(CallKeys.USER_FROM_TOKEN_ONLY, true);
        }
        if (key != null) params.set(CallKeys.IDEMPOTENCY_KEY, key);
        drain.started();
        shares.started(p.from);
        io.opentelemetry.api.trace.Span span = null;
        if (ctx.tracing.enabled()) {
            span = ctx.tracing.startServer(p.path, p.method, p.from, p.headers, ctx.nodeId);
            params.set(dev.skein.core.CallScope.PARAM, MeshTracing.scope(span));
        }
        boolean mayRunHere = handle.options().nonBlocking(); // timed only then: the clock is read twice a call otherwise
        long called = mayRunHere ? System.nanoTime() : 0;
        CompletableFuture<Object> work = handle.call(p.method, p.itemId, p.data, params);
        long took = mayRunHere ? System.nanoTime() - called : 0;
        if (took >= OutboundCalls.SLOW_CALLBACKS_NANOS && slowServices.allow(p.path)) {
            // it ran here, on the thread that reads this node's requests: every call it carries waited meanwhile
            LOG.warn("Node {}: {}.{} took {} ms on thread {}, which reads the requests of other nodes, because its service says it never "
                    + "blocks (ServiceOptions.nonBlocking): keep its methods short, or leave nonBlocking off (said once a minute per path)",
                    ctx.nodeId, p.path, p.method, TimeUnit.NANOSECONDS.toMillis(took), Thread.currentThread().getName());
        }
        if (span != null) {
            io.opentelemetry.api.trace.Span traced = span;
            work.whenComplete((result, failure) -> MeshTracing.end(traced, null, failure));
        }
        if (first != null) {
            work.whenComplete((result, failure) -> {
                if (failure instanceof java.util.concurrent.CancellationException) idempotency.forget(admitted.slot(), first);
                if (failure != null) first.completeExceptionally(failure);
                else first.complete(result);
            });
        }
        String running = p.from + "/" + p.id;
        serving.put(running, work);
        work.whenComplete((result, failure) -> {
            serving.remove(running);
            served.computeIfAbsent(p.path, k -> new ServedCounter()).add(p.from, System.nanoTime() - start, failure != null);
            try {
                // nobody waits for a cancelled call; the others are answered before the drain may end
                if (!(failure instanceof java.util.concurrent.CancellationException)) respond(p, start, result, failure);
            } finally {
                shares.finished(p.from);
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
        answer(request.from, frame, ctx.clock.nanoTime() + TimeUnit.MILLISECONDS.toNanos(keepTrying));
    }

    /**
     * Sends an answer; while the transport has no way to the caller (a broker client between
     * connections), tries again every 50 ms until the caller stops waiting. A late answer is
     * harmless (the caller takes an answer once, and ignores one it no longer waits for); a lost
     * one turns a call that ran into a timeout.
     */
    private void answer(String caller, byte[] frame, long untilNanos) {
        if (ctx.closed || ctx.send(caller, frame) || ctx.clock.nanoTime() > untilNanos) return;
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
