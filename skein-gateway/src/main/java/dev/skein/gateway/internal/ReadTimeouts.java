package dev.skein.gateway.internal;

import dev.skein.core.errors.Timeout;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.concurrent.ScheduledFuture;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The read timeouts of one connection, so that a client cannot hold it by sending slowly or not at
 * all: between requests the {@code idle} timeout (then the connection is closed quietly); from a
 * request's first byte to the end of its headers the {@code headers} timeout, and from there to the
 * end of its body the {@code body} timeout (then 408 {@code RequestTimeout} and closed). While the
 * gateway works on an answer no timeout runs. After a WebSocket upgrade, a frame must complete within
 * the idle timeout of the one before; halfway the connection is pinged, so that a live client that
 * only listens answers with a pong.
 *
 * <p>Two handlers share its state: {@link #bytes()} before the HTTP codec sees that a request has
 * begun, {@link #messages()} after it sees headers, bodies, answers and frames. All on the
 * connection's event loop.
 */
final class ReadTimeouts {

    private enum State { AWAIT_REQUEST, HEADERS, BODY, PROCESSING, WEBSOCKET }

    private final long idleNanos;
    private final long headersNanos;
    private final long bodyNanos;
    private ChannelHandlerContext ctx;
    private State state = State.AWAIT_REQUEST;
    private ScheduledFuture<?> timer;
    private ScheduledFuture<?> ping;
    private long requests;
    private long answers;

    ReadTimeouts(Duration idle, Duration headers, Duration body) {
        this.idleNanos = idle.toNanos();
        this.headersNanos = headers.toNanos();
        this.bodyNanos = body.toNanos();
    }

    /** The handler before the HTTP codec: a byte while the connection waits for a request starts the headers' timeout. */
    ChannelInboundHandlerAdapter bytes() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelActive(ChannelHandlerContext c) throws Exception {
                ctx = c;
                await();
                super.channelActive(c);
            }

            @Override
            public void channelRead(ChannelHandlerContext c, Object msg) throws Exception {
                if (state == State.AWAIT_REQUEST && msg instanceof ByteBuf b && b.isReadable()) {
                    to(State.HEADERS, headersNanos, "The request's headers did not arrive within " + seconds(headersNanos)
                            + " (Gateway.Builder.headersTimeout)");
                }
                super.channelRead(c, msg);
            }

            @Override
            public void channelInactive(ChannelHandlerContext c) throws Exception {
                cancel();
                super.channelInactive(c);
            }
        };
    }

    /** The handler after the HTTP codec (after an upgrade, after the WebSocket decoder). */
    ChannelDuplexHandler messages() {
        return new ChannelDuplexHandler() {
            @Override
            public void channelRead(ChannelHandlerContext c, Object msg) throws Exception {
                if (state == State.WEBSOCKET) {
                    if (msg instanceof WebSocketFrame) websocket();
                } else {
                    if (msg instanceof HttpRequest) {
                        to(State.BODY, bodyNanos, "The request's body did not arrive within " + seconds(bodyNanos)
                                + " (Gateway.Builder.bodyTimeout)");
                    }
                    if (msg instanceof LastHttpContent) {
                        requests++;
                        if (answers >= requests) await();
                        else to(State.PROCESSING, 0, null);
                    }
                }
                super.channelRead(c, msg);
            }

            @Override
            public void write(ChannelHandlerContext c, Object msg, ChannelPromise promise) throws Exception {
                if (msg instanceof HttpResponse r && r.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
                    promise.addListener(f -> {
                        if (f.isSuccess()) websocket();
                    });
                } else if (msg instanceof HttpResponse r && r.status().codeClass() == io.netty.handler.codec.http.HttpStatusClass.INFORMATIONAL) {
                    // 100 Continue: the answer is still to come
                } else if (msg instanceof FullHttpResponse || msg instanceof LastHttpContent) {
                    promise.addListener(f -> answered());
                }
                super.write(c, msg, promise);
            }
        };
    }

    private void answered() {
        answers++;
        if (state == State.PROCESSING && answers >= requests) await();
    }

    private void await() {
        to(State.AWAIT_REQUEST, idleNanos, null);
    }

    /** A frame (or the upgrade): the next one is due within the idle timeout, with a ping halfway. */
    private void websocket() {
        to(State.WEBSOCKET, idleNanos, null);
        ping = ctx.executor().schedule(() -> {
            // from the pipeline's tail, through the WebSocket encoder (this context sits before it)
            if (ctx.channel().isActive()) ctx.channel().writeAndFlush(new PingWebSocketFrame());
        }, idleNanos / 2, TimeUnit.NANOSECONDS);
    }

    /** Moves to {@code next}; after {@code nanos} (0: never) the connection closes, with a 408 saying {@code why} when there is one. */
    private void to(State next, long nanos, String why) {
        cancel();
        state = next;
        if (nanos <= 0 || ctx == null) return;
        timer = ctx.executor().schedule(() -> expire(why), nanos, TimeUnit.NANOSECONDS);
    }

    private void expire(String why) {
        if (!ctx.channel().isActive()) return;
        if (why == null) {
            ctx.close();
            return;
        }
        ctx.channel().config().setAutoRead(false);
        // from the end of the pipeline, so that the answer goes through the codec (and CORS)
        Responses.respond(ctx.pipeline().lastContext(), false, 408, new Timeout(why).toJson());
        ctx.channel().eventLoop().schedule(() -> ctx.close(), 1, TimeUnit.SECONDS); // if the write itself hangs
    }

    private void cancel() {
        if (timer != null) timer.cancel(false);
        if (ping != null) ping.cancel(false);
        timer = null;
        ping = null;
    }

    private static String seconds(long nanos) {
        Duration d = Duration.ofNanos(nanos);
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
