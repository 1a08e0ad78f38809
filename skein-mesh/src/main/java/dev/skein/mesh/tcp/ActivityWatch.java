package dev.skein.mesh.tcp;

import dev.skein.mesh.spi.TransportListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;

/**
 * Tells the mesh that a peer is alive as its bytes arrive, before a frame is whole: a 50 MB value
 * takes a while to read, and the heartbeats sent after it wait behind it. Sits before the frame
 * decoder; says so at most once per {@link #EVERY_NANOS} per connection, and only once the
 * handshake named the peer.
 */
final class ActivityWatch extends ChannelInboundHandlerAdapter {

    static final long EVERY_NANOS = 10_000_000L;

    private final AttributeKey<String> peerKey;
    private final TransportListener listener;
    private long last = System.nanoTime() - EVERY_NANOS - 1;

    ActivityWatch(AttributeKey<String> peerKey, TransportListener listener) {
        this.peerKey = peerKey;
        this.listener = listener;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        long now = System.nanoTime();
        if (now - last > EVERY_NANOS) {
            last = now;
            String peer = ctx.channel().attr(peerKey).get();
            if (peer != null) listener.onPeerActivity(peer);
        }
        ctx.fireChannelRead(msg);
    }
}
