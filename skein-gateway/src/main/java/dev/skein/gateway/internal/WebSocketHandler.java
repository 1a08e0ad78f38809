package dev.skein.gateway.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.AttributeKey;

/** The pipeline handler of {@code /ws}: opens a session on the handshake, feeds it text frames, closes it with the channel. */
final class WebSocketHandler extends ChannelInboundHandlerAdapter {

    private static final AttributeKey<WebSocketSession> SESSION = AttributeKey.valueOf("skein.ws");

    private final EventFanOut sessions;

    WebSocketHandler(EventFanOut sessions) {
        this.sessions = sessions;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            ctx.channel().attr(SESSION).set(sessions.open(ctx.channel()));
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof TextWebSocketFrame frame) {
            try {
                WebSocketSession session = ctx.channel().attr(SESSION).get();
                if (session != null) session.receive(frame.text());
            } finally {
                frame.release();
            }
            return;
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        WebSocketSession session = ctx.channel().attr(SESSION).get();
        if (session != null) sessions.closed(session);
        super.channelInactive(ctx);
    }
}
