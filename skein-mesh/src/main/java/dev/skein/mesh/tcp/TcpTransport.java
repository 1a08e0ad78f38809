package dev.skein.mesh.tcp;

import dev.skein.mesh.spi.LogLimiter;
import dev.skein.mesh.spi.Transport;
import dev.skein.mesh.spi.TransportContext;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
    /** Version of the connection handshake; frames inside follow the packet protocol version. */
    static final int HANDSHAKE_VERSION = 1;

    final TcpOptions options;
    private final Connections connections = new Connections();
    private volatile Dialler dialler;
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
    private volatile TlsContexts tls = TlsContexts.NONE;
    private volatile MulticastDiscovery discovery;
    private volatile ScheduledFuture<?> seeding;
    private volatile boolean closed;
    /** Connections from strangers whose handshake is not through yet. */
    final PendingHandshakes pending;
    /** One warning per stranger and kind of refusal a minute. */
    final LogLimiter refusals = new LogLimiter(java.time.Duration.ofMinutes(1));

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
            tls = TlsContexts.of(options.tls());
            NetworkInterface nic = AdvertisedAddress.networkInterface(options);
            String bindHost = AdvertisedAddress.bindHost(options, nic);
            boss = loops.group(1, "skein-tcp-accept");
            workers = loops.group(options.ioThreads(), "skein-tcp-io");
            readers = readerThreads();
            outboundHigh = Math.max(64 << 20, 2 * context.maxFrameSize());
            Dialler dials = new Dialler(context, options, connections, workers, loops, remote -> initializer(true, remote), () -> closed);
            dialler = dials;
            ServerBootstrap sb = new ServerBootstrap().group(boss, workers).channel(loops.serverChannel())
                    .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER) // on the listening socket: accepted ones inherit it, window scale included
                    .childOption(ChannelOption.SO_SNDBUF, SOCKET_BUFFER)
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
                advertised = AdvertisedAddress.of(options, bindHost, nic, port);
                try {
                    if (options.multicast()) {
                        // multicast runs on a NIO loop of its own: the native transport's datagram channel is not used
                        discoveryLoop = !loops.isNative() ? workers : new NioEventLoopGroup(1, new DefaultThreadFactory("skein-tcp-discovery", true));
                        discovery = new MulticastDiscovery(options, nic, discoveryLoop, context, advertised, dials::discovered);
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
                String self = advertised;
                seeding = context.scheduler().scheduleWithFixedDelay(() -> dials.dialSeeds(self), 0, every, TimeUnit.MILLISECONDS);
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
        Channel ch = connections.outbound.get(nodeId);
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
        for (Channel ch : connections.outbound.values()) {
            if (ch.isActive()) write(ch, frame, false);
        }
    }

    /** Heartbeats go ahead of every frame still queued for a peer, and never wait for a slow one. */
    @Override
    public void broadcastHeartbeat(byte[] frame) {
        for (Channel ch : connections.outbound.values()) {
            if (ch.isActive()) OutboundFrames.of(ch).addUrgent(frame);
        }
    }

    /**
     * Writes a frame. While more than the high-water mark waits for a peer that reads slower than
     * this node writes, a sender other than the connection's own thread waits (backpressure: an
     * emitter slows to its slowest reader); a peer that takes nothing for {@link #OUTBOUND_WAIT}
     * is disconnected as too slow, and its calls are retried or failed as for any lost peer.
     */
    void write(Channel ch, byte[] frame, boolean forThisPeer) {
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
    static final WriteBufferWaterMark CHANNEL_WATER_MARK = new WriteBufferWaterMark(32 * 1024, 64 * 1024);

    /**
     * The kernel's buffers of a connection, each way: 64 KiB, where Linux would let them grow to
     * several MiB. What waits for a slow reader should wait in {@link OutboundFrames}, where a
     * caller's answer goes ahead of the events queued before it, not in the sockets nor in Netty's
     * buffer ({@link #CHANNEL_WATER_MARK}), where it would wait behind every byte already handed over:
     * in FloodTest, with busy loops on the cores, a bystander's answer waited 1.3 to 10 s behind a
     * flood of events with the kernel's default buffers, and about 1 run in 4 still failed with
     * 256 KiB; with 64 KiB here and 64 KiB in Netty's buffer, 6 of 6 passed, the slowest 0.8 s.
     * EndToEnd's calls and events per second stayed within the benchmark's run-to-run spread.
     */
    static final int SOCKET_BUFFER = 64 * 1024;

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
        for (Channel ch : connections.channels) {
            InboundFrames frames = ch.attr(Connections.INBOUND).get();
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
                tls.addTo(p, ch, client, remote);
                p.addLast(new FlushConsolidationHandler(256, false)); // frames queued by OutboundFrames flush once per drain
                p.addLast(new ActivityWatch(Connections.PEER, context.listener()));
                p.addLast(new FrameDecoder(Handshake.MAX_FRAME));
                p.addLast(new PeerChannel(TcpTransport.this, context, connections, dialler, client));
            }
        };
    }

    /** The address other nodes dial, {@code host:port}; null until the transport listens. */
    String advertised() {
        return advertised;
    }

    /** Where large frames are read off the event loops. */
    java.util.concurrent.ExecutorService readers() {
        return readers;
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (seeding != null) seeding.cancel(false);
        if (discovery != null) discovery.close();
        if (server != null) server.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        for (Channel ch : connections.channels) ch.close();
        for (Channel ch : connections.outbound.values()) ch.close();
        if (workers != null) workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        if (readers != null) readers.shutdown();
        if (boss != null) boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        if (discoveryLoop != null && discoveryLoop != workers) {
            discoveryLoop.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }
}
