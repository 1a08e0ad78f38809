package dev.skein.mesh.tcp;

import dev.skein.core.internal.ReadAhead;
import dev.skein.mesh.spi.MalformedFrameException;
import dev.skein.mesh.spi.TransportContext;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static dev.skein.mesh.tcp.Connections.DIALED;
import static dev.skein.mesh.tcp.Connections.INBOUND;
import static dev.skein.mesh.tcp.Connections.PEER;
import static dev.skein.mesh.tcp.Connections.remoteHost;

/**
 * Reads frames of one connection: the handshake first ({@link Handshake}), then packets for the
 * mesh. A connection a stranger opened is counted as pending until its handshake is through,
 * and closed if that takes longer than the handshake timeout. When it ends, the peer is lost
 * unless its other connection is still up.
 */
final class PeerChannel extends SimpleChannelInboundHandler<ByteBuf> {

    private static final Logger LOG = LoggerFactory.getLogger(TcpTransport.class);

    private final TcpTransport transport;
    private final TransportContext context;
    private final Connections connections;
    private final Dialler dialler;
    /** True on a connection this node dialled. */
    private final boolean client;
    private Handshake handshake;
    private InboundFrames frames;
    private FrameDecoder decoder;
    private String pendingFrom;
    private io.netty.util.concurrent.ScheduledFuture<?> deadline;

