package dev.skein.mesh.internal;

import dev.skein.core.App;
import dev.skein.core.AppListener;
import dev.skein.core.Params;
import dev.skein.core.ServiceEvent;
import dev.skein.core.ServiceHandle;
import dev.skein.core.errors.MethodNotAllowed;
import dev.skein.core.errors.SkeinError;
import dev.skein.core.errors.Unavailable;
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
import dev.skein.mesh.internal.telemetry.MicrometerMetrics;
import dev.skein.mesh.spi.Codec;
import dev.skein.mesh.spi.MalformedFrameException;
import dev.skein.mesh.spi.MeshAuthenticator;
import dev.skein.mesh.spi.Packet;
import dev.skein.mesh.spi.Transport;
import dev.skein.mesh.spi.TransportContext;
import dev.skein.mesh.spi.TransportListener;
import dev.skein.mesh.spi.Transports;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * One node of the mesh: announces local services, keeps the registry of remote ones and their
 * proxies, routes calls, serves requests, forwards events, and watches heartbeats. This class
 * wires the parts that do each ({@link Membership}, {@link OutboundCalls} with its
 * {@link QueueRoute}, {@link InboundCalls}, {@link EventRelay}, {@link ProxyBinder}), starts and
 * closes them, and routes each frame that comes to the part it is for.
 *
 * <p>Threads: transport threads only decode frames and hand work on. Registry changes and proxy
 * registration run on {@link NodeContext#control}, one at a time; requests run on the app's executor; events
 * of one sender run in order on that sender's queue.
 */
public final class MeshNode implements TransportListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MeshNode.class);

    /** How long a failed start waits for the program to ask about readiness before it is logged as an error. */
    static final Duration UNASKED_FAILURE_GRACE = Duration.ofSeconds(1);

    /** Whether the program asked about readiness ({@link #ready()}, {@link #readiness()}): then it hears of a failed start. */
    private volatile boolean readinessAsked;

    /** How many nodes gone offline the registry keeps at most; past it the longest gone is forgotten first. */
    public static final int MAX_OFFLINE_NODES = 10_000;

    private final NodeContext ctx;
    private final Registry registry;
    private final ProxyBinder proxies;
    private final QueueRoute queue;
    private final OutboundCalls outbound;
    private final InboundCalls inbound;
    /** Where the service paths of every packet from another node are checked, before anything else reads them. */
    private final PathGate paths;
    private final EventRelay events;
    private final Membership membership;
    /** Drain requests: served for other nodes, and sent to them. */
    private final RemoteDrain remoteDrain;
    private final AppListener appListener = new AppEvents();
    private final dev.skein.core.ServiceResolver resolver;
    /** Proves this node holds the mesh's credentials, for the transport; null for an open mesh. */
    private final MeshAuthenticator authenticator;
    /** With key-pair credentials: how session keys are announced; null otherwise. */
    private final KeyExchange keyExchange;

    /**
     * A node of {@code app} as {@code options} describe it, not started: the transport of their URI
     * (or the one they hold), their codec, and an id made of the app's name and a random suffix.
     */
    public static MeshNode create(App app, MeshOptions options) {
        Transport transport = options.transportInstance() != null ? options.transportInstance() : Transports.forUri(options.transport());
        String id = app.name() + "-" + UUID.randomUUID().toString().substring(0, 8);
        Codec codec = options.eventsOnly() != null && options.eventsOnly().codec() != null ? options.eventsOnly().codec()
                : JacksonCodec.named(options.codec(), options.maxFrameSize());
        return new MeshNode(app, options, transport, codec, id);
    }

    /** A node of {@code app} with id {@code nodeId}, not started; with credentials, {@code codec} is wrapped to seal every packet. */
    public MeshNode(App app, MeshOptions options, Transport transport, Codec codec, String nodeId) {
        this(app, options, transport, codec, nodeId, Clock.system());
    }

    /** A node as above whose parts read the time and set their timers on {@code clock}: a test's, moved by hand. */
    MeshNode(App app, MeshOptions options, Transport transport, Codec codec, String nodeId, Clock clock) {
        MeshCredentials credentials = options.security().credentials();
        KeyPairKeys pairKeys = credentials != null && credentials.isKeyPair() ? new KeyPairKeys(credentials, options.namespace()) : null;
        SealKeys sealKeys = pairKeys != null ? pairKeys : credentials == null ? null : new MeshKeys(credentials, options.namespace());
        this.authenticator = (MeshAuthenticator) sealKeys;
        Duration maxAge = options.security().maxFrameAge();
        Codec sealed = sealKeys == null ? codec : new SealedCodec(codec, new FrameSeal(sealKeys, nodeId, maxAge), nodeId);
        this.ctx = new NodeContext(nodeId, app, options, transport, sealed, clock);
        this.registry = new Registry(clock);
        this.keyExchange = pairKeys == null ? null : new KeyExchange(pairKeys, nodeId, maxAge, transport, this::redeliver, (node, names) -> {
            ctx.identities.record(node, "key", names);
            ctx.identities.provenKey(node, pairKeys.keyOf(node));
        });
        this.proxies = new ProxyBinder(ctx, this, registry);
        this.resolver = proxies::resolve;
        this.queue = new QueueRoute(ctx, proxies, transport);
        this.outbound = new OutboundCalls(ctx, registry, queue);
        this.inbound = new InboundCalls(ctx, proxies, sealKeys != null);
        this.paths = new PathGate(ctx, inbound);
        this.events = new EventRelay(ctx, registry, proxies);
        this.membership = new Membership(ctx, registry, inbound, outbound, events, proxies, pairKeys);
        this.remoteDrain = new RemoteDrain(ctx, this::close);
        io.micrometer.core.instrument.MeterRegistry meters = options.telemetry().meterRegistry();
        if (meters != null) {
            MicrometerMetrics metrics = new MicrometerMetrics(meters, nodeId, transport.scheme(), outbound::waiting, inbound::inFlight,
                    () -> registry.peers().size());
            ctx.metrics = metrics;
            membership.addListener(metrics);
        }
    }

    /** This node's id, unique in the mesh. */
    public String nodeId() {
        return ctx.nodeId;
    }

    /** The transport the node runs on. */
    public Transport transport() {
        return ctx.transport;
    }

    /** Starts the transport, announces this node and begins heartbeats. */
    public CompletableFuture<Void> start() {
        ctx.app.addListener(appListener);
        proxies.watchLocal();
        ctx.app.addResolver(resolver);
        Transport transport = ctx.transport;
        CompletableFuture<Void> started = ctx.started;
        CompletableFuture<Void> ready = membership.ready();
        TransportContext context = new TransportContext(ctx.nodeId, ctx.options.namespace(), ctx.options.maxFrameSize(), ctx.scheduler, this,
                authenticator, ctx.eventsOnly ? ctx.options.eventsOnly().channel() : null);
        Duration wait = ctx.options.membership().waitForTransport() ? ctx.options.membership().discoveryTimeout() : Duration.ZERO;
        // stop trying once the node closes or its readiness has failed (the discovery timeout passed)
        TransportStarter.start(transport, context, "Node " + ctx.nodeId, wait, () -> ctx.closing || ready.isCompletedExceptionally(),
                e -> membership.transportProblem(e.getMessage())).whenComplete((v, failure) -> {
            if (failure != null) {
                Unavailable error = new Unavailable("The " + transport.scheme() + " transport of node " + ctx.nodeId
                        + " did not start: " + SkeinError.unwrap(failure).getMessage(), null, null, failure);
                started.completeExceptionally(error);
                ready.completeExceptionally(error);
                // a program that never asks (ready(), readiness()) would run on without a word: say it once
                CompletableFuture.delayedExecutor(UNASKED_FAILURE_GRACE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS).execute(() -> {
                    if (!readinessAsked) LOG.error("{}; this node serves and calls nothing (Mesh.ready() fails with this too)", error.getMessage());
                });
                return;
            }
            if (ctx.closing || ready.isCompletedExceptionally()) {
                transport.close(); // it started after the node was closed, or after readiness had failed: it must not join
                started.completeExceptionally(new Unavailable("The " + transport.scheme() + " transport of node " + ctx.nodeId
                        + " started after the node " + (ctx.closing ? "closed" : "gave up waiting for it") + "; it was closed again"));
                return;
            }
            membership.startHeartbeats();
            if (keyExchange != null) transport.broadcast(keyExchange.announcement());
            membership.broadcast(membership.hello(false));
            started.complete(null);
            ctx.control.execute(membership::checkReady);
            ctx.control.execute(queue::syncServed);
        });
        membership.giveUpAfterDiscoveryTimeout();
        return started;
    }

    /** See {@link dev.skein.mesh.Mesh#ready()}. */
    public CompletableFuture<Void> ready() {
        readinessAsked = true;
        return membership.ready();
    }

    /** See {@link dev.skein.mesh.Mesh#readiness()}. */
    public dev.skein.mesh.Readiness readiness() {
        readinessAsked = true;
        return membership.readiness();
    }

    /** See {@link dev.skein.mesh.Mesh#addListener}. */
    public void addListener(MeshListener listener) {
        membership.addListener(listener);
    }

    /** See {@link dev.skein.mesh.Mesh#removeListener}. */
    public void removeListener(MeshListener listener) {
        membership.removeListener(listener);
    }

    // ---- views ------------------------------------------------------------------------------

    /** See {@link dev.skein.mesh.Mesh#nodes()}. */
    public List<NodeInfo> nodes() {
        return membership.nodes();
    }

    /** See {@link dev.skein.mesh.Mesh#fleet()}. */
    public List<NodeInfo> fleet() {
        return membership.fleet();
    }

    /** See {@link dev.skein.mesh.Mesh#services()}. */
    public List<ServiceInfo> services() {

        return membership.services();
    }

    // ---- calls out ----------------------------------------------------------------------------

    /**
     * Calls {@code method} of the service at {@code path} on another node (or on this one, when it
     * serves the path itself). Waits for an instance up to the call's timeout.
     */
    public CompletableFuture<Object> call(String path, String method, Object itemId, Object data, Params params) {
        ServiceHandle local = proxies.localService(path);
        if (local != null) {
            if (!local.offers(method)) {
                return CompletableFuture.failedFuture(new MethodNotAllowed("Method '" + method + "' does not exist on service '"
                        + path + "'; it offers " + local.methods()));
            }
            return local.call(method, itemId, data, params);
        }
        return route(path, method, itemId, data, params);
    }

    /** See {@link dev.skein.mesh.Mesh#drain}: asks node {@code nodeId} to drain, and completes once it has said it leaves. */
    public CompletableFuture<NodeInfo> drain(String nodeId, Duration timeout) {
        return RemoteDrain.request(ctx, outbound, membership, nodeId, timeout);
    }

    /** See {@link dev.skein.mesh.Mesh#drained()}. */
    public CompletableFuture<String> drained() {
        return remoteDrain.drained();
    }

    /** The built-in path of drain requests ({@link dev.skein.mesh.Mesh#DRAIN_PATH}). */
    public static final String DRAIN_PATH = RemoteDrain.PATH;

    /** Whether the callbacks of this node's remote calls run where the answer arrives ({@link dev.skein.mesh.MeshSettings#DIRECT_CALLBACKS}). */
    boolean directCallbacks() {
        return ctx.options.get(dev.skein.mesh.MeshSettings.DIRECT_CALLBACKS);
    }

    /** Calls {@code method} of the service at {@code path} on another node: the calls of the proxies ({@link RemoteProxy}). */
    CompletableFuture<Object> route(String path, String method, Object itemId, Object data, Params params) {
        return outbound.route(path, method, itemId, data, params);
    }

    // ---- frames in ----------------------------------------------------------------------------

    @Override
    public void onFrame(byte[] frame) throws MalformedFrameException {
        onFrameFrom(null, frame);
    }

    /**
     * Frames from this size up are large enough to take a while to decode: while this node reads
     * one, its sender counts as heard ({@link Registry.Peer#silentSince}).
     */
    static final int LARGE_FRAME = 64 * 1024;

    @Override
    public void onFrameFrom(String peer, byte[] frame) throws MalformedFrameException {
        Registry.Peer reader = peer != null && frame.length >= LARGE_FRAME ? registry.peer(peer) : null;
        if (reader == null) {
            receive(peer, frame);
            return;
        }
        reader.readingStarts();
        try {
            receive(peer, frame);
        } finally {
            reader.readingEnds();
        }
    }

    private void receive(String peer, byte[] frame) throws MalformedFrameException {
        ctx.metrics.frameIn(frame.length);
        Packet decoded;
        try {
            if (keyExchange != null && KeyExchange.isExchangeFrame(frame)) {
                keyExchange.receive(peer, frame);
                return;
            }
            decoded = ctx.codec.decode(frame);
        } catch (SealKeys.UnknownSessionException e) {
            keyExchange.hold(peer, frame, e);
            return;
        } catch (dev.skein.mesh.spi.UnreadablePacketException e) {
            if (!inbound.answerUnreadable(peer, e)) throw e;
            return;
        } catch (SealedCodec.ForgedSenderException e) {
            forged(e.sealedBy(), e.claimed());
            return;
        } catch (FrameSeal.DroppedFrameException e) {
            // authentic but late, repeated or for another node: dropped, the connection stays
            if (ctx.dropLines.allow("dropped " + e.getClass().getSimpleName())) LOG.warn("Node {} dropped a frame: {}", ctx.nodeId, e.getMessage());
            return;
        }
        if (peer != null && !peer.equals(decoded.from)) {
            forged(peer, decoded.from);
            return;
        }
        // a node hears its own broadcasts on some transports; a request of its own can only come
        // back through a service queue (it queued it, then began to serve that path), and is served
        if (ctx.closed || ctx.nodeId.equals(decoded.from) && decoded.type != Packet.Type.REQUEST && decoded.type != Packet.Type.RESPONSE) return;
        if (ctx.eventsOnly && decoded.type != Packet.Type.EVENT) return; // sync-only mode hears events and nothing else
        Packet p = paths.admit(decoded); // from here on every service path in the packet is canonical
        if (p == null) return;
        // any frame shows its sender alive: one busy sending calls may have its heartbeats queued behind them
        Registry.Peer sender = registry.peer(p.from);
        if (sender != null) sender.heard();
        switch (p.type) {
            case HELLO -> ctx.control.execute(() -> membership.onHello(p));
            case HEARTBEAT -> membership.onHeartbeat(p);
            case LEAVE -> {
                if (p.node != null && p.node.get(Membership.DRAINED) instanceof Boolean drained) ctx.control.execute(() -> membership.left(p.from, drained));
                else ctx.control.execute(() -> membership.removePeer(p.from, true, NodeInfo.LEFT));
            }
            case REQUEST -> {
                if (RemoteDrain.PATH.equals(p.path)) inbound.serveBuiltIn(p, remoteDrain::serve);
                else inbound.serve(p);
            }
            case RESPONSE -> outbound.onResponse(p);
            case EVENT -> events.receive(p);
            case CANCEL -> inbound.cancel(p);
        }
    }

    /** As the SPI's default, but one line per reason and minute: a stranger on a broker sends a frame a second. */
    @Override
    public void onFrameOrDrop(byte[] frame, String source) {
        try {
            onFrame(frame);
        } catch (MalformedFrameException e) {
            if (ctx.dropLines.allow("malformed from " + source)) {
                LOG.warn("Node {} dropped a malformed frame of {} bytes from {}: {} (one line per minute and source)",
                        ctx.nodeId, frame.length, source, e.getMessage());
            }
        }
    }

    /** A frame kept aside until its session's key came ({@link KeyExchange}), now received. */
    private void redeliver(String peer, byte[] frame) {
        try {
            onFrameFrom(peer, frame);
        } catch (MalformedFrameException e) {
            if (ctx.dropLines.allow("redelivered")) LOG.warn("Node {} dropped a frame of {}: {}", ctx.nodeId, peer == null ? "a broker" : peer, e.getMessage());
        }
    }

    /** Node {@code by} sent a packet in the name of node {@code claimed}: dropped, with one line (per minute and pair). */
    private void forged(String by, String claimed) {
        if (ctx.dropLines.allow(by + ">" + claimed)) {
            LOG.warn("Node {} dropped a packet from node {} that claims to come from node {}", ctx.nodeId, by, claimed);
        }
    }

    @Override
    public void onPeerIdentity(String peer, Set<String> names) {
        ctx.identities.record(peer, "transport", names);
    }

    @Override
    public void onPeerConnected(String peer) {
        if (ctx.closed) return;
        if (keyExchange != null) ctx.send(peer, keyExchange.announcement());
        membership.helloTo(peer);
    }

    @Override
    public void onReconnected() {
        if (ctx.closed) return;
        membership.linkBack();
        ctx.metrics.reconnected();
        if (keyExchange != null) ctx.broadcast(keyExchange.announcement());
        ctx.control.execute(() -> membership.broadcast(membership.hello(true)));
        // what was in flight while the link was down may be lost either way: it is sent again to the node it
        // went to as soon as that node is heard again (so is back on the broker too); a call it ran answers
        // with its first answer (the idempotency key)
        outbound.resendWhenHeard();
    }

    @Override
    public void onLinkLost() {
        membership.linkLost();
    }

    @Override
    public void onPeerActivity(String peer) {
        Registry.Peer sender = registry.peer(peer);
        if (sender != null) sender.heard();
    }

    @Override
    public void onPeerRefused(String peer, String reason) {
        ctx.strangers.refused(peer, reason);
    }

    @Override
    public void onOtherNamespace(String namespace) {
        ctx.strangers.otherNamespace(namespace);
    }

    @Override
    public void onPeerLost(String peer) {
        ctx.metrics.connectionLost();
        ctx.control.execute(() -> membership.removePeer(peer, false, NodeInfo.CONNECTION_CLOSED));
    }

    private final class AppEvents implements AppListener {
        @Override
        public void serviceAdded(String path, ServiceHandle service) {
            if (!(service.service() instanceof RemoteProxy)) proxies.localTookOver(path);
            proxies.localAdded(path);
            if (!proxies.isProxy(path) && ctx.started.isDone() && !ctx.closed) ctx.control.execute(() -> {
                membership.broadcast(membership.hello(false));
                membership.checkReady();
                queue.syncServed();
            });
        }

        @Override
        public void serviceRemoved(String path, ServiceHandle service) {
            if (!proxies.isProxy(path)) proxies.localRemoved(path);
            if (!proxies.isProxy(path) && ctx.started.isDone() && !ctx.closed) ctx.control.execute(() -> {
                queue.syncServed();
                membership.broadcast(membership.hello(false));
            });
        }

        @Override
        public void serviceEvent(ServiceEvent event) {
            events.distribute(event);
        }
    }

    /**
     * Leaves the mesh: tells the others, waits for the calls it serves to finish (up to the drain
     * timeout), then closes the transport and fails the calls it still waits for. Idempotent.
     */
    @Override
    public void close() {
        if (ctx.closing) return;
        ctx.closing = true;
        if (ctx.started.isDone() && !ctx.started.isCompletedExceptionally() && !ctx.eventsOnly) {
            queue.unserveAll(); // queued requests go to the nodes that stay
            membership.broadcast(new Packet(Packet.Type.LEAVE, ctx.nodeId));
            // new requests are refused as not run; wait for those running, and for the leave to reach every caller
            boolean drained = inbound.drain();
            // the last word to each peer, on the path its answers took: what it still waits for from here never ran (when drained)
            membership.lastLeave(drained);
        }
        ctx.closed = true;
        ctx.app.removeListener(appListener);
        ctx.app.removeResolver(resolver);
        membership.stopHeartbeats();
        ctx.transport.close();
        outbound.failAll();
        proxies.unbindAll();
        ctx.scheduler.shutdownNow();
        Unavailable left = new Unavailable("Node " + ctx.nodeId + " left the mesh");
        ctx.started.completeExceptionally(left); // a start still being retried will not come
        membership.ready().completeExceptionally(left);
        registry.rebuild(); // wakes the calls waiting for an instance: they fail now that the node is closed
        ctx.metrics.close();
    }
}
