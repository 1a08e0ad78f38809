package dev.skein.gateway.internal;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.socket.engineio.server.EngineIoWebSocket;

import java.util.List;
import java.util.Map;

/**
 * One Engine.IO WebSocket connection on a Netty channel: what socket.io's server writes goes out
 * as frames; the frames that come in (after {@link Frames}) are handed to it as {@code message}
 * events, and the channel's end as {@code close}.
 */
final class SocketIoWebSocket extends EngineIoWebSocket {

    private final Channel channel;
    private final Map<String, String> query;
    private final Map<String, List<String>> headers;

    SocketIoWebSocket(Channel channel, Map<String, String> query, Map<String, List<String>> headers) {
        this.channel = channel;
        this.query = query;
        this.headers = headers;
    }

    @Override
    public Map<String, String> getQuery() {
        return query;
    }

    @Override
    public Map<String, List<String>> getConnectionHeaders() {
        return headers;
    }

    @Override
    public void write(String message) {
        channel.writeAndFlush(new TextWebSocketFrame(message));
    }

    @Override
    public void write(byte[] message) {
        channel.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(message)));
    }

    @Override
    public void close() {
        if (channel.isActive()) channel.writeAndFlush(new CloseWebSocketFrame()).addListener(ChannelFutureListener.CLOSE);
    }

    /** The frames of the upgraded channel, to the socket (on the channel's event loop, so in order). */
    static final class Frames extends SimpleChannelInboundHandler<WebSocketFrame> {
        private final SocketIoWebSocket socket;
        private final BoundedJson json;

        Frames(SocketIoWebSocket socket, BoundedJson json) {
            this.socket = socket;
            this.json = json;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (frame instanceof TextWebSocketFrame text) {
                String packet = text.text();
                try {
                    json.checkDepth(packet); // before socket.io's parser recurses into it
                } catch (dev.skein.core.errors.BadRequest e) {
                    ctx.writeAndFlush(new CloseWebSocketFrame(io.netty.handler.codec.http.websocketx.WebSocketCloseStatus.POLICY_VIOLATION.code(),
                            e.getMessage())).addListener(ChannelFutureListener.CLOSE);
                    return;
                }
                socket.emit("message", packet);
            } else if (frame instanceof BinaryWebSocketFrame binary) {
                socket.emit("message", (Object) ByteBufUtil.getBytes(binary.content()));
            } else if (frame instanceof PingWebSocketFrame ping) {
                ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
            } else if (frame instanceof CloseWebSocketFrame) {
                ctx.writeAndFlush(new CloseWebSocketFrame()).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            socket.emit("close");
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            socket.emit("error", "read error", String.valueOf(cause.getMessage()));
            ctx.close();
        }
    }
}
