package dev.skein.mesh.internal;

import dev.skein.core.errors.Unavailable;
import dev.skein.mesh.Access;
import dev.skein.mesh.Health;
import dev.skein.mesh.MeshListener;
import dev.skein.mesh.NodeInfo;
import dev.skein.mesh.ServiceInfo;
import dev.skein.mesh.internal.security.KeyPairKeys;
import dev.skein.mesh.spi.LogLimiter;
import dev.skein.mesh.spi.Packet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The nodes of the mesh as this node sees them: hellos, heartbeats and leaves, the {@link Registry}
 * of peers and their services, the listeners told of joins and leaves, and readiness (the
 * transport started and every dependency met). Registry changes run on the node's control queue.
 */
final class Membership {

    private static final Logger LOG = LoggerFactory.getLogger(MeshNode.class); // its lines keep the node's name

    /** Entry of a node's last leave: whether it answered every call it ran. */
    static final String DRAINED = "drained";

    private final NodeContext ctx;
    private final Registry registry;
    private final InboundCalls inbound;
    private final OutboundCalls outbound;
    private final EventRelay events;
    private final ProxyBinder proxies;
    /** With key-pair credentials: the keys; null otherwise. */
    private final KeyPairKeys pairKeys;
    private final List<MeshListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong helloSeq = new AtomicLong();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    /** Why the transport's last attempt to start failed, while it has not started. */
    private volatile String transportProblem;
    private ScheduledFuture<?> heartbeat;
    /** Whether the transport's link (its broker) is down now, and for how many heartbeats in a row (happner's scan errors). */
    private volatile boolean linkDown;
    private final java.util.concurrent.atomic.AtomicInteger scanErrors = new java.util.concurrent.atomic.AtomicInteger();
    /** The unknown nodes heard from and asked for their hello: one ask per node and deadAfter. */
    private final LogLimiter asked;
    /** Slow or gone: judged once a heartbeat, on the timer. */
    private final FailureDetector detector;
    /**
     * How long a judgement waits at most for this node's transport to read what reached it: a
     * safety valve for an I/O thread held up for good, long past any pause of a busy machine.
     */
    static final java.time.Duration CATCH_UP_LIMIT = java.time.Duration.ofSeconds(30);
    /** Whether a judgement waits for the transport to catch up: the next ones do not wait again. */
    private final java.util.concurrent.atomic.AtomicBoolean catchingUp = new java.util.concurrent.atomic.AtomicBoolean();

    Membership(NodeContext ctx, Registry registry, InboundCalls inbound, OutboundCalls outbound, EventRelay events,
               ProxyBinder proxies, KeyPairKeys pairKeys) {
        this.ctx = ctx;
        this.registry = registry;
        this.inbound = inbound;
        this.outbound = outbound;
        this.events = events;
        this.proxies = proxies;
        this.pairKeys = pairKeys;
        this.asked = new LogLimiter(ctx.options.membership().deadAfter());
        this.detector = new FailureDetector(ctx.options.membership().heartbeatInterval(), ctx.options.membership().deadAfter());
    }

    CompletableFuture<Void> ready() {
        return ready;
    }

    void transportProblem(String problem) {
        transportProblem = problem;
    }

    void addListener(MeshListener listener) {
        listeners.add(listener);
    }

    void removeListener(MeshListener listener) {
        listeners.remove(listener);
    }

    List<NodeInfo> nodes() {
        List<NodeInfo> nodes = new ArrayList<>();
        nodes.add(new NodeInfo(ctx.nodeId, ctx.app.name(), ctx.transport.address(), true, proxies.localServices(),
                inbound.health(), ctx.clock.now(), true, null, ctx.options.membership().role(), LocalHost.NAME));
        for (Registry.Peer peer : registry.peers()) {
            if (!peer.leaving) nodes.add(peer.info());
        }
        return nodes;
    }

    List<NodeInfo> fleet() {
        List<NodeInfo> all = nodes();
        all.addAll(registry.offline(ctx.options.membership().offlineRetention()));
        return all;
    }

    List<ServiceInfo> services() {
        List<ServiceInfo> all = new ArrayList<>(proxies.localServices());
        for (List<ServiceInfo> list : registry.byPath().values()) all.addAll(list);
        return all;
    }

    // ---- saying where this node is --------------------------------------------------------------

