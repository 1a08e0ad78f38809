package dev.skein.mesh.tcp;

import dev.skein.mesh.spi.LogLimiter;
import dev.skein.mesh.spi.MalformedFrameException;
import dev.skein.mesh.spi.Transport;
import dev.skein.mesh.spi.TransportContext;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The embedded transport: nodes talk over TCP (plain or TLS), framed by a 4-byte length, and find
 * each other with UDP multicast beacons and/or static seeds.
 *
 * <p>Each node sends only on connections it opened, and receives on connections others opened:
 * when a node learns of a peer (a beacon, a seed, or a peer that connected to it) it dials the
 * peer's advertised address. Every connection starts with a handshake frame naming the node,
 * its namespace and protocol version; a connection whose handshake does not fit is closed with one
 * log line, as is one that sends an oversized or malformed frame.
 */
public final class TcpTransport implements Transport {

    private static final Logger LOG = LoggerFactory.getLogger(TcpTransport.class);
    private static final AttributeKey<String> PEER = AttributeKey.valueOf("skein.peer");
    private static final AttributeKey<String> DIALED = AttributeKey.valueOf("skein.dialed");
    private static final AttributeKey<InboundFrames> INBOUND = AttributeKey.valueOf("skein.inbound");
    /** Version of the connection handshake; frames inside follow the packet protocol version. */
    static final int HANDSHAKE_VERSION = 1;

    private final TcpOptions options;
    private final Map<String, Channel> outbound = new ConcurrentHashMap<>();
    private final Map<String, String> addresses = new ConcurrentHashMap<>();
    private final Set<String> dialing = ConcurrentHashMap.newKeySet();
    private final Set<Channel> channels = ConcurrentHashMap.newKeySet();
    private volatile TransportContext context;
    private volatile EventLoopGroup boss;
    private volatile EventLoopGroup workers;
    private volatile EventLoopGroup discoveryLoop;
    /** Where large frames are read, off the event loops ({@link InboundFrames}). */
    private volatile java.util.concurrent.ExecutorService readers;
    private final EventLoops loops;
    private volatile Channel server;
    private volatile String advertised;
    /** Bytes that may wait for one peer before its senders wait: 64 MiB, or two frames of the largest size. */
    private volatile int outboundHigh = 64 << 20;
    /** How long a sender waits for a peer that reads nothing before that peer is disconnected. */
    static final java.time.Duration OUTBOUND_WAIT = java.time.Duration.ofSeconds(5);
    private volatile SslContext serverSsl;
    private volatile SslContext clientSsl;
    private volatile MulticastDiscovery discovery;
    private volatile ScheduledFuture<?> seeding;
    private volatile boolean closed;
    private final PendingHandshakes pending;
    private final LogLimiter refusals = new LogLimiter(java.time.Duration.ofMinutes(1));

    private TcpTransport(TcpOptions options) {
        this.options = options;
        this.loops = EventLoops.choose(options.nativeTransport());
        this.pending = new PendingHandshakes(options.maxPendingHandshakes(), options.maxPendingPerAddress());
    }

    /** A tcp transport with these options, not started; the mesh starts and closes it. */
    public static TcpTransport create(TcpOptions options) {
        return new TcpTransport(options);
    }

    /** A tcp transport with {@link TcpOptions#defaults()}: an ephemeral port and multicast discovery. */
    public static TcpTransport create() {

        return new TcpTransport(TcpOptions.defaults());
    }

    @Override
    public String scheme() {
        return "tcp";
    }

    @Override
    public String address() {
        String a = advertised;
        return a == null ? "" : (options.tls() != null ? "tls://" : "tcp://") + a;
    }

    /** Netty's I/O engine this transport runs on: "epoll" (native, Linux) or "nio" (the JDK's). */
    public String engine() {
        return loops.name();
    }

    /** The port this node listens on, once started. */
    public int port() {
        Channel s = server;
        return s == null ? -1 : ((InetSocketAddress) s.localAddress()).getPort();
    }

