package dev.skein.mesh.internal;

import dev.skein.core.App;
import dev.skein.mesh.Mesh;
import dev.skein.mesh.ServiceInfo;
import dev.skein.mesh.spi.Packet;
import dev.skein.mesh.spi.Transport;
import dev.skein.mesh.spi.TransportContext;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The parts of one node, wired as {@link MeshNode} wires them, for the unit tests of one part: on a
 * {@link ManualClock}, with an {@link InlineExecutor} as the app's executor (what a part hands on
 * runs at once, on the test's thread) and a transport that keeps what the parts send. The test
 * hands the parts their packets itself.
 */
final class NodeParts implements AutoCloseable {

    static final JacksonCodec CODEC = JacksonCodec.json();

    final ManualClock clock = new ManualClock();
    final InlineExecutor executor = new InlineExecutor();
    final SentFrames transport = new SentFrames();
    final App app;
    final NodeContext ctx;
    final Registry registry;
    final ProxyBinder proxies;
    final OutboundCalls outbound;
    final InboundCalls inbound;
    final EventRelay events;
    final Membership membership;

    /** The parts of node {@code nodeId} (its app named after the part before the first '-') with the options of {@code mesh}. */
    NodeParts(String nodeId, Mesh.Builder mesh) {
        this.app = App.builder().name(nodeId.split("-")[0]).executor(executor).build();
        this.ctx = new NodeContext(nodeId, app, mesh.transport("local://").build().options(), transport, CODEC, clock);
        this.registry = new Registry(clock);
        this.proxies = new ProxyBinder(ctx, null, registry);
        this.outbound = new OutboundCalls(ctx, registry, new QueueRoute(ctx, proxies, transport));
        this.inbound = new InboundCalls(ctx, proxies, false);
        this.events = new EventRelay(ctx, registry, proxies);
        this.membership = new Membership(ctx, registry, inbound, outbound, events, proxies, null);
        ctx.started.complete(null);
    }

    /** Node {@code node} offers {@code path} with {@code methods}, as if its hello had come. */
    void peerOffers(String node, String path, String... methods) {
        Registry.Peer peer = registry.add(node);
        Map<String, ServiceInfo> services = new HashMap<>(peer.services);
        services.put(path, new ServiceInfo(path, node, List.of(methods), List.of(), "1.0.0", Map.of()));
        peer.services = Map.copyOf(services);
        registry.rebuild(Set.of(path));
    }

    @Override
    public void close() {
        ctx.closed = true;
        ctx.scheduler.shutdownNow();
        app.close();
    }

    /** A frame a part sent: to one node, or to every node ({@code to} null). */
    record Sent(String to, Packet packet) {
    }

    /** A transport that reaches every node the test has not made unreachable, and keeps what was sent, decoded. */
    static final class SentFrames implements Transport {
        final List<Sent> sent = new ArrayList<>();
        final Set<String> unreachable = new HashSet<>();
        /** What {@link #caughtUp()} answers: done at once unless a test holds it. */
        CompletableFuture<Void> caughtUp = CompletableFuture.completedFuture(null);

        @Override
        public CompletableFuture<Void> caughtUp() {
            return caughtUp;
        }

        @Override
        public String scheme() {
            return "test";
        }

        @Override
        public CompletableFuture<Void> start(TransportContext context) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public boolean send(String nodeId, byte[] frame) {
            if (unreachable.contains(nodeId)) return false;
            sent.add(new Sent(nodeId, decode(frame)));
            return true;
        }

        @Override
        public void broadcast(byte[] frame) {
            sent.add(new Sent(null, decode(frame)));
        }

        @Override
        public void close() {
        }

        private static Packet decode(byte[] frame) {
            try {
                return CODEC.decode(frame);
            } catch (dev.skein.mesh.spi.MalformedFrameException e) {
                throw new AssertionError("a part sent a frame its codec cannot read", e);
            }
        }

        /** The packets of {@code type} sent so far, in order. */
        List<Sent> of(Packet.Type type) {
            return sent.stream().filter(s -> s.packet().type == type).toList();
        }

        /** The last packet of {@code type} sent. */
        Sent last(Packet.Type type) {
            List<Sent> all = of(type);
            if (all.isEmpty()) throw new AssertionError("no " + type + " was sent; sent: " + sent);
            return all.get(all.size() - 1);
        }
    }
}