    Packet hello(boolean ask) {
        Packet p = new Packet(Packet.Type.HELLO, ctx.nodeId);
        p.seq = helloSeq.incrementAndGet();
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("name", ctx.app.name());
        if (!ctx.options.membership().role().isEmpty()) node.put("role", ctx.options.membership().role());
        if (!LocalHost.NAME.isEmpty()) node.put("host", LocalHost.NAME);
        node.put("address", ctx.transport.address());
        List<Map<String, Object>> services = new ArrayList<>();
        for (ServiceInfo s : proxies.localServices()) services.add(s.toWire());
        node.put("services", services);
        node.put("health", inbound.health().toWire());
        if (ask) node.put("ask", true);
        p.node = node;
        return p;
    }

    void broadcast(Packet p) {
        if (ctx.closed || ctx.eventsOnly) return; // sync-only mode announces nothing: its peers may not be Skein nodes
        try {
            byte[] frame = ctx.codec.encode(p, null);
            if (p.type == Packet.Type.HEARTBEAT) ctx.broadcastHeartbeat(frame);
            else ctx.broadcast(frame);
        } catch (RuntimeException e) {
            LOG.warn("Node {} could not broadcast {}: {}", ctx.nodeId, p.type, e.getMessage());
        }
    }

    /** Sends this node's hello to {@code peer} alone; not once it is leaving (its hello could then reach the peer after its last leave). */
    void helloTo(String peer) {
        if (ctx.eventsOnly || ctx.closing) return;
        ctx.send(peer, ctx.codec.encode(hello(false), peer));
    }

    void startHeartbeats() {
        if (ctx.eventsOnly) return; // no membership: a sync peer is never removed, its events just stop
        long interval = ctx.options.membership().heartbeatInterval().toMillis();
        heartbeat = ctx.scheduler.scheduleAtFixedRate(this::beat, interval, interval, TimeUnit.MILLISECONDS);
    }

    void stopHeartbeats() {
        if (heartbeat != null) heartbeat.cancel(false);
    }

    /** The transport lost its link (its broker): heartbeats from now on are scan errors, until {@link #linkBack}. */
    void linkLost() {
        linkDown = true;
    }

    void linkBack() {
        linkDown = false;
        scanErrors.set(0);
    }

    private void beat() {
        if (linkDown) {
            int errors = scanErrors.incrementAndGet();
            int threshold = ctx.options.membership().scanErrorThreshold();
            if (threshold > 0 && errors == threshold) {
                LOG.error("Node {} reports itself failed: its transport has been down for {} heartbeats in a row "
                        + "(Mesh.Builder.scanErrorThreshold); it is not ready until the link is back", ctx.nodeId, errors);
            }
        }
        try {
            Packet p = new Packet(Packet.Type.HEARTBEAT, ctx.nodeId);
            p.seq = helloSeq.incrementAndGet();
            p.node = Map.of("health", inbound.health().toWire());
            broadcast(p);
            judgePeers();
        } catch (RuntimeException e) {
            LOG.warn("Heartbeat of node {} failed", ctx.nodeId, e);
        }
    }

