package dev.skein.mesh.tcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skein.mesh.MeshCredentials;
import dev.skein.mesh.spi.MeshAuthenticator;
import dev.skein.mesh.spi.TransportContext;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.InternetProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Zero-configuration discovery: every node sends a small beacon (namespace, node id, TCP address)
 * to a multicast group on one interface, at start and then every beacon interval, with TTL 1 so it
 * never leaves the LAN; nodes of the same namespace that hear it connect to the sender. With mesh
 * credentials beacons are signed and replay-protected ({@link #beacon()}), and a node dials only
 * the senders of authentic ones (the connection's handshake then checks the peer again).
 */
final class MulticastDiscovery implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MulticastDiscovery.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A beacon whose clock is further than this from the receiver's is ignored (with credentials). */
    static final java.time.Duration MAX_BEACON_AGE = java.time.Duration.ofMinutes(2);
    private static final String PURPOSE = "beacon";

    private final TcpOptions options;
    private final NetworkInterface nic;
    private final EventLoopGroup loop;
    private final String namespace;
    private final TransportContext context;
    private final String nodeId;
    private final String address;
    private final MeshAuthenticator auth;
    /** With credentials: the clock of the newest authentic beacon heard from each node. */
    private final Map<String, Long> heardAt = new ConcurrentHashMap<>();
    private volatile long lastSent;
    private final BiConsumer<String, String> heard;
    private final InetSocketAddress groupAddress;
    private DatagramChannel channel;
    private ScheduledFuture<?> beating;

    MulticastDiscovery(TcpOptions options, NetworkInterface nic, EventLoopGroup loop, TransportContext context,
                       String address, BiConsumer<String, String> heard) throws IOException {
        this.options = options;
        this.nic = nic != null ? nic : defaultInterface();
        this.loop = loop;
        this.namespace = context.namespace();
        this.context = context;
        this.nodeId = context.nodeId();
        this.address = address;
        this.auth = context.authenticator();
        this.heard = heard;
        this.groupAddress = new InetSocketAddress(InetAddress.getByName(options.group()), options.discoveryPort());
        if (!groupAddress.getAddress().isMulticastAddress()) {
            throw new IllegalArgumentException("discovery group " + options.group() + " is not a multicast address");
        }
        if (auth == null && !this.nic.isLoopback()) {
            LOG.warn("Node {} discovers peers on {} without mesh credentials: anyone on that network can join namespace '{}', "
                    + "call its services and hear its events. To close it, give every node a mesh secret "
                    + "(Mesh.builder().credentials(..), or --secret-file / ${} in the CLI); see docs/SECURITY.md",
                    nodeId, this.nic.getName(), namespace, MeshCredentials.ENVIRONMENT_VARIABLE);
        }
    }

    /**
     * The beacon to send now: namespace, node id and address; with credentials also the sender's
     * clock, its key id and a MAC over all of them, so that a beacon cannot be forged, altered,
     * or replayed once it is older than {@link #MAX_BEACON_AGE} or older than one already heard.
     */
    private byte[] beacon() throws IOException {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("skein", TcpTransport.HANDSHAKE_VERSION);
        b.put("ns", namespace);
        b.put("node", nodeId);
        b.put("addr", address);
        if (auth != null) {
            long ts = Math.max(System.currentTimeMillis(), lastSent + 1);
            lastSent = ts;
            b.put("ts", ts);
            b.put("kid", auth.keyId());
            b.put("mac", Base64.getEncoder().encodeToString(auth.prove(PURPOSE, signed(namespace, nodeId, address, ts))));
        }
        return JSON.writeValueAsBytes(b);
    }

    private static byte[] signed(String ns, String node, String addr, long ts) {
        return String.join("\n", "skein beacon v" + TcpTransport.HANDSHAKE_VERSION, ns, node, String.valueOf(addr), Long.toString(ts))
                .getBytes(StandardCharsets.UTF_8);
    }

    /** With credentials: whether beacon {@code b} carries a MAC of its fields made with credentials this node accepts. */
    private boolean signedWithMeshCredentials(Map<?, ?> b) {
        if (!(b.get("ts") instanceof Number ts) || !(b.get("kid") instanceof Number kid) || !(b.get("mac") instanceof String mac)) {
            return false;
        }
        byte[] proof;
        try {
            proof = Base64.getDecoder().decode(mac);
        } catch (IllegalArgumentException e) {
            return false;
        }
        String node = String.valueOf(b.get("node"));
        return auth.verify(PURPOSE, kid.intValue(), signed(namespace, node, String.valueOf(b.get("addr")), ts.longValue()), proof);
    }

    /** With credentials: whether the authentic beacon {@code b} is fresh and newer than any heard from its node. */
    private boolean fresh(Map<?, ?> b) {
        long ts = ((Number) b.get("ts")).longValue();
        String node = String.valueOf(b.get("node"));
        long now = System.currentTimeMillis();
        if (Math.abs(now - ts) > MAX_BEACON_AGE.toMillis()) return false;
        if (heardAt.size() > 4096) heardAt.values().removeIf(t -> now - t > MAX_BEACON_AGE.toMillis());
        boolean[] newer = {false};
        heardAt.compute(node, (n, before) -> {
            if (before != null && before >= ts) return before;
            newer[0] = true;
            return ts;
        });
        return newer[0];
    }

    void start() throws IOException {
        Bootstrap bootstrap = new Bootstrap().group(loop)
                .channelFactory(() -> new NioDatagramChannel(InternetProtocolFamily.IPv4))
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.IP_MULTICAST_IF, nic)
                .option(ChannelOption.IP_MULTICAST_TTL, 1)
                .option(ChannelOption.IP_MULTICAST_LOOP_DISABLED, false)
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                        receive(ByteBufUtil.getBytes(packet.content()));
                    }
                });
        try {
            channel = (DatagramChannel) bootstrap.bind(new InetSocketAddress(options.discoveryPort())).sync().channel();
            channel.joinGroup(groupAddress, nic).sync();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while joining " + groupAddress, e);
        } catch (RuntimeException e) {
            close();
            throw new IOException("cannot join " + groupAddress + " on " + nic.getName() + ": " + e.getMessage(), e);
        }
        long every = options.beaconInterval().toMillis();
        beating = channel.eventLoop().scheduleWithFixedDelay(this::send, 0, every, TimeUnit.MILLISECONDS);
    }

    private void send() {
        if (channel != null && channel.isActive()) {
            try {
                channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(beacon()), groupAddress), channel.voidPromise());
            } catch (IOException e) {
                LOG.warn("Node {} could not write its beacon: {}", nodeId, e.toString());
            }
        }
    }

    private void receive(byte[] bytes) {
        Map<?, ?> b;
        try {
            b = JSON.readValue(bytes, Map.class);
        } catch (IOException e) {
            LOG.debug("Ignored a datagram that is not a Skein beacon");
            return;
        }
        if (!(b.get("skein") instanceof Number n) || n.intValue() != TcpTransport.HANDSHAKE_VERSION) return;
        if (!namespace.equals(b.get("ns"))) {
            if (b.get("ns") instanceof String other) context.listener().onOtherNamespace(Handshake.printable(other));
            return;
        }
        if (nodeId.equals(b.get("node")) || b.get("node") == null || b.get("addr") == null) return;
        if (auth != null && !signedWithMeshCredentials(b)) {
            String node = Handshake.printable(b.get("node"));
            context.listener().onPeerRefused(node, "node " + node + " sends beacons " + (b.get("mac") == null
                    ? "without mesh credentials" : "signed with a mesh secret or key this node does not accept"));
            LOG.debug("Node {} ignored a beacon of node {} that is not authentic", nodeId, node);
            return;
        }
        if (auth != null && !fresh(b)) {
            LOG.debug("Node {} ignored a beacon of node {} that is not fresh, or replayed", nodeId, b.get("node"));
            return;
        }
        heard.accept(String.valueOf(b.get("node")), String.valueOf(b.get("addr")));
    }

    /** The first interface that is up, not loopback and multicast-capable; loopback if there is none. */
    private static NetworkInterface defaultInterface() throws SocketException {
        NetworkInterface loopback = null;
        for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!n.isUp()) continue;
            if (n.isLoopback()) loopback = n;
            else if (n.supportsMulticast()) return n;
        }
        if (loopback == null) throw new SocketException("no network interface is up for multicast discovery");
        return loopback;
    }

    @Override
    public void close() {
        if (beating != null) beating.cancel(false);
        if (channel != null) {
            channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
    }
}
