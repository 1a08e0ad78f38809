package dev.skein.gateway.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps the gateway's open connections, in all and per remote address: a connection past either cap
 * is answered 503 ({@code ServiceUnavailable}, naming the cap) and closed before anything of it is
 * read. The first handler of every connection's pipeline, shared by all of them.
 */
@ChannelHandler.Sharable
final class ConnectionLimits extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimits.class);
    private static final AttributeKey<InetAddress> COUNTED = AttributeKey.valueOf("skein.counted");

    private final int maxConnections;
    private final int maxPerAddress;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    private final RateLimitedLog log = new RateLimitedLog(LOG);

    /** Caps of {@code maxConnections} in all and {@code maxPerAddress} per address; 0 is no cap. */
    ConnectionLimits(int maxConnections, int maxPerAddress) {
        this.maxConnections = maxConnections;
        this.maxPerAddress = maxPerAddress;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        InetAddress address = ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
        int all = open.incrementAndGet();
        int mine = address == null ? 0 : perAddress.computeIfAbsent(address, k -> new AtomicInteger()).incrementAndGet();
        ctx.channel().attr(COUNTED).set(address);
        String refused = null;
        if (maxConnections > 0 && all > maxConnections) {
            refused = "The gateway holds its most connections (" + maxConnections + ", Gateway.Builder.maxConnections): try again later";
        } else if (maxPerAddress > 0 && mine > maxPerAddress) {
            refused = "Too many connections from " + address.getHostAddress() + " (at most " + maxPerAddress
                    + ", Gateway.Builder.maxConnectionsPerAddress): close some first";
        }
        if (refused == null) {
            super.channelActive(ctx);
            return;
        }
        log.info("connections", "{}", refused);
        ctx.channel().config().setAutoRead(false);
        String body = dev.skein.core.Json.write(new dev.skein.core.errors.Unavailable(refused).toJson());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json; charset=utf-8\r\nconnection: close\r\n"
                + "content-length: " + bytes.length + "\r\n\r\n";
        ctx.writeAndFlush(Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.US_ASCII), bytes)).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().hasAttr(COUNTED)) {
            InetAddress address = ctx.channel().attr(COUNTED).getAndSet(null);
            open.decrementAndGet();
            if (address != null) {
                perAddress.computeIfPresent(address, (k, n) -> n.decrementAndGet() <= 0 ? null : n);
            }
        }
        super.channelInactive(ctx);
    }
}