    @Override
    public CompletableFuture<Void> start(TransportContext context) {
        this.context = context;
        if (closed) return CompletableFuture.failedFuture(new IllegalStateException("this tcp transport is closed"));
        CompletableFuture<Void> started = new CompletableFuture<>();
        try {
            if (options.tls() != null) buildSsl();
            NetworkInterface nic = networkInterface();
            String bindHost = options.bindHost() != null ? options.bindHost()
                    : nic != null && nic.isLoopback() ? "127.0.0.1" : "0.0.0.0";
            boss = loops.group(1, "skein-tcp-accept");
            workers = loops.group(Math.min(4, Math.max(2, Runtime.getRuntime().availableProcessors())), "skein-tcp-io");
            readers = readerThreads();
            outboundHigh = Math.max(64 << 20, 2 * context.maxFrameSize());
            ServerBootstrap sb = new ServerBootstrap().group(boss, workers).channel(loops.serverChannel())
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, CHANNEL_WATER_MARK)
                    .childHandler(initializer(false, null));
            sb.bind(bindHost, options.port()).addListener((ChannelFuture f) -> {
                if (!f.isSuccess()) {
                    releaseAfterFailedStart();
                    started.completeExceptionally(new IOException("cannot listen on " + bindHost + ":" + options.port()
                            + ": " + f.cause().getMessage(), f.cause()));
                    return;
                }
                server = f.channel();
                int port = ((InetSocketAddress) server.localAddress()).getPort();
                advertised = host(advertisedHost(bindHost, nic)) + ":" + port;
                try {
                    if (options.multicast()) {
                        // multicast runs on a NIO loop of its own: the native transport's datagram channel is not used
                        discoveryLoop = !loops.isNative() ? workers : new NioEventLoopGroup(1, new DefaultThreadFactory("skein-tcp-discovery", true));
                        discovery = new MulticastDiscovery(options, nic, discoveryLoop, context, advertised, this::discovered);
                        discovery.start();
                    }
                } catch (IOException | RuntimeException e) {
                    releaseAfterFailedStart();
                    started.completeExceptionally(new IOException("multicast discovery on " + options.group() + ":"
                            + options.discoveryPort() + " failed: " + e.getMessage(), e));
                    return;
                }
                if (closed) { // closed while binding: close() found nothing to release yet
                    releaseAfterFailedStart();
                    started.completeExceptionally(new IllegalStateException("the tcp transport was closed while it started"));
                    return;
                }
                long every = options.beaconInterval().toMillis();
                seeding = context.scheduler().scheduleWithFixedDelay(this::dialSeeds, 0, every, TimeUnit.MILLISECONDS);
                started.complete(null);
            });
        } catch (IOException | RuntimeException e) {
            releaseAfterFailedStart();
            started.completeExceptionally(e);
        }
        return started;
    }

    /** Transport rule 10: a failed start leaves nothing open, and start may be called again. Never blocks (it may run on an event loop). */
    private void releaseAfterFailedStart() {
        if (discovery != null) discovery.close();
        if (server != null) server.close();
        if (workers != null) workers.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        if (boss != null) boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        if (discoveryLoop != null && discoveryLoop != workers) discoveryLoop.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        if (readers != null) readers.shutdown();
        readers = null;
        discoveryLoop = null;
        discovery = null;
        server = null;
        workers = null;
        boss = null;
    }

    // ---- sending ------------------------------------------------------------------------------

    @Override
    public boolean send(String nodeId, byte[] frame) {
        Channel ch = outbound.get(nodeId);
        if (ch == null || !ch.isActive()) return false;
        if (frame.length > context.maxFrameSize()) {
            LOG.warn("Node {} refused to send a frame of {} bytes (maximum {})", context.nodeId(), frame.length, context.maxFrameSize());
            return true;
        }
        write(ch, frame, true);
        return true;
    }

    @Override
    public void broadcast(byte[] frame) {
        if (frame.length > context.maxFrameSize()) {
            LOG.warn("Node {} refused to broadcast a frame of {} bytes (maximum {})", context.nodeId(), frame.length, context.maxFrameSize());
            return;
        }
        for (Channel ch : outbound.values()) {
            if (ch.isActive()) write(ch, frame, false);
        }
    }

    /** Heartbeats go ahead of every frame still queued for a peer, and never wait for a slow one. */
    @Override
    public void broadcastHeartbeat(byte[] frame) {
        for (Channel ch : outbound.values()) {
            if (ch.isActive()) OutboundFrames.of(ch).addUrgent(frame);
        }
    }

    /**
     * Writes a frame. While more than the high-water mark waits for a peer that reads slower than
     * this node writes, a sender other than the connection's own thread waits (backpressure: an
     * emitter slows to its slowest reader); a peer that takes nothing for {@link #OUTBOUND_WAIT}
     * is disconnected as too slow, and its calls are retried or failed as for any lost peer.
     */
    private void write(Channel ch, byte[] frame, boolean forThisPeer) {
        OutboundFrames queue = OutboundFrames.of(ch);
        if (queue.queuedBytes(forThisPeer) > outboundHigh && mayWait()) {
            long deadline = System.nanoTime() + OUTBOUND_WAIT.toNanos();
            long drained = queue.drainedBytes();
            while (queue.queuedBytes(forThisPeer) > outboundHigh && ch.isActive()) {
                long now = queue.drainedBytes();
                if (now > drained) { // the peer reads, slowly: it is not stuck
                    drained = now;
                    deadline = System.nanoTime() + OUTBOUND_WAIT.toNanos();
                }
                if (System.nanoTime() > deadline) {
                    LOG.warn("Node {} closes its connection to {}: it read nothing for {} s while {} MiB waited for it",
                            context.nodeId(), ch.remoteAddress(), OUTBOUND_WAIT.toSeconds(), outboundHigh >> 20);
                    ch.close();
                    return;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(200_000);
            }
        }
        queue.add(frame, forThisPeer);
    }

    /**
     * Netty's buffer per connection: small, so frames wait in {@link OutboundFrames} (answers first)
     * rather than behind it; the queue drains into it only while it is writable, and senders wait
     * on the queue's size ({@code outboundHigh}).
     */
    static final WriteBufferWaterMark CHANNEL_WATER_MARK = new WriteBufferWaterMark(128 * 1024, 256 * 1024);

    /**
     * Whether the writing thread may wait for a slow peer: not Netty's own threads (they serve every
     * connection) and not the mesh's timer (it sends the heartbeats every peer waits for).
     */
    private static boolean mayWait() {
        Thread t = Thread.currentThread();
        return !(t instanceof io.netty.util.concurrent.FastThreadLocalThread) && !t.getName().startsWith("skein-mesh-timer");
    }

    /**
     * Completes once every I/O thread has run a task queued now, and then gone once more around its
     * loop (a read, a task), and the large frames read so far off the loops are delivered.
     */
    @Override
    public CompletableFuture<Void> caughtUp() {
        EventLoopGroup group = workers;
        if (group == null || closed) return CompletableFuture.completedFuture(null);
        List<CompletableFuture<Void>> rounds = new ArrayList<>();
        for (io.netty.util.concurrent.EventExecutor loop : group) {
            CompletableFuture<Void> round = new CompletableFuture<>();
            try {
                loop.execute(() -> loop.execute(() -> round.complete(null)));
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                round.complete(null);
            }
            rounds.add(round);
        }
        for (Channel ch : channels) {
            InboundFrames frames = ch.attr(INBOUND).get();
            if (frames != null) rounds.add(frames.delivered());
        }
        return CompletableFuture.allOf(rounds.toArray(CompletableFuture[]::new));
    }

    // ---- connections --------------------------------------------------------------------------

    /** Threads that read large frames off the event loops: made as needed, gone after 30 s idle. */
    private static java.util.concurrent.ExecutorService readerThreads() {
        java.util.concurrent.ThreadPoolExecutor pool = new java.util.concurrent.ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
                new java.util.concurrent.SynchronousQueue<>(), new DefaultThreadFactory("skein-tcp-read", true));
        return pool;
    }

    private ChannelInitializer<SocketChannel> initializer(boolean client, InetSocketAddress remote) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ChannelPipeline p = ch.pipeline();
                if (client && clientSsl != null) {
                    p.addLast(clientSsl.newHandler(ch.alloc(), remote.getHostString(), remote.getPort()));
                } else if (!client && serverSsl != null) {
                    p.addLast(serverSsl.newHandler(ch.alloc()));
                }
                p.addLast(new FlushConsolidationHandler(256, false)); // frames queued by OutboundFrames flush once per drain
                p.addLast(new ActivityWatch(PEER, context.listener()));
                p.addLast(new FrameDecoder(Handshake.MAX_FRAME));
                p.addLast(new Connection(client));
            }
        };
    }

    /**
     * Reads frames of one connection: the handshake first ({@link Handshake}), then packets for the
     * mesh. A connection a stranger opened is counted as pending until its handshake is through,
     * and closed if that takes longer than the handshake timeout.
     */
    private final class Connection extends SimpleChannelInboundHandler<ByteBuf> {
        private final boolean client;
        private Handshake handshake;
        private InboundFrames frames;
        private String pendingFrom;
        private io.netty.util.concurrent.ScheduledFuture<?> deadline;

        Connection(boolean client) {
            this.client = client;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            Channel ch = ctx.channel();
            if (!client) {
                String from = remoteHost(ch);
                if (!pending.tryAcquire(from)) {
                    if (refusals.allow(from + " busy")) {
                        LOG.warn("Node {} refuses connections from {}: {} handshakes are pending (at most {} in all, {} per address)",
                                context.nodeId(), from, pending.pending(), options.maxPendingHandshakes(), options.maxPendingPerAddress());
                    }
                    ch.close();
                    return;
                }
                pendingFrom = from;
            }
            channels.add(ch);
            long timeout = options.handshakeTimeout().toMillis();
            deadline = ctx.executor().schedule(() -> {
                if (ch.attr(PEER).get() == null) {
                    LOG.debug("Node {} closes a connection from {}: no handshake within {} ms", context.nodeId(), ch.remoteAddress(), timeout);
                    ch.close();
                }
            }, timeout, TimeUnit.MILLISECONDS);
            handshake = new Handshake(context, advertised, client);
            write(ch, handshake.hello(), true);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
            byte[] frame = new byte[msg.readableBytes()];
            msg.readBytes(frame);
            String peer = ctx.channel().attr(PEER).get();
            if (peer == null) {
                handshake(ctx, frame);
                return;
            }
            if (frames == null) {
                frames = new InboundFrames(ctx.channel(), readers, f -> deliver(ctx, peer, f));
                ctx.channel().attr(INBOUND).set(frames);
            }
            frames.accept(frame);
        }

        private void deliver(ChannelHandlerContext ctx, String peer, byte[] frame) {
            try {
                context.listener().onFrameFrom(peer, frame);
            } catch (MalformedFrameException e) {
                LOG.warn("Node {} closed the connection from {} ({}): malformed frame: {}", context.nodeId(), peer,
                        ctx.channel().remoteAddress(), e.getMessage());
                ctx.close();
            }
        }

        private void handshake(ChannelHandlerContext ctx, byte[] frame) {
            Channel ch = ctx.channel();
            Handshake.Step step = handshake == null ? new Handshake.Refuse("refused", "the connection was refused", false) : handshake.receive(frame);
            if (step instanceof Handshake.Reply reply) {
                write(ch, reply.frame(), true);
            } else if (step instanceof Handshake.Refuse refuse) {
                String line = "Node {} closed a connection {} {}: {}";
                String direction = client ? "to" : "from";
                if (refuse.warn() && refusals.allow(remoteHost(ch) + " " + refuse.kind())) {
                    LOG.warn(line, context.nodeId(), direction, ch.remoteAddress(), refuse.reason());
                } else {
                    LOG.debug(line, context.nodeId(), direction, ch.remoteAddress(), refuse.reason());
                }
                ch.close();
            } else if (step instanceof Handshake.Admit admit) {
                endPending();
                ctx.pipeline().get(FrameDecoder.class).admit(context.maxFrameSize());
                admitted(ch, admit.peer(), admit.address(), client);
            }
        }

        private void endPending() {
            if (deadline != null) deadline.cancel(false);
            if (pendingFrom != null) {
                pending.release(pendingFrom);
                pendingFrom = null;
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable()) OutboundFrames.of(ctx.channel()).writable();
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (ctx.channel().attr(PEER).get() == null && !client) {
                // a stranger: one line per address and minute, however many connections it opens
                if (!(cause instanceof IOException) && refusals.allow(remoteHost(ctx.channel()) + " before handshake")) {
                    LOG.warn("Node {} closed a connection from {} before its handshake: {}", context.nodeId(),
                            ctx.channel().remoteAddress(), cause.getMessage());
                }
            } else if (cause instanceof TooLongFrameException) {
                LOG.warn("Node {} closed the connection from {}: {}", context.nodeId(), ctx.channel().remoteAddress(), cause.getMessage());
            } else if (!(cause instanceof IOException)) {
                LOG.warn("Node {} closed the connection from {}: {}", context.nodeId(), ctx.channel().remoteAddress(), cause.toString());
            } else {
                LOG.debug("Connection {} failed", ctx.channel().remoteAddress(), cause);
            }
            ctx.close();
        }

        /**
         * A peer is lost when neither of its connections is left: what it sent on the connection it
         * opened (a LEAVE, say) is read before that connection's end is seen. When only the
         * connection this node opened broke, it dials the peer again.
         */
        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            endPending();
            channels.remove(ctx.channel());
            String dialed = ctx.channel().attr(DIALED).get();
            if (dialed != null) dialing.remove(dialed);
            String peer = ctx.channel().attr(PEER).get();
            if (peer == null || closed) return;
            if (frames == null) lost(ctx.channel(), peer, dialed);
            else frames.then(() -> lost(ctx.channel(), peer, dialed)); // after the frames read before the end
        }

        private void lost(Channel ch, String peer, String dialed) {
            if (closed) return;
            boolean wasOutbound = outbound.remove(peer, ch);
            boolean sending = active(outbound.get(peer));
            boolean receiving = receiving(peer);
            if (!wasOutbound && dialed == null && !receiving) context.listener().onPeerIdentity(peer, Set.of());
            if (!sending && !receiving) {
                addresses.remove(peer);
                context.listener().onPeerLost(peer);
            } else if (wasOutbound && receiving) {
                String addr = addresses.get(peer);
                if (addr != null) dial(TcpOptions.parseAddress(addr));
            }
        }
    }

    private static String remoteHost(Channel ch) {
        return ch.remoteAddress() instanceof InetSocketAddress a && a.getAddress() != null ? a.getAddress().getHostAddress()
                : String.valueOf(ch.remoteAddress());
    }

    private static boolean active(Channel ch) {
        return ch != null && ch.isActive();
    }

    /** True while a connection that {@code peer} opened to this node is up. */
    private boolean receiving(String peer) {
        Channel sending = outbound.get(peer);
        for (Channel ch : channels) {
            if (ch != sending && ch.isActive() && peer.equals(ch.attr(PEER).get()) && ch.attr(DIALED).get() == null) return true;
        }
        return false;
    }

    /**
     * The handshake of {@code ch} is through: it carries {@code peer}'s packets from now on. A node
     * opens one connection to each peer, so a second inbound connection in the name of a peer
     * whose connection is up is an impostor's (or a redial racing the old connection's end, which
     * the peer retries): it is refused, and cannot take over the id or its identities.
     */
    private void admitted(Channel ch, String peer, String addr, boolean client) {
        if (!client) {
            if (receiving(peer)) {
                if (refusals.allow(remoteHost(ch) + " duplicate")) {
                    LOG.warn("Node {} closed a connection from {}: node {} is already connected", context.nodeId(), ch.remoteAddress(),
                            Handshake.printable(peer));
                }
                ch.close();
                return;
            }
            // the peer's packets arrive on the connection it opened: its certificate there is its identity
            context.listener().onPeerIdentity(peer, CertificateIdentity.of(ch));
        }
        ch.attr(PEER).set(peer);
        if (client) {
            String dialed = ch.attr(DIALED).get();
            if (dialed != null) dialing.remove(dialed);
            if (outbound.putIfAbsent(peer, ch) != null) {
                ch.close();
                return;
            }
            context.listener().onPeerConnected(peer);
        } else {
            if (addr != null) addresses.put(peer, addr);
            discovered(peer, addr);
        }
    }

    /** A node was heard of (beacon or inbound connection): dial it unless already connected. */
    private void discovered(String peer, String addr) {
        if (closed || peer.equals(context.nodeId()) || outbound.containsKey(peer) || addr == null || addr.equals("null")) return;
        dial(TcpOptions.parseAddress(addr));
    }

    private void dialSeeds() {
        for (InetSocketAddress seed : options.seeds()) {
            String key = seed.getHostString() + ":" + seed.getPort();
            if (key.equals(advertised)) continue;
            boolean connected = false;
            for (Channel ch : outbound.values()) {
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

    private void dial(InetSocketAddress address) {
        if (closed) return;
        String key = address.getHostString() + ":" + address.getPort();
        if (!dialing.add(key)) return;
        InetSocketAddress resolved = address.isUnresolved() ? new InetSocketAddress(address.getHostString(), address.getPort()) : address;
        new Bootstrap().group(workers).channel(loops.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, CHANNEL_WATER_MARK)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 3000)
                .handler(initializer(true, resolved))
                .attr(DIALED, key)
                .connect(resolved)
                .addListener((ChannelFuture f) -> {
                    // on success the key is released by the handshake or the channel's end: no second dial meanwhile
                    if (!f.isSuccess()) {
                        dialing.remove(key);
                        LOG.debug("Node {} could not connect to {}: {}", context.nodeId(), key, f.cause().toString());
                    }
                });
    }

    // ---- addresses and TLS --------------------------------------------------------------------

    private NetworkInterface networkInterface() throws SocketException {
        String name = options.networkInterface();
        if (name == null || name.isBlank()) return null;
        NetworkInterface nic = NetworkInterface.getByName(name);
        if (nic == null) {
            throw new SocketException("network interface '" + name + "' does not exist; known: " + Collections.list(
                    NetworkInterface.getNetworkInterfaces()).stream().map(NetworkInterface::getName).toList());
        }
        return nic;
    }

    private String advertisedHost(String bindHost, NetworkInterface nic) throws SocketException {
        if (options.advertisedHost() != null) return options.advertisedHost();
        if (!bindHost.equals("0.0.0.0") && !bindHost.equals("::")) return bindHost;
        if (nic != null) {
            for (InetAddress a : Collections.list(nic.getInetAddresses())) if (a instanceof Inet4Address) return a.getHostAddress();
        }
        for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!n.isUp() || n.isLoopback() || !n.supportsMulticast()) continue;
            for (InetAddress a : Collections.list(n.getInetAddresses())) if (a instanceof Inet4Address) return a.getHostAddress();
        }
        return "127.0.0.1";
    }

    private static String host(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private void buildSsl() throws IOException {
        TcpOptions.Tls tls = options.tls();
        serverSsl = SslContextBuilder.forServer(tls.certificate().toFile(), tls.privateKey().toFile())
                .trustManager(tls.trusted().toFile())
                .clientAuth(tls.mutual() ? ClientAuth.REQUIRE : ClientAuth.NONE)
                .build();
        SslContextBuilder client = SslContextBuilder.forClient().trustManager(tls.trusted().toFile());
        if (tls.mutual()) client.keyManager(tls.certificate().toFile(), tls.privateKey().toFile());
        clientSsl = client.build();
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (seeding != null) seeding.cancel(false);
        if (discovery != null) discovery.close();
        if (server != null) server.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        for (Channel ch : channels) ch.close();
        for (Channel ch : outbound.values()) ch.close();
        if (workers != null) workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        if (readers != null) readers.shutdown();
        if (boss != null) boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        if (discoveryLoop != null && discoveryLoop != workers) {
            discoveryLoop.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }
}
