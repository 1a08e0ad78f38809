package dev.skein.mesh.tcp;

import dev.skein.mesh.spi.TransportContext;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Opens this node's connections: to a peer it heard of (a beacon, a peer that dialled it), to the
 * seeds it is not yet connected to, and again to a peer whose connection broke. One dial per
 * address at a time. Thread-safe.
 */
final class Dialler {

    private static final Logger LOG = LoggerFactory.getLogger(TcpTransport.class);

    private final TransportContext context;
    private final TcpOptions options;
    private final Connections connections;
    private final EventLoopGroup workers;
    private final EventLoops loops;
    /** The pipeline of a connection dialled to an address. */
    private final Function<InetSocketAddress, ChannelHandler> initializer;
    private final BooleanSupplier closed;
    private final Set<String> dialing = ConcurrentHashMap.newKeySet();

    Dialler(TransportContext context, TcpOptions options, Connections connections, EventLoopGroup workers, EventLoops loops,
            Function<InetSocketAddress, ChannelHandler> initializer, BooleanSupplier closed) {
        this.context = context;
        this.options = options;
        this.connections = connections;
        this.workers = workers;
        this.loops = loops;
        this.initializer = initializer;
        this.closed = closed;
    }

    /** A node was heard of (a beacon): dial it unless already connected. */
    void discovered(String peer, String addr) {
        discovered(peer, addr, null);
    }

    /**
     * A node was heard of, on {@code inbound} when it dialled this node (else null): dial it unless
     * already connected, on the loop of the connection it opened, so that an answer read there and a
     * call sent from there ({@code directCallbacks}) stay on one thread.
     */
    void discovered(String peer, String addr, io.netty.channel.EventLoop inbound) {
        if (closed.getAsBoolean() || peer.equals(context.nodeId()) || connections.outbound.containsKey(peer) || addr == null
                || addr.equals("null")) {
            return;
        }
        dial(TcpOptions.parseAddress(addr), inbound);
    }

    /** Dials each seed but this node's own address ({@code advertised}) that no connection of this node goes to. */
    void dialSeeds(String advertised) {
        for (InetSocketAddress seed : options.seeds()) {
            String key = seed.getHostString() + ":" + seed.getPort();
            if (key.equals(advertised)) continue;
            boolean connected = false;
            for (Channel ch : connections.outbound.values()) {
                InetSocketAddress remote = (InetSocketAddress) ch.remoteAddress();
                if (remote != null && remote.getPort() == seed.getPort()
                        && (remote.getHostString().equals(seed.getHostString()) || remote.getAddress() != null
                        && remote.getAddress().getHostAddress().equals(seed.getHostString()))) {
                    connected = true;
                }
            }
            if (!connected) dial(seed);
        }
    }

    /** The dial of {@code key} ({@code host:port}) is over (its handshake went through, or its channel ended): it may be dialled again. */
    void ended(String key) {
        if (key != null) dialing.remove(key);
    }

    void dial(InetSocketAddress address) {
        dial(address, null);
    }

    /** Dials {@code address} on {@code loop}, or on any loop of the node's when null. */
    void dial(InetSocketAddress address, io.netty.channel.EventLoop loop) {
        if (closed.getAsBoolean()) return;
        String key = address.getHostString() + ":" + address.getPort();
        if (!dialing.add(key)) return;
        InetSocketAddress resolved = address.isUnresolved() ? new InetSocketAddress(address.getHostString(), address.getPort()) : address;
        new Bootstrap().group(loop != null ? loop : workers).channel(loops.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_SNDBUF, TcpTransport.SOCKET_BUFFER)
                .option(ChannelOption.SO_RCVBUF, TcpTransport.SOCKET_BUFFER)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, TcpTransport.CHANNEL_WATER_MARK)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 3000)
                .handler(initializer.apply(resolved))
                .attr(Connections.DIALED, key)
                .connect(resolved)
                .addListener((ChannelFuture f) -> {
                    // on success the key is released by the handshake or the channel's end: no second dial meanwhile
                    if (!f.isSuccess()) {
                        dialing.remove(key);
                        LOG.debug("Node {} could not connect to {}: {}", context.nodeId(), key, f.cause().toString());
                    }
                });
    }
}
