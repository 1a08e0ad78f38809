package dev.skein.gateway.internal;

import dev.skein.core.Json;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

import java.nio.charset.StandardCharsets;

/** How the gateway answers an HTTP request (JSON, text, a ready response) and names the client it answers. */
final class Responses {

    private Responses() {
    }

    /** Answers {@code body} as JSON with this status, and these headers (name, value pairs). */
    static void respond(ChannelHandlerContext ctx, boolean keepAlive, int status, Object body, String... headers) {
        byte[] bytes = body == null ? new byte[0] : Json.write(body).getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.wrappedBuffer(bytes));
        if (body != null) response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
        for (int i = 0; i + 1 < headers.length; i += 2) response.headers().set(headers[i], headers[i + 1]);
        send(ctx, keepAlive, response);
    }

    /** Answers {@code text} with this status and content type. */
    static void respondText(ChannelHandlerContext ctx, boolean keepAlive, int status, String text, String contentType) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8)));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        send(ctx, keepAlive, response);
    }

    /** Sends {@code response} with its length; closes the connection after it unless {@code keepAlive}. */
    static void send(ChannelHandlerContext ctx, boolean keepAlive, FullHttpResponse response) {
        HttpUtil.setContentLength(response, response.content().readableBytes());
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(response);
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** The address of the client at the other end of {@code channel} ({@link dev.skein.core.Params#CLIENT_ADDRESS}). */
    static String clientAddress(Channel channel) {
        return channel.remoteAddress() instanceof java.net.InetSocketAddress a && a.getAddress() != null
                ? a.getAddress().getHostAddress() : String.valueOf(channel.remoteAddress());
    }
}
