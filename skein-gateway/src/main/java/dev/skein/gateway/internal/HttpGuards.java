package dev.skein.gateway.internal;

import dev.skein.core.Json;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What guards the gateway's HTTP pipeline before a request reaches a route: the limits of the
 * request line, headers and body, each refused with its status and a JSON body in Feathers' error
 * shape, and the CORS settings.
 */
final class HttpGuards {

    /** The longest request line (method, URL, version) read, as Netty's default. */
    static final int MAX_REQUEST_LINE = 4096;
    /** The most bytes of headers read, as Netty's default. */
    static final int MAX_HEADERS = 8192;

    private HttpGuards() {
    }

    /**
     * Netty's CORS settings for {@code cors}. A request from an origin not listed gets no
     * {@code Access-Control-*} header (the browser keeps the answer from the page); it is not refused
     * outright, since a browser sends {@code Origin} on the gateway's own pages' POSTs too.
     */
    static io.netty.handler.codec.http.cors.CorsConfig corsConfig(dev.skein.gateway.Cors cors) {
        io.netty.handler.codec.http.cors.CorsConfigBuilder b = cors.origins().contains("*")
                ? io.netty.handler.codec.http.cors.CorsConfigBuilder.forAnyOrigin()
                : io.netty.handler.codec.http.cors.CorsConfigBuilder.forOrigins(cors.origins().toArray(String[]::new));
        b.allowedRequestMethods(cors.methods().stream().map(HttpMethod::valueOf).toArray(HttpMethod[]::new))
                .allowedRequestHeaders(cors.headers().toArray(String[]::new))
                .maxAge(cors.maxAge().toSeconds());
        if (cors.credentials()) b.allowCredentials();
        return b.build();
    }

    /**
     * A request Netty could not read (Netty would hand it on as {@code /bad-request}): 414 for a
     * request line past {@link #MAX_REQUEST_LINE}, 431 for headers past {@link #MAX_HEADERS}, else
     * 400; a JSON body in Feathers' error shape, and the connection closed (its bytes cannot be trusted).
     */
    static void refuseMalformed(ChannelHandlerContext ctx, Throwable cause) {
        int status;
        String name;
        String message;
        if (cause instanceof io.netty.handler.codec.http.TooLongHttpLineException) {
            status = 414;
            name = "URITooLong";
            message = "The request line (method, URL, version) is longer than " + MAX_REQUEST_LINE + " bytes";
        } else if (cause instanceof io.netty.handler.codec.http.TooLongHttpHeaderException) {
            status = 431;
            name = "RequestHeaderFieldsTooLarge";
            message = "The request's headers are larger than " + MAX_HEADERS + " bytes";
        } else {
            status = 400;
            name = "BadRequest";
            message = "Malformed HTTP request: " + (cause == null ? "unreadable" : cause.getMessage());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("message", message);
        body.put("code", status);
        body.put("className", status == 414 ? "uri-too-long" : status == 431 ? "request-header-fields-too-large" : "bad-request");
        Responses.respond(ctx, false, status, body);
    }

    /** Netty's aggregator, but a body above the limit is answered with a JSON error like every other one. */
    static final class BodyLimit extends HttpObjectAggregator {
        private final int maxBody;

        BodyLimit(int maxBody) {
            super(maxBody);
            this.maxBody = maxBody;
        }

        /** A request that announced (Expect: 100-continue) a body past the limit: refused with the same JSON 413 as any other. */
        @Override
        protected Object newContinueResponse(io.netty.handler.codec.http.HttpMessage start, int maxContentLength,
                                             io.netty.channel.ChannelPipeline pipeline) {
            Object answer = super.newContinueResponse(start, maxContentLength, pipeline);
            if (answer instanceof FullHttpResponse r && r.status().code() == 413) {
                r.release();
                FullHttpResponse json = tooLarge();
                json.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                return json;
            }
            return answer;
        }

        /** After that 413 the connection closes: the client may send the announced body anyway. */
        @Override
        protected boolean closeAfterContinueResponse(Object msg) {
            return msg instanceof io.netty.handler.codec.http.HttpResponse r && r.status().code() == 413 || super.closeAfterContinueResponse(msg);
        }

        private FullHttpResponse tooLarge() {
            byte[] bytes = Json.write(new dev.skein.core.errors.PayloadTooLarge("The request body is larger than " + maxBody
                    + " bytes (Gateway.Builder.maxBodySize, by default the mesh's maxFrameSize)").toJson()).getBytes(StandardCharsets.UTF_8);
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    Unpooled.wrappedBuffer(bytes));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
            HttpUtil.setContentLength(response, bytes.length);
            return response;
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, io.netty.handler.codec.http.HttpMessage oversized) throws Exception {
            if (!(oversized instanceof io.netty.handler.codec.http.HttpRequest)) {
                super.handleOversizedMessage(ctx, oversized);
                return;
            }
            FullHttpResponse response = tooLarge();
            // as Netty's own: keep the connection when the client keeps it and sent no Expect (the
            // rest of the body is discarded); otherwise close it
            boolean close = oversized instanceof io.netty.handler.codec.http.FullHttpMessage
                    || !HttpUtil.is100ContinueExpected(oversized) && !HttpUtil.isKeepAlive(oversized);
            if (close) response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ChannelFuture written = ctx.writeAndFlush(response);
            written.addListener(close ? ChannelFutureListener.CLOSE : ChannelFutureListener.CLOSE_ON_FAILURE);
        }
    }
}
