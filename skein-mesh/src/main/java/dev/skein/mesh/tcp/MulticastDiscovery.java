package dev.skein.mesh.tcp;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Zero-configuration discovery: every node sends a small beacon (namespace, node id, TCP address)
 * to a multicast group on one interface, at start and then every beacon interval, with TTL 1 so it
 * never leaves the LAN; nodes of the same namespace that hear it connect to the sender.
 */
final class MulticastDiscovery implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MulticastDiscovery.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TcpOptions options;
    private final NetworkInterface nic;
    private final EventLoopGroup loop;
    private final String namespace;
    private final String nodeId;
    private final byte[] beacon;
    private final BiConsumer<String, String> heard;
    private final InetSocketAddress groupAddress;
    private DatagramChannel channel;
    private ScheduledFuture<?> beating;

    MulticastDiscovery(TcpOptions options, NetworkInterface nic, EventLoopGroup loop, String namespace, String nodeId,
                       String address, BiConsumer<String, String> heard) throws IOException {
        this.options = options;
        this.nic = nic != null ? nic : defaultInterface();
        this.loop = loop;
        this.namespace = namespace;
        this.nodeId = nodeId;
        this.heard = heard;
        this.groupAddress = new InetSocketAddress(InetAddress.getByName(options.group()), options.discoveryPort());
        if (!groupAddress.getAddress().isMulticastAddress()) {
            throw new IllegalArgumentException("discovery group " + options.group() + " is not a multicast address");
        }
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("skein", TcpTransport.HANDSHAKE_VERSION);
        b.put("ns", namespace);
        b.put("node", nodeId);
        b.put("addr", address);
        this.beacon = JSON.writeValueAsBytes(b);
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
            channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(beacon), groupAddress), channel.voidPromise());
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
        if (!namespace.equals(b.get("ns")) || nodeId.equals(b.get("node")) || b.get("node") == null || b.get("addr") == null) return;
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