    PeerChannel(TcpTransport transport, TransportContext context, Connections connections, Dialler dialler, boolean client) {
        this.transport = transport;
        this.context = context;
        this.connections = connections;
        this.dialler = dialler;
        this.client = client;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        Channel ch = ctx.channel();
        if (!client) {
            String from = remoteHost(ch);
            if (!transport.pending.tryAcquire(from)) {
                if (transport.refusals.allow(from + " busy")) {
                    LOG.warn("Node {} refuses connections from {}: {} handshakes are pending (at most {} in all, {} per address)",
                            context.nodeId(), from, transport.pending.pending(), transport.options.maxPendingHandshakes(),
                            transport.options.maxPendingPerAddress());
                }
                ch.close();
                return;
            }
            pendingFrom = from;
        }
        connections.channels.add(ch);
        long timeout = transport.options.handshakeTimeout().toMillis();
        deadline = ctx.executor().schedule(() -> {
            if (ch.attr(PEER).get() == null) {
                LOG.debug("Node {} closes a connection from {}: no handshake within {} ms", context.nodeId(), ch.remoteAddress(), timeout);
                ch.close();
            }
        }, timeout, TimeUnit.MILLISECONDS);
        handshake = new Handshake(context, transport.advertised(), client);
        transport.write(ch, handshake.hello(), true);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
        if (decoder == null) decoder = ctx.pipeline().get(FrameDecoder.class);
        boolean more = decoder != null && decoder.takeOne(); // every frame is taken off the count, the handshake's too
        byte[] frame = new byte[msg.readableBytes()];
        msg.readBytes(frame);
        String peer = ctx.channel().attr(PEER).get();
        if (peer == null) {
            handshake(ctx, frame);
            return;
        }
        if (frames == null) {
            frames = new InboundFrames(ctx.channel(), transport.readers(), f -> deliver(ctx, peer, f));
            ctx.channel().attr(INBOUND).set(frames);
        }
        // a call of a non-blocking service runs here only when no other frame of this read waits behind it
        ReadAhead.deliver(more, () -> frames.accept(frame));
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
            transport.write(ch, reply.frame(), true);
        } else if (step instanceof Handshake.Refuse refuse) {
            String line = "Node {} closed a connection {} {}: {}";
            String direction = client ? "to" : "from";
            if (refuse.warn() && transport.refusals.allow(remoteHost(ch) + " " + refuse.kind())) {
                LOG.warn(line, context.nodeId(), direction, ch.remoteAddress(), refuse.reason());
            } else {
                LOG.debug(line, context.nodeId(), direction, ch.remoteAddress(), refuse.reason());
            }
            ch.close();
        } else if (step instanceof Handshake.Admit admit) {
            endPending();
            ctx.pipeline().get(FrameDecoder.class).admit(context.maxFrameSize());
            admitted(ch, admit.peer(), admit.address());
        }
    }

    private void endPending() {
        if (deadline != null) deadline.cancel(false);
        if (pendingFrom != null) {
            transport.pending.release(pendingFrom);
            pendingFrom = null;
        }
    }

    /**
     * The handshake of {@code ch} is through: it carries {@code peer}'s packets from now on. A node
     * opens one connection to each peer, so a second inbound connection in the name of a peer
     * whose connection is up is an impostor's (or a redial racing the old connection's end, which
     * the peer retries): it is refused, and cannot take over the id or its identities.
     */
    private void admitted(Channel ch, String peer, String addr) {
        if (!client) {
            if (connections.receiving(peer)) {
                if (transport.refusals.allow(remoteHost(ch) + " duplicate")) {
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
            dialler.ended(ch.attr(DIALED).get());
            if (connections.outbound.putIfAbsent(peer, ch) != null) {
                ch.close();
                return;
            }
            context.listener().onPeerConnected(peer);
        } else {
            if (addr != null) connections.addresses.put(peer, addr);
            dialler.discovered(peer, addr, ch.eventLoop());
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) OutboundFrames.of(ctx.channel()).writable();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (withoutTls(cause)) {
            // a plaintext node beside TLS ones dials and answers on every beacon: one line per address and minute, in words
            String direction = client ? "to" : "from";
            if (transport.refusals.allow(remoteHost(ctx.channel()) + " without TLS")) {
                LOG.warn("Node {} closed a connection {} {}: a node without TLS tried to connect (every node of the mesh needs the tcp "
                        + "transport's certificate, privateKey and trusted); said once a minute per address", context.nodeId(), direction,
                        ctx.channel().remoteAddress());
            } else {
                LOG.debug("Node {} closed a connection {} {}: not TLS", context.nodeId(), direction, ctx.channel().remoteAddress());
            }
        } else if (ctx.channel().attr(PEER).get() == null && !client) {
            // a stranger: one line per address and minute, however many connections it opens
            if (!(cause instanceof IOException) && transport.refusals.allow(remoteHost(ctx.channel()) + " before handshake")) {
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

    /** Whether {@code cause} is TLS meeting bytes that are not TLS: the other end is a node (or program) without it. */
    private static boolean withoutTls(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof io.netty.handler.ssl.NotSslRecordException) return true;
        }
        return false;
    }

    /**
     * A peer is lost when neither of its connections is left: what it sent on the connection it
     * opened (a LEAVE, say) is read before that connection's end is seen. When only the
     * connection this node opened broke, it dials the peer again.
     */
    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        endPending();
        connections.channels.remove(ctx.channel());
        String dialed = ctx.channel().attr(DIALED).get();
        dialler.ended(dialed);
        String peer = ctx.channel().attr(PEER).get();
        if (peer == null || transport.isClosed()) return;
        if (frames == null) lost(ctx.channel(), peer, dialed);
        else frames.then(() -> lost(ctx.channel(), peer, dialed)); // after the frames read before the end
    }

    private void lost(Channel ch, String peer, String dialed) {
        if (transport.isClosed()) return;
        boolean wasOutbound = connections.outbound.remove(peer, ch);
        boolean sending = Connections.active(connections.outbound.get(peer));
        boolean receiving = connections.receiving(peer);
        if (!wasOutbound && dialed == null && !receiving) context.listener().onPeerIdentity(peer, Set.of());
        if (!sending && !receiving) {
            connections.addresses.remove(peer);
            context.listener().onPeerLost(peer);
        } else if (wasOutbound && receiving) {
            String addr = connections.addresses.get(peer);
            if (addr != null) dialler.dial(TcpOptions.parseAddress(addr), receivingLoop(peer));
        }
    }

    /** The loop of the connection {@code peer} opened to this node, or null: where the connection to it goes best. */
    private io.netty.channel.EventLoop receivingLoop(String peer) {
        Channel inbound = connections.receivingFrom(peer);
        return inbound == null ? null : inbound.eventLoop();
    }
}
