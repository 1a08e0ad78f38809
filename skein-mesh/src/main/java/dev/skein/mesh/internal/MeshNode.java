package dev.skein.mesh.internal;

import dev.skein.core.App;
import dev.skein.core.AppListener;
import dev.skein.core.Methods;
import dev.skein.core.Params;
import dev.skein.core.ServiceEvent;
import dev.skein.core.ServiceHandle;
import dev.skein.core.ServiceOptions;
import dev.skein.core.errors.Forbidden;
import dev.skein.core.internal.SerialExecutor;
import dev.skein.core.errors.MethodNotAllowed;
import dev.skein.core.errors.NotFound;
import dev.skein.core.errors.PayloadTooLarge;
import dev.skein.core.errors.SkeinError;
import dev.skein.core.errors.Timeout;
import dev.skein.core.errors.Unavailable;
import dev.skein.mesh.Access;
import dev.skein.mesh.Health;
import dev.skein.mesh.MeshCredentials;
import dev.skein.mesh.MeshListener;
import dev.skein.mesh.MeshOptions;
import dev.skein.mesh.NodeInfo;
import dev.skein.mesh.ServiceInfo;
import dev.skein.mesh.internal.security.FrameSeal;
import dev.skein.mesh.internal.security.KeyExchange;
import dev.skein.mesh.internal.security.KeyPairKeys;
import dev.skein.mesh.internal.security.MeshKeys;
import dev.skein.mesh.internal.security.SealKeys;
import dev.skein.mesh.internal.security.SealedCodec;
import dev.skein.mesh.spi.Codec;
import dev.skein.mesh.spi.MalformedFrameException;
import dev.skein.mesh.spi.MeshAuthenticator;
import dev.skein.mesh.spi.Packet;
import dev.skein.mesh.spi.ServiceQueues;
import dev.skein.mesh.spi.Transport;
import dev.skein.mesh.spi.TransportContext;
import dev.skein.mesh.spi.TransportListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One node of the mesh: announces local services, keeps the registry of remote ones and their
 * proxies, routes calls, serves requests, forwards events, and watches heartbeats.
 *
 * <p>Threads: transport threads only decode frames and hand work on. Registry changes and proxy
 * registration run on {@link #control}, one at a time; requests run on the app's executor; events
 * of one sender run in order on that sender's queue.
 */
public final class MeshNode implements TransportListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MeshNode.class);

    /** Free param entry with the {@link Duration} one call may take; overrides the mesh default. */
    public static final String TIMEOUT_PARAM = "skein.timeout";
    /** Free param entry that the mesh sets on a served call: the {@link Instant} after which nobody waits for it. */
    public static final String DEADLINE_PARAM = Params.DEADLINE;
    /** Free param entry on a served call: the node id of the caller. */
    public static final String CALLER_PARAM = "skein.caller";
    /** Free param entry on a served call: true when the caller proved the mesh's credentials. */
    public static final String CALLER_VERIFIED_PARAM = "skein.callerVerified";
    /** Free param entry on a served call: true when the caller's user map was dropped (users are verified from tokens). */
    public static final String USER_FROM_TOKEN_ONLY_PARAM = "skein.userFromTokenOnly";

    private final App app;
    private final MeshOptions options;
    private final String nodeId;
    private final Codec codec;
    private final Transport transport;
    private final Registry registry = new Registry();
    private final Balancer balancer;
    private final ScheduledExecutorService scheduler;
    /**
     * The deadlines of every call in flight, of every node in this JVM: a wheel ticking every 5 ms,
     * where adding and cancelling a deadline take no lock (a per-call task on {@link #scheduler}
     * took its lock twice per call).
     */
    private static final io.netty.util.HashedWheelTimer callTimers = new io.netty.util.HashedWheelTimer(r -> {
        Thread t = new Thread(r, "skein-mesh-timer-calls");
        t.setDaemon(true);
        return t;
    }, 5, TimeUnit.MILLISECONDS, 512);
    private final SerialExecutor control;
    private final Map<String, EventInbox> eventQueues = new ConcurrentHashMap<>();
    private final Map<Long, PendingCall> pending = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Object>> serving = new ConcurrentHashMap<>();
    private final Map<String, ProxyEntry> proxies = new ConcurrentHashMap<>();
    private final Set<String> proxyPaths = ConcurrentHashMap.newKeySet();
    private final List<MeshListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong requestIds = new AtomicLong();
    private final AtomicLong eventSeq = new AtomicLong();
    private final AtomicLong helloSeq = new AtomicLong();
    private final Drain drain = new Drain();
    /** Free param entry: the idempotency key of a call (set by a caller retrying one; read by services). */
    public static final String IDEMPOTENCY_KEY_PARAM = "skein.idempotencyKey";
    /** The packet header that carries a request's idempotency key. */
    private static final String IDEMPOTENCY_HEADER = "idem";
    private final java.util.concurrent.atomic.AtomicLong callKeys = new java.util.concurrent.atomic.AtomicLong();
    private final Idempotency idempotency = new Idempotency();
    /** After this node's link came back: the nodes whose calls go again when they are next heard from. */
    private final Set<String> resendWhenHeard = ConcurrentHashMap.newKeySet();
    /** Error data entry of an answer refusing a request before it ran. */
    private static final String NOT_RUN = "notRun";
    /** Entry of a node's last leave: whether it answered every call it ran. */
    private static final String DRAINED = "drained";
    /** How long a leaving node waits with no new request before it goes: time for its leave to reach every caller. */
    private static final Duration LEAVE_QUIET = Duration.ofMillis(300);
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final AppListener appListener = new AppEvents();
    private final dev.skein.core.ServiceResolver resolver = this::resolve;
    private volatile boolean closing;
    /** Why the transport's last attempt to start failed, while it has not started. */
    private volatile String transportProblem;
    /** The transport's service queues, when it has them (RabbitMQ), and the paths this node takes requests of. */
    private final ServiceQueues queues;
    private final Set<String> served = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private ScheduledFuture<?> heartbeat;
    /** Whether every frame this node accepts was sealed with the mesh's credentials. */
    private final boolean verifiedPeers;
    /** Proves this node holds the mesh's credentials, for the transport; null for an open mesh. */
    private final MeshAuthenticator authenticator;
    /** With key-pair credentials: the keys, and how session keys are announced; null otherwise. */
    private final KeyPairKeys pairKeys;
    private final KeyExchange keyExchange;
    private final LogLimiter dropLines = new LogLimiter(Duration.ofMinutes(1));
    private final PeerIdentities identities = new PeerIdentities();

    private record ProxyEntry(String localPath, Set<String> methods, Set<String> events) {
    }

    /** A call this node sent and waits for. */
    private final class PendingCall {
        final String path;
        final String method;
        final Object itemId;
        final Object data;
        final Params params;
        final long deadline;
        final Duration timeout;
        final CompletableFuture<Object> result;
        final Set<String> excluded;
        volatile String node;
        volatile io.netty.util.Timeout timer;
        /** Waiting in the broker's queue for its service (ServiceQueues): any node may answer. */
        volatile boolean queued;
        /** The idempotency key every attempt of a call that is not find or get carries; null for those. */
        final String key;
        /** The node to send the next attempt to, when it still serves the path: the one that may have run it. */
        volatile String preferred;

        PendingCall(String path, String method, Object itemId, Object data, Params params, Duration timeout,
                    CompletableFuture<Object> result, Set<String> excluded) {
            this.timeout = timeout;
            this.path = path;
            this.method = method;
            this.itemId = itemId;
            this.data = data;
            this.params = params;
            this.deadline = System.nanoTime() + timeout.toNanos();
            this.result = result;
            this.excluded = excluded;
            // a key the caller set for this call (a retry) counts; one in params a service passed along from
            // the call it serves (provider "mesh") belongs to that call, not to this one
            Object given = Params.MESH.equals(params.provider()) ? null : params.get(IDEMPOTENCY_KEY_PARAM);
            this.key = given instanceof String k && !k.isEmpty() ? k
                    : Methods.FIND.equals(method) || Methods.GET.equals(method) ? null : nodeId + ":" + callKeys.incrementAndGet();
        }

        boolean retryable() {
            return Methods.FIND.equals(method) || Methods.GET.equals(method);
        }
    }

    public MeshNode(App app, MeshOptions options, Transport transport, Codec codec, String nodeId) {
        this.app = app;
        this.options = options;
        this.transport = transport;
        this.queues = transport instanceof ServiceQueues q ? q : null;
        MeshCredentials credentials = options.security().credentials();
        this.pairKeys = credentials != null && credentials.isKeyPair() ? new KeyPairKeys(credentials, options.namespace()) : null;
        SealKeys sealKeys = pairKeys != null ? pairKeys : credentials == null ? null : new MeshKeys(credentials, options.namespace());
        this.authenticator = (MeshAuthenticator) sealKeys;
        Duration maxAge = options.security().maxFrameAge();
        this.codec = sealKeys == null ? codec : new SealedCodec(codec, new FrameSeal(sealKeys, nodeId, maxAge), nodeId);
        this.keyExchange = pairKeys == null ? null : new KeyExchange(pairKeys, nodeId, maxAge, transport, this::redeliver, (node, names) -> identities.record(node, "key", names));
        this.verifiedPeers = sealKeys != null;
        this.nodeId = nodeId;
        this.balancer = new Balancer(options.calls().balancing());
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "skein-mesh-timer-" + nodeId);
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);

        this.scheduler = Executors.unconfigurableScheduledExecutorService(timer);
        this.control = new SerialExecutor(app.executor());
    }

    public String nodeId() {
        return nodeId;
    }

    public Transport transport() {
        return transport;
    }

    /** Starts the transport, announces this node and begins heartbeats. */
    public CompletableFuture<Void> start() {
        app.addListener(appListener);
        app.addResolver(resolver);
        TransportContext context = new TransportContext(nodeId, options.namespace(), options.maxFrameSize(), scheduler, this, authenticator);
        Duration wait = options.membership().waitForTransport() ? options.membership().discoveryTimeout() : Duration.ZERO;
        // stop trying once the node closes or its readiness has failed (the discovery timeout passed)
        TransportStarter.start(transport, context, "Node " + nodeId, wait, () -> closing || ready.isCompletedExceptionally(),
                e -> transportProblem = e.getMessage()).whenComplete((v, failure) -> {
            if (failure != null) {
                Unavailable error = new Unavailable("The " + transport.scheme() + " transport of node " + nodeId
                        + " did not start: " + SkeinError.unwrap(failure).getMessage(), null, null, failure);
                started.completeExceptionally(error);
                ready.completeExceptionally(error);
                return;
            }
            if (closing || ready.isCompletedExceptionally()) {
                transport.close(); // it started after the node was closed, or after readiness had failed: it must not join
                started.completeExceptionally(new Unavailable("The " + transport.scheme() + " transport of node " + nodeId
                        + " started after the node " + (closing ? "closed" : "gave up waiting for it") + "; it was closed again"));
                return;
            }
            long interval = options.membership().heartbeatInterval().toMillis();
            heartbeat = scheduler.scheduleAtFixedRate(this::beat, interval, interval, TimeUnit.MILLISECONDS);
            if (keyExchange != null) transport.broadcast(keyExchange.announcement());
            broadcast(hello(false));
            started.complete(null);
            control.execute(this::checkReady);
            control.execute(this::syncServed);
        });
        long timeout = options.membership().discoveryTimeout().toMillis();
        scheduler.schedule(() -> {
            if (!ready.isDone()) {
                ready.completeExceptionally(new Unavailable("The mesh was not ready after " + timeout + " ms: "
                        + String.join("; ", missingDependencies())));
            }
        }, timeout, TimeUnit.MILLISECONDS);
        return started;
    }

    public CompletableFuture<Void> ready() {
        return ready;
    }

    public void addListener(MeshListener listener) {
        listeners.add(listener);
    }

    public void removeListener(MeshListener listener) {
        listeners.remove(listener);
    }

    // ---- views ------------------------------------------------------------------------------

    public List<NodeInfo> nodes() {
        List<NodeInfo> nodes = new ArrayList<>();
        nodes.add(new NodeInfo(nodeId, app.name(), transport.address(), true, localServices(),
                HealthProbe.read(drain.inFlight()), Instant.now()));
        for (Registry.Peer peer : registry.peers()) {
            if (!peer.leaving) nodes.add(peer.info());
        }
        return nodes;
    }

    public List<ServiceInfo> services() {
        List<ServiceInfo> all = new ArrayList<>(localServices());
        for (List<ServiceInfo> list : registry.byPath().values()) all.addAll(list);
        return all;
    }

    private List<ServiceInfo> localServices() {
        List<ServiceInfo> list = new ArrayList<>();
        for (Map.Entry<String, ServiceHandle> e : app.services().entrySet()) {
            if (isProxy(e.getKey()) || !options.services().publish().test(e.getKey())) continue;
            ServiceHandle h = e.getValue();
            list.add(new ServiceInfo(h.path(), nodeId, List.copyOf(h.methods()), h.events(), h.options().version(),
                    h.options().metadata()));
        }
        return list;
    }

    private boolean isProxy(String localPath) {
        return proxyPaths.contains(localPath);
    }

    private ServiceHandle localService(String path) {
        if (isProxy(path)) return null;
        return app.lookup(path).orElse(null);
    }

    // ---- calls out ----------------------------------------------------------------------------

    /**
     * Calls {@code method} of the service at {@code path} on another node (or on this one, when it
     * serves the path itself). Waits for an instance up to the call's timeout.
     */
    public CompletableFuture<Object> call(String path, String method, Object itemId, Object data, Params params) {
        ServiceHandle local = localService(path);
        if (local != null) {
            if (!local.offers(method)) {
                return CompletableFuture.failedFuture(new MethodNotAllowed("Method '" + method + "' does not exist on service '"
                        + path + "'; it offers " + local.methods()));
            }
            return local.call(method, itemId, data, params);
        }
        return route(path, method, itemId, data, params);
    }

    CompletableFuture<Object> route(String path, String method, Object itemId, Object data, Params params) {
        Params p = params == null ? new Params() : params;
        CompletableFuture<Object> result = new CompletableFuture<>();
        Object asked = p.get(TIMEOUT_PARAM);
        if (asked != null && !(asked instanceof Duration)) {
            result.completeExceptionally(new dev.skein.core.errors.BadRequest("The call's timeout (Mesh.TIMEOUT) must be a java.time.Duration, got "
                    + asked.getClass().getName()));
            return result;
        }
        Duration timeout = asked instanceof Duration d ? d : options.calls().timeout();
        // a call made while serving one has at most the time that call has left (Params.DEADLINE: passed
        // along with the params, or inherited from the call whose method made it)
        if (p.get(DEADLINE_PARAM) instanceof Instant deadline) {
            Duration left = Duration.between(Instant.now(), deadline);
            if (left.compareTo(timeout) < 0) timeout = left;
            if (timeout.isNegative() || timeout.isZero()) {
                result.completeExceptionally(new Timeout("Call " + path + "." + method + " not sent: the call it serves reached its deadline"));
                return result;
            }
        }
        if (closed) {
            result.completeExceptionally(new Unavailable("Node " + nodeId + " has left the mesh; cannot call " + path + "." + method));
            return result;
        }
        if (pending.size() >= options.calls().maxPendingCalls()) {
            result.completeExceptionally(new dev.skein.core.errors.TooManyRequests("Node " + nodeId + " already waits for "
                    + pending.size() + " calls (Mesh.Builder.maxPendingCalls); " + path + "." + method + " was not sent"));
            return result;
        }
        attempt(new PendingCall(path, method, itemId, data, p, timeout, result, ConcurrentHashMap.newKeySet()));
        result.whenComplete((v, e) -> {
            if (result.isCancelled()) cancelled(result);
        });
        return result;
    }

    private void attempt(PendingCall call) {
        if (call.result.isDone()) return;
        if (closed) {
            fail(call, new Unavailable("Node " + nodeId + " left the mesh before " + call.path + "." + call.method + " was sent"));
            return;
        }
        long remaining = call.deadline - System.nanoTime();
        if (remaining <= 0) {
            fail(call, timeoutError(call));
            return;
        }
        List<ServiceInfo> all = registry.instances(call.path);
        String range = options.calls().versions().get(call.path);
        List<ServiceInfo> candidates = Balancer.candidates(all, call.method, range, call.excluded);
        if (candidates.isEmpty()) {
            List<ServiceInfo> offering = Balancer.candidates(all, null, range, Set.of());
            if (!offering.isEmpty() && Balancer.candidates(all, call.method, range, Set.of()).isEmpty()) {
                Set<String> methods = new LinkedHashSet<>();
                offering.forEach(s -> methods.addAll(s.methods()));
                fail(call, new MethodNotAllowed("Method '" + call.method + "' does not exist on service '" + call.path
                        + "' on any node; its instances offer " + methods));
                return;
            }
            if (all.isEmpty() && queues != null && range == null && call.excluded.isEmpty()) {
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
        if (target == null) target = balancer.pick(call.path, candidates);
        long id = requestIds.incrementAndGet();
        call.node = target.node();
        byte[] frame = requestFrame(call, id, remaining, target.node());
        if (frame == null) return;
        pending.put(id, call);
        balancer.started(target.node());
        call.timer = callTimers.newTimeout(t -> expire(id), remaining, TimeUnit.NANOSECONDS);
        if (!transport.send(target.node(), frame)) {
            // Nothing left this node: the peer is known (its hello came) but not reachable yet (its
            // connection is still opening) or no longer (its loss is on its way). Any method may
            // try again shortly; a lost peer leaves the registry meanwhile.
            PendingCall again = take(id);
            if (again != null) {
                again.node = null;
                scheduler.schedule(() -> app.executor().execute(() -> attempt(again)), 20, TimeUnit.MILLISECONDS);
            }
        }
    }

    /** The encoded request of {@code call}, or null after failing the call when it cannot be sent. */
    private byte[] requestFrame(PendingCall call, long id, long remainingNanos, String recipient) {
        Packet p = new Packet(Packet.Type.REQUEST, nodeId);
        p.id = id;
        p.path = call.path;
        p.method = call.method;
        p.itemId = call.itemId;
        p.data = call.data;
        p.params = call.params.toWire();
        if (call.key != null) p.headers = Map.of(IDEMPOTENCY_HEADER, call.key);
        p.ttl = Math.max(1, TimeUnit.NANOSECONDS.toMillis(remainingNanos));
        byte[] frame;
        try {
            frame = codec.encode(p, recipient);
        } catch (RuntimeException e) {
            fail(call, new dev.skein.core.errors.BadRequest("Cannot send " + call.path + "." + call.method + ": " + e.getMessage()));
            return null;
        }
        if (frame.length > options.maxFrameSize()) {
            fail(call, new PayloadTooLarge("The request " + call.path + "." + call.method + " is " + frame.length
                    + " bytes, above the mesh's maximum frame size of " + options.maxFrameSize()
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
        byte[] frame = requestFrame(call, id, remainingNanos, ServiceQueues.RECIPIENT_PREFIX + call.path);
        if (frame == null) return;
        call.queued = true;
        pending.put(id, call);
        call.timer = callTimers.newTimeout(t -> expire(id), remainingNanos, TimeUnit.NANOSECONDS);
        if (!queues.enqueue(call.path, frame, Duration.ofNanos(remainingNanos))) {
            PendingCall again = take(id);
            if (again != null) { // the broker is out of reach: wait here instead
                again.queued = false;
                waitForInstance(again, again.deadline - System.nanoTime());
            }
        }
    }

    private void waitForInstance(PendingCall call, long remainingNanos) {
        // a new instance, or the transport starting (a queueing transport can take the call then)
        CompletableFuture<?> change = started.isDone() || queues == null ? registry.nextChange()
                : CompletableFuture.anyOf(registry.nextChange(), started);
        ScheduledFuture<?> timer = scheduler.schedule(() -> fail(call, noInstance(call)), remainingNanos, TimeUnit.NANOSECONDS);
        change.whenCompleteAsync((v, startFailed) -> {
            timer.cancel(false);
            attempt(call);
        }, app.executor());
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
        Packet cancel = new Packet(Packet.Type.CANCEL, nodeId);
        cancel.id = id;
        transport.send(node, codec.encode(cancel, node));
    }

    /** The node serving {@code call} is gone: find and get try another instance, other methods fail at once. */
    private void lost(PendingCall call, String node) {
        if (call.retryable()) {
            call.excluded.add(node);
            app.executor().execute(() -> attempt(call));
        } else {
            fail(call, new Unavailable("Node " + node + " serving '" + call.path + "' went away while "
                    + call.method + " was in flight; it may or may not have run (its idempotency key, for the service: " + call.key + ")",
                    call.key == null ? null : Map.of("idempotencyKey", call.key)));
        }
    }

    private void fail(PendingCall call, Throwable error) {
        call.result.completeExceptionally(error);
    }

    private Timeout timeoutError(PendingCall call) {
        return new Timeout("Call " + call.path + "." + call.method + " timed out after "
                + call.timeout.toMillis() + " ms" + (call.node == null ? "" : " waiting for node " + call.node));
    }

    private Unavailable noInstance(PendingCall call) {
        return new Unavailable("No instance of service '" + call.path + "' is available"
                + (options.calls().versions().containsKey(call.path) ? " matching version " + options.calls().versions().get(call.path) : "")
                + "; waited for one until the call's timeout");
    }

    // ---- frames in ----------------------------------------------------------------------------

    @Override
    public void onFrame(byte[] frame) throws MalformedFrameException {
        onFrameFrom(null, frame);
    }

    @Override
    public void onFrameFrom(String peer, byte[] frame) throws MalformedFrameException {
        Packet p;
        try {
            if (keyExchange != null && KeyExchange.isExchangeFrame(frame)) {
                keyExchange.receive(peer, frame);
                return;
            }
            p = codec.decode(frame);
        } catch (SealKeys.UnknownSessionException e) {
            keyExchange.hold(peer, frame, e);
            return;
        } catch (dev.skein.mesh.spi.UnreadablePacketException e) {
            if (!answerUnreadable(peer, e)) throw e;
            return;
        } catch (SealedCodec.ForgedSenderException e) {
            forged(e.sealedBy(), e.claimed());
            return;
        } catch (FrameSeal.DroppedFrameException e) {
            // authentic but late, repeated or for another node: dropped, the connection stays
            if (dropLines.allow("dropped " + e.getClass().getSimpleName())) LOG.warn("Node {} dropped a frame: {}", nodeId, e.getMessage());
            return;
        }
        if (peer != null && !peer.equals(p.from)) {
            forged(peer, p.from);
            return;
        }
        // a node hears its own broadcasts on some transports; a request of its own can only come
        // back through a service queue (it queued it, then began to serve that path), and is served
        if (closed || nodeId.equals(p.from) && p.type != Packet.Type.REQUEST && p.type != Packet.Type.RESPONSE) return;
        switch (p.type) {
            case HELLO -> control.execute(() -> onHello(p));
            case HEARTBEAT -> onHeartbeat(p);
            case LEAVE -> {
                if (p.node != null && p.node.get(DRAINED) instanceof Boolean drained) control.execute(() -> left(p.from, drained));
                else control.execute(() -> removePeer(p.from, true));
            }
            case REQUEST -> serve(p);
            case RESPONSE -> onResponse(p);
            case EVENT -> {
                EventInbox inbox = eventQueues.computeIfAbsent(p.from, n -> new EventInbox(app.executor(), options.calls().maxQueuedEvents()));
                if (!inbox.offer(() -> onEvent(p)) && dropLines.allow("events of " + p.from)) {
                    LOG.warn("Node {} dropped events of node {}: {} already wait for this node's listeners ({} dropped so far; "
                            + "Mesh.Builder.maxQueuedEvents)", nodeId, p.from, options.calls().maxQueuedEvents(), inbox.dropped());
                }
            }
            case CANCEL -> {
                CompletableFuture<Object> work = serving.remove(p.from + "/" + p.id);
                if (work != null) work.cancel(false);
            }
        }
    }

    /** As the SPI's default, but one line per reason and minute: a stranger on a broker sends a frame a second. */
    @Override
    public void onFrameOrDrop(byte[] frame, String source) {
        try {
            onFrame(frame);
        } catch (MalformedFrameException e) {
            if (dropLines.allow("malformed from " + source)) {
                LOG.warn("Node {} dropped a malformed frame of {} bytes from {}: {} (one line per minute and source)",
                        nodeId, frame.length, source, e.getMessage());
            }
        }
    }

    /**
     * A request that could not be read whole, but whose caller and id could: that caller gets a
     * BadRequest at once, and the connection (other callers' calls) stays. False when there is no
     * one to answer.
     */
    private boolean answerUnreadable(String peer, dev.skein.mesh.spi.UnreadablePacketException e) {
        if (closed || e.type() != Packet.Type.REQUEST || e.id() == 0 || e.from() == null || e.from().equals(nodeId)
                || peer != null && !peer.equals(e.from())) {
            return false;
        }
        if (dropLines.allow("unreadable " + e.from())) {
            LOG.warn("Node {} could not read request {} of node {}: {}", nodeId, e.id(), e.from(), e.getMessage());
        }
        Packet request = new Packet(Packet.Type.REQUEST, e.from());
        request.id = e.id();
        respond(request, null, new dev.skein.core.errors.BadRequest("Node " + nodeId + " could not read the request: " + e.getMessage()));
        return true;
    }

    /** A frame kept aside until its session's key came ({@link KeyExchange}), now received. */
    private void redeliver(String peer, byte[] frame) {
        try {
            onFrameFrom(peer, frame);
        } catch (MalformedFrameException e) {
            if (dropLines.allow("redelivered")) LOG.warn("Node {} dropped a frame of {}: {}", nodeId, peer == null ? "a broker" : peer, e.getMessage());
        }
    }

    /** Node {@code by} sent a packet in the name of node {@code claimed}: dropped, with one line (per minute and pair). */
    private void forged(String by, String claimed) {
        if (dropLines.allow(by + ">" + claimed)) {
            LOG.warn("Node {} dropped a packet from node {} that claims to come from node {}", nodeId, by, claimed);
        }
    }

    @Override
    public void onPeerIdentity(String peer, Set<String> names) {
        identities.record(peer, "transport", names);
    }

    @Override
    public void onPeerConnected(String peer) {
        if (closed) return;
        if (keyExchange != null) transport.send(peer, keyExchange.announcement());
        transport.send(peer, codec.encode(hello(false), peer));
    }

    @Override
    public void onReconnected() {
        if (closed) return;
        if (keyExchange != null) transport.broadcast(keyExchange.announcement());
        control.execute(() -> broadcast(hello(true)));
        // what was in flight while the link was down may be lost either way: it is sent again to the node it
        // went to as soon as that node is heard again (so is back on the broker too); a call it ran answers
        // with its first answer (the idempotency key)
        for (PendingCall call : pending.values()) {
            if (!call.queued && call.node != null) resendWhenHeard.add(call.node);
        }
    }

    @Override
    public void onPeerLost(String peer) {
        control.execute(() -> removePeer(peer, false));
    }

    @SuppressWarnings("unchecked")
    private void onHello(Packet p) {
        Map<String, Object> node = p.node == null ? Map.of() : p.node;
        boolean known = registry.peer(p.from) != null;
        Registry.Peer peer = registry.add(p.from);
        peer.name = String.valueOf(node.getOrDefault("name", ""));
        peer.address = String.valueOf(node.getOrDefault("address", ""));
        peer.health = Health.fromWire((Map<?, ?>) node.get("health"));
        peer.lastSeenNanos = System.nanoTime();
        peer.lastSeen = Instant.now();
        Map<String, ServiceInfo> services = new LinkedHashMap<>();
        if (node.get("services") instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> m) {
                    ServiceInfo s = ServiceInfo.fromWire((Map<String, Object>) m, p.from);
                    services.put(s.path(), s);
                }
            }
        }
        Access access = options.security().access();
        if (access != null) {
            services.values().removeIf(s -> {
                boolean denied = !access.mayOffer(identities.of(p.from), s.path());
                if (denied && dropLines.allow("offer " + p.from + " " + s.path())) {
                    LOG.warn("Node {} does not register '{}' of node {} {}: the access rules do not let it offer that path",
                            nodeId, s.path(), p.from, identities.describe(p.from));
                }
                return denied;
            });
        }
        Map<String, ServiceInfo> before = peer.services;
        peer.services = Map.copyOf(services);
        if (!known) {
            NodeInfo info = peer.info();
            notifyListeners(l -> l.nodeJoined(info));
            transport.send(p.from, codec.encode(hello(false), p.from));
        } else if (Boolean.TRUE.equals(node.get("ask"))) {
            transport.send(p.from, codec.encode(hello(false), p.from));
            resendTo(p.from); // its link was down: what it was asked meanwhile may not have reached it
        }
        if (!resendWhenHeard.isEmpty() && resendWhenHeard.remove(p.from)) resendTo(p.from);
        for (ServiceInfo s : before.values()) {
            if (!services.containsKey(s.path())) notifyListeners(l -> l.serviceRemoved(s));
        }
        for (ServiceInfo s : services.values()) {
            if (!s.equals(before.get(s.path()))) notifyListeners(l -> l.serviceAdded(s));
        }
        changed();
    }

    /**
     * Sends again every call waiting for node {@code peer}, to that node: after this node's link was
     * down, or that node's (it says so with a hello that asks). Idempotency keys keep a call that
     * ran from running twice; find and get just run again.
     */
    private void resendTo(String peer) {
        for (Long id : new ArrayList<>(pending.keySet())) {
            PendingCall call = pending.get(id);
            if (call == null || call.queued || !peer.equals(call.node)) continue;
            PendingCall again = take(id);
            if (again == null) continue;
            again.preferred = peer;
            again.node = null;
            app.executor().execute(() -> attempt(again));
        }
    }

    private void onHeartbeat(Packet p) {
        if (!resendWhenHeard.isEmpty() && resendWhenHeard.remove(p.from)) resendTo(p.from);
        Registry.Peer peer = registry.peer(p.from);
        if (peer == null) {
            transport.send(p.from, codec.encode(hello(true), p.from));
            return;
        }
        peer.lastSeenNanos = System.nanoTime();
        peer.lastSeen = Instant.now();
        if (p.node != null) peer.health = Health.fromWire((Map<?, ?>) p.node.get("health"));
    }

    /**
     * The last leave of a node: it answered every call it ran ({@code drained}), so the calls still
     * waiting for it never ran and go to another instance, whatever their method.
     */
    private void left(String id, boolean drained) {
        if (drained) {
            for (Map.Entry<Long, PendingCall> e : pending.entrySet()) {
                if (id.equals(e.getValue().node) && !e.getValue().queued) {
                    PendingCall call = take(e.getKey());
                    if (call == null) continue;
                    call.excluded.add(id);
                    app.executor().execute(() -> attempt(call));
                }
            }
        }
        removePeer(id, false);
    }

    private void removePeer(String id, boolean graceful) {
        Registry.Peer peer = graceful ? registry.peer(id) : registry.remove(id);
        if (peer == null) return;
        if (graceful) {
            // It finishes the calls it has; new calls go elsewhere. The connection closing removes it for good.
            peer.leaving = true;
        } else {
            for (Map.Entry<Long, PendingCall> e : pending.entrySet()) {
                if (id.equals(e.getValue().node)) {
                    PendingCall call = take(e.getKey());
                    if (call != null) lost(call, id);
                }
            }
            eventQueues.remove(id);
            identities.forget(id);
            if (pairKeys != null) pairKeys.forget(id);
        }
        if (graceful || !peer.leaving) {
            NodeInfo info = peer.info();
            notifyListeners(l -> l.nodeLeft(info, graceful));
            for (ServiceInfo s : peer.services.values()) notifyListeners(l -> l.serviceRemoved(s));
        }
        changed();
    }

    /** After any registry change: rebuild the index, add or remove proxies, check readiness. */
    private void changed() {
        registry.rebuild();
        syncProxies();
        checkReady();
    }

    /**
     * Registers a proxy for each consumed remote path, and keeps what each offers up to date. A
     * proxy stays for the life of the app once registered, with its hooks and listeners, whether
     * its instances leave, come back or are replaced: its calls read the instances at call time and
     * wait for one up to their timeout (docs/SERVICES.md, "Remote handles").
     */
    private void syncProxies() {
        Map<String, List<ServiceInfo>> byPath = registry.byPath();
        for (Map.Entry<String, List<ServiceInfo>> e : byPath.entrySet()) {
            String path = e.getKey();
            if (!options.services().consume().test(path)) continue;
            Set<String> methods = new LinkedHashSet<>();
            Set<String> events = new LinkedHashSet<>();
            for (ServiceInfo s : e.getValue()) {
                methods.addAll(s.methods());
                for (String ev : s.events()) if (!Methods.STANDARD_EVENTS.contains(ev)) events.add(ev);
            }
            proxy(path, methods, events);
        }
    }

    /** Registers the proxy of remote {@code path}, or updates what it offers; false when a local service holds its local path. */
    private boolean proxy(String path, Set<String> methods, Set<String> events) {
        // no lock of this node is held while the app registers (it takes its own): the resolver may run inside app.setup()
        {
            String localPath = App.normalize(options.services().proxyPath().apply(path));
            ProxyEntry existing = proxies.get(path);
            if (existing != null && existing.methods.equals(methods) && existing.events.equals(events)) return true;
            if (existing == null && app.lookup(localPath).isPresent()) return isProxy(localPath); // local is preferred
            ServiceOptions serviceOptions = ServiceOptions.builder().methods(List.copyOf(methods)).events(List.copyOf(events))
                    .automaticEvents(false).open(true).build();
            ProxyEntry entry = new ProxyEntry(localPath, methods, events);
            if (existing == null ? proxies.putIfAbsent(path, entry) != null : !proxies.replace(path, existing, entry)) {
                return true; // another thread registered or updated it meanwhile
            }
            proxyPaths.add(localPath);
            try {
                if (existing == null) {
                    app.use(localPath, new RemoteService(this, path), serviceOptions, options.services().proxyHooks());
                } else {
                    app.replace(localPath, new RemoteService(this, path), serviceOptions);
                }
                return true;
            } catch (RuntimeException ex) {
                if (existing == null) {
                    proxies.remove(path);
                    proxyPaths.remove(localPath);
                }
                LOG.warn("Node {} could not register the proxy of '{}' at '{}': {}", nodeId, path, localPath, ex.getMessage());
                return false;
            }
        }
    }

    /**
     * {@code app.service(path)} for a path nothing is registered at: the proxy of a remote path not
     * discovered yet, when the mesh consumes it and proxies keep their paths (with a
     * {@code proxyPath} mapping, the remote path cannot be told from the local one).
     */
    private boolean resolve(App app, String localPath) {
        if (closed || isProxy(localPath) || !options.services().consume().test(localPath)
                || !App.normalize(options.services().proxyPath().apply(localPath)).equals(localPath)) {
            return false;
        }
        return proxy(localPath, new LinkedHashSet<>(Methods.STANDARD), Set.of());
    }

    /** Takes the queued requests (ServiceQueues) of exactly the services this node publishes. */
    private void syncServed() {
        if (queues == null || closing) return;
        Set<String> now = new HashSet<>();
        for (ServiceInfo s : localServices()) now.add(s.path());
        for (String path : now) {
            if (served.add(path)) queues.serve(path);
        }
        for (String path : new ArrayList<>(served)) {
            if (!now.contains(path) && served.remove(path)) queues.unserve(path);
        }
    }

    private void checkReady() {
        if (ready.isDone() || !started.isDone()) return;
        if (missingDependencies().isEmpty()) ready.complete(null);
    }

    private List<String> missingDependencies() {
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Integer> dep : options.membership().dependencies().entrySet()) {
            int have = registry.instances(dep.getKey()).size() + (localService(dep.getKey()) != null ? 1 : 0);
            if (have < dep.getValue()) {
                missing.add("'" + dep.getKey() + "' needs " + dep.getValue() + " instance(s), " + have + " up");
            }
        }
        if (!started.isDone()) missing.add("the " + transport.scheme() + " transport has not started"
                + (transportProblem == null ? "" : " (" + transportProblem + ")"));
        return missing;
    }

    // ---- serving ------------------------------------------------------------------------------

    private void serve(Packet p) {
        drain.arrived();
        String repeatKey = p.headers != null && p.headers.get(IDEMPOTENCY_HEADER) instanceof String k ? p.from + "|" + k : null;
        CompletableFuture<Object> firstRun = repeatKey == null ? null : idempotency.earlier(repeatKey);
        if (firstRun != null) {
            // sent again (its answer was lost, or its link dropped): the first run's answer, not a second run, even while leaving
            firstRun.whenComplete((result, failure) -> {
                if (!(failure instanceof java.util.concurrent.CancellationException)) respond(p, result, failure);
            });
            return;
        }
        if (closing) {
            respond(p, null, notRun(new Unavailable("Node " + nodeId + " is leaving the mesh and takes no new calls")));
            return;
        }
        ServiceHandle handle = localService(p.path);
        if (handle == null || !options.services().publish().test(p.path)) {
            respond(p, null, notRun(new NotFound("Node " + nodeId + " does not serve '" + p.path + "'")));
            return;
        }
        Access access = options.security().access();
        if (access != null && !nodeId.equals(p.from) && !access.mayCall(identities.of(p.from), p.path, p.method)) {
            respond(p, null, new Forbidden("Node " + p.from + " " + identities.describe(p.from) + " may not call "
                    + p.path + "." + p.method + " on node " + nodeId));
            return;
        }
        Params params = Params.fromWire(p.params, Params.MESH);
        if (p.ttl > 0) params.set(DEADLINE_PARAM, Instant.now().plusMillis(p.ttl));
        params.set(CALLER_PARAM, p.from);
        params.set(CALLER_VERIFIED_PARAM, verifiedPeers);
        if (options.security().verifyUsers()) {
            params.user(null); // only the token that came along may make a user: the service's authenticate() checks it
            params.set(USER_FROM_TOKEN_ONLY_PARAM, true);
        }
        String key = p.headers != null && p.headers.get(IDEMPOTENCY_HEADER) instanceof String k ? k : null;
        CompletableFuture<Object> first = null;
        String remembered = key == null ? null : p.from + "|" + key;
        if (remembered != null) {
            params.set(IDEMPOTENCY_KEY_PARAM, key);
            first = new CompletableFuture<>();
            CompletableFuture<Object> earlier = idempotency.claim(remembered, first);
            if (earlier != null) {
                // sent again (its answer was lost, or its link dropped): the first run's answer, not a second run
                earlier.whenComplete((result, failure) -> {
                    if (!(failure instanceof java.util.concurrent.CancellationException)) respond(p, result, failure);
                });
                return;
            }
        }
        if (drain.inFlight() >= options.calls().maxServing()) {
            if (first != null) idempotency.forget(remembered, first);
            respond(p, null, new dev.skein.core.errors.TooManyRequests("Node " + nodeId + " already runs " + options.calls().maxServing()
                    + " calls (Mesh.Builder.maxServing); " + p.path + "." + p.method + " did not run, try again later"));
            return;
        }
        drain.started();
        CompletableFuture<Object> work = handle.call(p.method, p.itemId, p.data, params);
        if (first != null) {
            CompletableFuture<Object> remember = first;
            work.whenComplete((result, failure) -> {
                if (failure instanceof java.util.concurrent.CancellationException) idempotency.forget(remembered, remember);
                if (failure != null) remember.completeExceptionally(failure);
                else remember.complete(result);
            });
        }
        String running = p.from + "/" + p.id;
        serving.put(running, work);
        work.whenComplete((result, failure) -> {
            serving.remove(running);
            try {
                // nobody waits for a cancelled call; the others are answered before the drain may end
                if (!(failure instanceof java.util.concurrent.CancellationException)) respond(p, result, failure);
            } finally {
                drain.finished();
            }
        });
    }

    private void respond(Packet request, Object result, Throwable failure) {
        Packet r = new Packet(Packet.Type.RESPONSE, nodeId);
        r.id = request.id;
        if (failure != null) r.error = SkeinError.from(failure).toJson();
        else r.data = result;
        byte[] frame;
        try {
            frame = codec.encode(r, request.from);
        } catch (RuntimeException e) {
            r.data = null;
            r.error = new dev.skein.core.errors.GeneralError("The result of " + request.path + "." + request.method
                    + " cannot be encoded").toJson();
            frame = codec.encode(r, request.from);
        }
        if (frame.length > options.maxFrameSize()) {
            r.data = null;
            r.error = new PayloadTooLarge("The result of " + request.path + "." + request.method + " is " + frame.length
                    + " bytes, above the mesh's maximum frame size of " + options.maxFrameSize()
                    + " bytes (Mesh.Builder.maxFrameSize); the call ran, its result cannot travel").toJson();
            frame = codec.encode(r, request.from);
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
        if (closed || transport.send(caller, frame) || System.nanoTime() > untilNanos) return;
        try {
            scheduler.schedule(() -> answer(caller, frame, untilNanos), 50, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // the node is closing: the caller hears of it through its own timeout or the node's loss
        }
    }

    private void onResponse(Packet p) {
        PendingCall pendingCall = pending.get(p.id);
        if (pendingCall == null) return; // timed out or answered
        if (pendingCall.queued ? pendingCall.node != null : !p.from.equals(pendingCall.node)) return; // not from the node asked
        PendingCall call = take(p.id);
        if (call == null) return;
        if (notRun(p.error)) {
            // refused before it ran (the node is leaving, or no longer serves the path): another instance may take it
            call.excluded.add(p.from);
            app.executor().execute(() -> attempt(call));
            return;
        }
        if (p.error != null) call.result.completeExceptionally(SkeinError.fromJson(p.error));
        else call.result.complete(p.data);
    }

    // ---- events -------------------------------------------------------------------------------

    private void onEvent(Packet p) {
        if (options.security().access() != null && !offers(p.from, p.path)) {
            // with access rules, only a registered instance of a path speaks for it
            if (dropLines.allow("event " + p.from + " " + p.path)) {
                LOG.warn("Node {} dropped events of '{}' from node {}, which is not a registered instance of it", nodeId, p.path, p.from);
            }
            return;
        }
        ServiceHandle handle = null;
        ProxyEntry proxy = proxies.get(p.path);
        if (proxy != null) {
            handle = app.lookup(proxy.localPath).orElse(null);
        } else if (options.services().sync().test(p.path)) {
            handle = localService(p.path);
        }
        if (handle == null || !handle.emits(p.event)) return;
        handle.emit(new ServiceEvent(handle.path(), p.event, p.data, null, false, p.from));
    }

    private boolean offers(String node, String path) {
        Registry.Peer peer = registry.peer(node);
        return peer != null && peer.services.containsKey(path);
    }

    private void distribute(ServiceEvent event) {
        if (!event.isLocal() || event.localOnly() || closed) return;
        String path = event.path();
        if (isProxy(path) || !options.services().publish().test(path) || !options.services().events().test(path, event.event())) {
            return;
        }
        Packet p = new Packet(Packet.Type.EVENT, nodeId);
        p.path = path;
        p.event = event.event();
        p.data = event.safeData();
        p.seq = eventSeq.incrementAndGet();
        byte[] frame;
        try {
            frame = codec.encode(p, null);
        } catch (RuntimeException e) {
            LOG.warn("Node {} could not send event {} {}: {}", nodeId, path, event.event(), e.getMessage());
            return;
        }
        if (frame.length > options.maxFrameSize()) {
            throw new PayloadTooLarge("The event " + path + " " + event.event() + " is " + frame.length + " bytes, above the mesh's "
                    + "maximum frame size of " + options.maxFrameSize() + " bytes (Mesh.Builder.maxFrameSize); other nodes do not get it");
        }
        transport.broadcast(frame);
    }

    private final class AppEvents implements AppListener {
        @Override
        public void serviceAdded(String path, ServiceHandle service) {
            if (!isProxy(path) && started.isDone() && !closed) control.execute(() -> {
                broadcast(hello(false));
                checkReady();
                syncServed();
            });
        }

        @Override
        public void serviceRemoved(String path, ServiceHandle service) {
            if (!isProxy(path) && started.isDone() && !closed) control.execute(() -> {
                syncServed();
                broadcast(hello(false));
            });
        }

        @Override
        public void serviceEvent(ServiceEvent event) {
            distribute(event);
        }
    }

    // ---- membership ---------------------------------------------------------------------------

    private Packet hello(boolean ask) {
        Packet p = new Packet(Packet.Type.HELLO, nodeId);
        p.seq = helloSeq.incrementAndGet();
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("name", app.name());
        node.put("address", transport.address());
        List<Map<String, Object>> services = new ArrayList<>();
        for (ServiceInfo s : localServices()) services.add(s.toWire());
        node.put("services", services);
        node.put("health", HealthProbe.read(drain.inFlight()).toWire());
        if (ask) node.put("ask", true);
        p.node = node;
        return p;
    }

    private void broadcast(Packet p) {
        if (closed) return;
        try {
            transport.broadcast(codec.encode(p, null));
        } catch (RuntimeException e) {
            LOG.warn("Node {} could not broadcast {}: {}", nodeId, p.type, e.getMessage());
        }
    }

    private void beat() {
        try {
            Packet p = new Packet(Packet.Type.HEARTBEAT, nodeId);
            p.seq = helloSeq.incrementAndGet();
            p.node = Map.of("health", HealthProbe.read(drain.inFlight()).toWire());
            broadcast(p);
            long deadAfter = options.membership().deadAfter().toNanos();
            long now = System.nanoTime();
            for (Registry.Peer peer : registry.peers()) {
                if (now - peer.lastSeenNanos > deadAfter) {
                    LOG.info("Node {} removes node {}: silent for more than {} ms", nodeId, peer.id,
                            options.membership().deadAfter().toMillis());
                    control.execute(() -> removePeer(peer.id, false));
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Heartbeat of node {} failed", nodeId, e);
        }
    }

    private void notifyListeners(java.util.function.Consumer<MeshListener> call) {
        for (MeshListener l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                LOG.warn("A mesh listener failed", e);
            }
        }
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

    private static boolean notRun(Map<String, Object> error) {
        return error != null && error.get("data") instanceof Map<?, ?> d && Boolean.TRUE.equals(d.get(NOT_RUN));
    }

    /**
     * Leaves the mesh: tells the others, waits for the calls it serves to finish (up to the drain
     * timeout), then closes the transport and fails the calls it still waits for. Idempotent.
     */
    @Override
    public void close() {
        if (closing) return;
        closing = true;
        if (started.isDone() && !started.isCompletedExceptionally()) {
            if (queues != null) for (String path : served) queues.unserve(path); // queued requests go to the nodes that stay
            broadcast(new Packet(Packet.Type.LEAVE, nodeId));
            // new requests are refused as not run; wait for those running, and for the leave to reach every caller
            Duration timeout = options.membership().drainTimeout();
            Duration quiet = timeout.compareTo(LEAVE_QUIET) < 0 ? timeout : LEAVE_QUIET;
            boolean drained = drain.await(timeout, quiet);
            if (!drained) {
                LOG.warn("Node {} left with {} call(s) still running after the drain timeout of {} ms", nodeId, drain.inFlight(), timeout.toMillis());
            }
            // the last word to each peer, on the path its answers took: what it still waits for from here never ran (when drained)
            Packet last = new Packet(Packet.Type.LEAVE, nodeId);
            last.node = Map.of(DRAINED, drained);
            for (Registry.Peer peer : registry.peers()) {
                try {
                    transport.send(peer.id, codec.encode(last, peer.id));
                } catch (RuntimeException e) {
                    LOG.debug("Node {} could not say its last leave to {}: {}", nodeId, peer.id, e.getMessage());
                }
            }
        }
        closed = true;
        app.removeListener(appListener);
        app.removeResolver(resolver);
        if (heartbeat != null) heartbeat.cancel(false);
        transport.close();
        for (Long id : new HashSet<>(pending.keySet())) {
            PendingCall call = take(id);
            if (call != null) fail(call, new Unavailable("Node " + nodeId + " left the mesh before " + call.path + "."
                    + call.method + " was answered"));
        }
        for (ProxyEntry p : proxies.values()) app.unuse(p.localPath);
        proxies.clear();
        proxyPaths.clear();
        scheduler.shutdownNow();
        Unavailable left = new Unavailable("Node " + nodeId + " left the mesh");
        started.completeExceptionally(left); // a start still being retried will not come
        ready.completeExceptionally(left);
        registry.rebuild(); // wakes the calls waiting for an instance: they fail now that the node is closed
    }
}