    /**
     * Judges every peer by its silence ({@link FailureDetector}): suspected ones are avoided by new
     * calls, gone ones removed, on the control queue, after a last look once the transport has read
     * what had reached it (a frame may have come since, or waited unread while this node's I/O
     * threads were held up though its timer was on time). Nobody is judged in a round that starts
     * after this node itself stalled.
     */
    private void judgePeers() {
        long now = ctx.clock.nanoTime();
        boolean judging = detector.roundStarts(now);
        long stall = detector.takeStallNanos();
        if (stall > 0) {
            for (Registry.Peer peer : registry.peers()) peer.forgive(stall, now);
        }
        if (!judging) {
            if (ctx.dropLines.allow("stalled")) LOG.info("Node {} judges no peer for one heartbeat: its own heartbeat ran {} ms late (a pause or a busy CPU here), "
                    + "so its peers' frames may be waiting to be read", ctx.nodeId, detector.lastStallNanos() / 1_000_000);
            return;
        }
        List<Registry.Peer> gone = new ArrayList<>();
        for (Registry.Peer peer : registry.peers()) {
            FailureDetector.Verdict verdict = detector.verdict(now, peer.silentSince(now), peer.heartbeats);
            if (verdict == FailureDetector.Verdict.GONE) {
                gone.add(peer);
            } else if (!peer.leaving && peer.suspected != (verdict == FailureDetector.Verdict.SUSPECTED)) {
                // a node that said it leaves was reported gone already: it is only finishing its calls
                boolean suspected = verdict == FailureDetector.Verdict.SUSPECTED;
                ctx.control.execute(() -> suspect(peer, suspected));
            }
        }
        if (gone.isEmpty() || !catchingUp.compareAndSet(false, true)) return;
        // their frames may be waiting unread here, on a busy machine: judged again once the transport
        // has read what reached it by now, however long that takes, since until then their silence may
        // be this node's (an I/O thread held up, its timer on time). One wait at a time, for all peers.
        long since = ctx.clock.nanoTime();
        CompletableFuture<Void> caughtUp = ctx.transport.caughtUp();
        ScheduledFuture<?> valve = ctx.scheduler.schedule(() -> {
            if (caughtUp.complete(null)) {
                LOG.warn("Node {} judges its silent peers although its {} transport has not read what reached it in {} ms "
                        + "(its I/O threads are held up)", ctx.nodeId, ctx.transport.scheme(), CATCH_UP_LIMIT.toMillis());
            }
        }, CATCH_UP_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        caughtUp.whenComplete((done, error) -> {
            valve.cancel(false);
            ctx.control.execute(() -> {
                catchingUp.set(false);
                long waited = (ctx.clock.nanoTime() - since) / 1_000_000;
                if (waited > ctx.options.membership().heartbeatInterval().toMillis() && ctx.dropLines.allow("caught up")) {
                    LOG.info("Node {} read what reached its transport {} ms after it found peers silent (its own I/O was behind)",
                            ctx.nodeId, waited);
                }
                List.copyOf(registry.peers()).forEach(this::removeIfStillSilent);
            });
        });
    }

    /** Marks a peer suspected or not, unless that changed since it was judged (it was heard meanwhile, say). */
    private void suspect(Registry.Peer peer, boolean suspected) {
        long now = ctx.clock.nanoTime();
        if (peer.suspected == suspected || registry.peer(peer.id) != peer) return;
        long heard = peer.silentSince(now);
        long silence = now - heard;
        if ((detector.verdict(now, heard, peer.heartbeats) == FailureDetector.Verdict.SUSPECTED) != suspected) return;
        peer.suspected = suspected;
        long silentMillis = silence / 1_000_000;
        if (suspected) {
            LOG.info("Node {} suspects node {} ({}): silent for {} ms; new calls prefer other instances until it is heard "
                    + "or gone after {} ms", ctx.nodeId, peer.id, peer.name, silentMillis, detector.goneAfterNanos(peer.heartbeats) / 1_000_000);
        } else {
            LOG.info("Node {} hears node {} ({}) again", ctx.nodeId, peer.id, peer.name);
        }
        NodeInfo info = peer.info();
        notifyListeners(l -> l.nodeSuspected(info, suspected));
    }

    /** Removes a peer judged gone, unless it was heard meanwhile or is already gone. */
    private void removeIfStillSilent(Registry.Peer peer) {
        long now = ctx.clock.nanoTime();
        long heard = peer.silentSince(now);
        if (registry.peer(peer.id) != peer || detector.verdict(now, heard, peer.heartbeats) != FailureDetector.Verdict.GONE) return;
        if (!peer.leaving) LOG.info("Node {} removes node {} ({}): silent for {} ms (gone after {} ms: deadAfter {} ms and the lateness its heartbeats showed)",
                ctx.nodeId, peer.id, peer.name, (now - heard) / 1_000_000, detector.goneAfterNanos(peer.heartbeats) / 1_000_000,
                ctx.options.membership().deadAfter().toMillis());
        removePeer(peer.id, false, NodeInfo.SILENT);
    }

    /**
     * The last word to each peer, on the path its answers took: what it still waits for from here
     * never ran (when {@code drained}).
     */
    void lastLeave(boolean drained) {
        Packet last = new Packet(Packet.Type.LEAVE, ctx.nodeId);
        last.node = Map.of(DRAINED, drained);
        for (Registry.Peer peer : registry.peers()) {
            try {
                ctx.send(peer.id, ctx.codec.encode(last, peer.id));
            } catch (RuntimeException e) {
                LOG.debug("Node {} could not say its last leave to {}: {}", ctx.nodeId, peer.id, e.getMessage());
            }
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

    // ---- hearing from the others ----------------------------------------------------------------

    @SuppressWarnings("unchecked")
    void onHello(Packet p) {
        Map<String, Object> node = p.node == null ? Map.of() : p.node;
        boolean known = registry.peer(p.from) != null;
        if (!known && registry.hasLeft(p.from)) return; // a hello its leave overtook (or an answer it sent while closing)
        Registry.Peer peer = registry.add(p.from);
        peer.name = String.valueOf(node.getOrDefault("name", ""));
        peer.role = node.get("role") instanceof String r ? r : "";
        peer.host = node.get("host") instanceof String h ? NodeInfo.hostName(h) : "";
        peer.address = String.valueOf(node.getOrDefault("address", ""));
        peer.health = Health.fromWire((Map<?, ?>) node.get("health"));
        peer.lastSeenNanos = ctx.clock.nanoTime();
        Map<String, ServiceInfo> services = new LinkedHashMap<>();
        if (node.get("services") instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> m) {
                    ServiceInfo s = ServiceInfo.fromWire((Map<String, Object>) m, p.from);
                    services.put(s.path(), s);
                }
            }
        }
        Access access = ctx.options.security().access();
        if (access != null) {
            services.values().removeIf(s -> {
                boolean denied = !access.mayOffer(ctx.identities.of(p.from), s.path());
                if (denied && ctx.dropLines.allow("offer " + p.from + " " + s.path())) {
                    LOG.warn("Node {} does not register '{}' of node {} {}: the access rules do not let it offer that path",
                            ctx.nodeId, s.path(), p.from, ctx.identities.describe(p.from));
                }
                return denied;
            });
        }
        Map<String, ServiceInfo> before = peer.services;
        peer.services = Map.copyOf(services);
        if (!known) {
            LOG.info("Node {} found node {} ({}) at {}", ctx.nodeId, p.from, peer.name, peer.address);
            NodeInfo info = peer.info();
            notifyListeners(l -> l.nodeJoined(info));
            helloTo(p.from);
        } else if (Boolean.TRUE.equals(node.get("ask"))) {
            helloTo(p.from);
            outbound.resendTo(p.from); // its link was down: what it was asked meanwhile may not have reached it
        }
        outbound.heardFrom(p.from);
        Set<String> touched = new HashSet<>();
        for (ServiceInfo s : before.values()) {
            if (!services.containsKey(s.path())) {
                touched.add(s.path());
                notifyListeners(l -> l.serviceRemoved(s));
            }
        }
        for (ServiceInfo s : services.values()) {
            if (!s.equals(before.get(s.path()))) {
                touched.add(s.path());
                notifyListeners(l -> l.serviceAdded(s));
            }
        }
        changed(touched);
    }

    void onHeartbeat(Packet p) {
        outbound.heardFrom(p.from);
        Registry.Peer peer = registry.peer(p.from);
        if (peer == null) {
            // a node this one does not know (it forgot it, or its hello is still on the way): asked for its
            // hello, and to send again what it waits for here, at most once per deadAfter, not per heartbeat
            if (asked.allow(p.from)) ctx.send(p.from, ctx.codec.encode(hello(true), p.from));
            return;
        }
        long now = ctx.clock.nanoTime();
        peer.lastSeenNanos = now;
        peer.heartbeats.heartbeat(now);
        if (p.node != null) peer.health = Health.fromWire((Map<?, ?>) p.node.get("health"));
    }

    /**
     * The last leave of a node: it answered every call it ran ({@code drained}), so the calls still
     * waiting for it never ran and go to another instance, whatever their method.
     */
    void left(String id, boolean drained) {
        if (drained) outbound.neverRan(id);
        removePeer(id, false, NodeInfo.LEFT);
    }

    /**
     * Takes node {@code id} out of the live nodes: for good, or, {@code leaving}, only out of new
     * calls while it finishes the ones it has (it said it leaves; its last leave, its connection's
     * end or its silence removes it). It is reported gone once, at the first of these, whatever order
     * they come in: offline in the fleet, one log line, one {@link MeshListener#nodeLeft}, for
     * {@code reason}, or {@link NodeInfo#LEFT} once it said it leaves.
     */
    void removePeer(String id, boolean leaving, String reason) {
        Registry.Peer peer = leaving ? registry.peer(id) : registry.remove(id);
        if (peer == null) return;
        boolean reported = peer.leaving;
        peer.leaving = true; // out of nodes() and of new calls before anyone hears it went
        if (leaving || NodeInfo.LEFT.equals(reason)) registry.left(id);
        if (!leaving) {
            outbound.nodeLost(id);
            events.forget(id);
            ctx.identities.forget(id);
            if (pairKeys != null) pairKeys.forget(id);
        }
        changed(peer.services.keySet());
        if (!reported) reportGone(peer, leaving ? NodeInfo.LEFT : reason);
    }

    /** Node {@code peer} went for {@code reason}: offline in the fleet, in the log (a silent one was logged with how long it was silent) and to the listeners. */
    private void reportGone(Registry.Peer peer, String reason) {
        NodeInfo gone = peer.info().offline(reason);
        registry.wentOffline(gone, ctx.options.membership().offlineRetention());
        if (!NodeInfo.SILENT.equals(reason)) LOG.info("Node {} lost node {} ({}): {}", ctx.nodeId, peer.id, peer.name, reason);
        boolean graceful = NodeInfo.LEFT.equals(reason);
        notifyListeners(l -> l.nodeLeft(gone, graceful));
        for (ServiceInfo s : peer.services.values()) notifyListeners(l -> l.serviceRemoved(s));
    }

    /** After a registry change touching {@code paths}: their instances, their proxies, readiness. */
    private void changed(Set<String> paths) {
        registry.rebuild(paths);
        proxies.syncProxies(paths);
        checkReady();
    }

    // ---- readiness ------------------------------------------------------------------------------

    void checkReady() {
        if (ready.isDone() || !ctx.started.isDone()) return;
        if (missingDependencies().isEmpty()) ready.complete(null);
    }

    /** Fails readiness with what is missing when the node is not ready after the discovery timeout. */
    void giveUpAfterDiscoveryTimeout() {
        long timeout = ctx.options.membership().discoveryTimeout().toMillis();
        ctx.scheduler.schedule(() -> {
            if (!ready.isDone()) {
                ready.completeExceptionally(new Unavailable("The mesh was not ready after " + timeout + " ms: "
                        + String.join("; ", missingDependencies())));
            }
        }, timeout, TimeUnit.MILLISECONDS);
    }

    /** What keeps this node from being ready now: leaving, its transport down, a dependency short of instances. */
    dev.skein.mesh.Readiness readiness() {
        if (ctx.closed) return dev.skein.mesh.Readiness.of(List.of("the node left the mesh"));
        if (ctx.closing) return dev.skein.mesh.Readiness.of(List.of("the node is leaving the mesh"));
        int threshold = ctx.options.membership().scanErrorThreshold();
        if (threshold > 0 && scanErrors.get() >= threshold) {
            return dev.skein.mesh.Readiness.of(List.of("the node failed: its " + ctx.transport.scheme() + " transport has been down for "
                    + scanErrors.get() + " heartbeats in a row (scanErrorThreshold " + threshold + ")"));
        }
        return dev.skein.mesh.Readiness.of(missingDependencies());
    }

    /** The instances of the service at {@code path}: the remote ones and this node's own. */
    private int servingPath(String path) {
        return registry.instances(path).size() + (proxies.localService(path) != null ? 1 : 0);
    }

    /**
     * The other members whose role is {@code role}: happner counts a dependency by the members'
     * {@code serviceName}, this node not included ({@code historian: 2} on each of three historians
     * means "two others", so the three are ready together).
     */
    private int membersWithRole(String role) {
        int members = 0;
        for (Registry.Peer peer : registry.peers()) {
            if (!peer.leaving && role.equals(peer.role)) members++;
        }
        return members;
    }

    private List<String> missingDependencies() {
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Integer> dep : ctx.options.membership().dependencies().entrySet()) {
            int have = Math.max(servingPath(dep.getKey()), membersWithRole(dep.getKey()));
            if (have < dep.getValue()) {
                missing.add("'" + dep.getKey() + "' needs " + dep.getValue() + " instance(s), " + have + " up");
            }
        }
        if (!ctx.started.isDone() || ctx.started.isCompletedExceptionally()) missing.add("the " + ctx.transport.scheme() + " transport has not started"
                + (transportProblem == null ? "" : " (" + transportProblem + ")"));
        return missing;
    }
}
