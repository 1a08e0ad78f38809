package dev.skein.gateway.internal;

import dev.skein.core.ServiceHandle;
import dev.skein.core.errors.NotAuthenticated;
import dev.skein.core.errors.SkeinError;
import dev.skein.gateway.auth.Auth;
import dev.skein.gateway.auth.Authentication;
import dev.skein.core.Json;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;

import java.nio.charset.StandardCharsets;

/**
 * Decides authentication from a REST request's headers, before its body is read: when the service
 * and method it leads to run {@link Auth#authenticate()} before them (on the service, or on the
 * whole app), a request without a valid {@code Authorization: Bearer} token is answered 401
 * {@code NotAuthenticated} at once, and its body is dropped as it arrives (never buffered nor
 * parsed), then the connection closes. Everything else passes on to the body limit and the routes,
 * where the hooks decide as before. One per connection, between the HTTP codec and the body's aggregator.
 */
final class HeaderAuthentication extends ChannelInboundHandlerAdapter {

    private final Router server;
    /** While a refused request's body arrives: dropped. */
    private boolean dropping;

    HeaderAuthentication(Router server) {
        this.server = server;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (dropping && msg instanceof HttpContent) {
            boolean last = msg instanceof LastHttpContent;
            ReferenceCountUtil.release(msg);
            if (last) ctx.close();
            return;
        }
        if (msg instanceof HttpRequest request && !request.decoderResult().isFailure()) {
            SkeinError refused = refusal(request);
            if (refused != null) {
                boolean bodyFollows = HttpUtil.getContentLength(request, 0L) > 0 || HttpUtil.isTransferEncodingChunked(request);
                dropping = bodyFollows && !HttpUtil.is100ContinueExpected(request);
                byte[] json = Json.write(refused.toJson()).getBytes(StandardCharsets.UTF_8);
                FullHttpResponse answer = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(refused.code()),
                        Unpooled.wrappedBuffer(json));
                answer.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8")
                        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                HttpUtil.setContentLength(answer, json.length);
                // the client may be sending its body already: it is read and dropped (closing now could lose the 401 to a reset)
                if (dropping) ctx.writeAndFlush(answer);
                else ctx.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
                ReferenceCountUtil.release(msg);
                return;
            }
        }
        super.channelRead(ctx, msg);
    }

    /** The 401 for a request that cannot pass the authentication it leads to; null when it may go on (or the routes decide). */
    private SkeinError refusal(HttpRequest request) {
        Authentication auth = server.app().plugin(Authentication.class).orElse(null);
        if (auth == null) return null;
        ServiceHandle service;
        String method;
        try {
            QueryStringDecoder uri = new QueryStringDecoder(request.uri());
            if (SocketIoEndpoint.isFor(uri.path())) return null;
            Exposure.Route route = server.exposure().url(uri.rawPath()).route();
            if (route == null) return null;
            service = route.service();
            method = RestHandler.method(request.method(), route.id(), request.headers().get(RestHandler.METHOD_HEADER));
        } catch (RuntimeException e) {
            return null; // a malformed path or method: the routes answer it as they do
        }
        if (!service.hooks().runsBefore(method, Auth.authenticate()) && !server.app().hooks().runsBefore(method, Auth.authenticate())) {
            return null;
        }
        String header = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
            return new NotAuthenticated("Not authenticated: no access token (send 'Authorization: Bearer <token>')");
        }
        try {
            auth.verify(header.substring(7).trim());
            return null;
        } catch (NotAuthenticated e) {
            return e;
        }
    }
}
