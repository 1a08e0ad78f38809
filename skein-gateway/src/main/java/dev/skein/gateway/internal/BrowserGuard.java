package dev.skein.gateway.internal;

import dev.skein.core.errors.BadRequest;
import dev.skein.core.errors.Forbidden;
import dev.skein.core.errors.SkeinError;
import dev.skein.gateway.Cors;
import dev.skein.gateway.GatewayOptions;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;

import java.net.URI;
import java.util.Locale;

/**
 * What keeps a web page of another site from driving the gateway through its visitor's browser,
 * decided from a request's headers before its body is read:
 * <ol>
 *   <li>the {@code Host} must be one the gateway answers: its listen address, {@code localhost}, an
 *       IP literal (a name resolved by DNS rebinding is never one) or a name of
 *       {@code allowedHosts}; else 421 (400 when an HTTP/1.1 request has none);</li>
 *   <li>a write (POST, PUT, PATCH; a DELETE with a body) must carry JSON ({@code application/json}
 *       or {@code application/*+json}): the types a page may send without a preflight
 *       ({@code text/plain}, forms) are refused with 415. Socket.IO's long-polling, which posts
 *       {@code text/plain}, is guarded by the next rule instead;</li>
 *   <li>a WebSocket or Socket.IO handshake (either transport) and a write that carry an
 *       {@code Origin} must come from the gateway's own origin or one the CORS settings list;
 *       else 403. A request without {@code Origin} is not a browser's and passes.</li>
 * </ol>
 * A refused request is answered with Feathers' JSON error and its connection closed, its body unread.
 */
final class BrowserGuard extends ChannelInboundHandlerAdapter {

    private final GatewayOptions options;
    /** After a refusal: what else arrives on the connection is dropped. */
    private boolean discarding;

    BrowserGuard(GatewayOptions options) {
        this.options = options;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (discarding) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request && !request.decoderResult().isFailure()) {
            SkeinError refusal = refusal(request);
            if (refusal != null) {
                discarding = true; // the connection closes once the answer is written
                ReferenceCountUtil.release(msg);
                Responses.respond(ctx, false, refusal.code(), refusal.toJson());
                return;
            }
        }
        super.channelRead(ctx, msg);
    }

    /** Why {@code request} is refused, or null when it may go on. */
    SkeinError refusal(HttpRequest request) {
        String host = request.headers().get(HttpHeaderNames.HOST);
        if (host == null) {
            return request.protocolVersion().equals(HttpVersion.HTTP_1_0) ? null
                    : new BadRequest("An HTTP/1.1 request needs a Host header");
        }
        String name = hostName(host);
        if (!hostAllowed(name)) {
            return new MisdirectedRequest("This gateway does not answer the host name '" + clip(name) + "': it answers "
                    + options.host() + ", localhost, IP addresses" + (options.access().allowedHosts().isEmpty() ? ""
                    : " and " + options.access().allowedHosts()) + " (Gateway.Builder.allowedHosts, --allowed-host)");
        }
        String path = path(request.uri());
        boolean socketIo = options.socketIo() && SocketIoEndpoint.isFor(path);
        boolean write = isWrite(request.method());
        if (write && !socketIo && needsJson(request) && !isJson(request.headers().get(HttpHeaderNames.CONTENT_TYPE))) {
            return new UnsupportedMediaType("A " + request.method() + " must send JSON (Content-Type: application/json), not "
                    + (request.headers().contains(HttpHeaderNames.CONTENT_TYPE) ? "'" + clip(request.headers().get(HttpHeaderNames.CONTENT_TYPE)) + "'" : "no Content-Type"));
        }
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        boolean handshake = socketIo || HttpHeaderValues.WEBSOCKET.contentEqualsIgnoreCase(request.headers().get(HttpHeaderNames.UPGRADE, ""));
        if (origin != null && (handshake || write) && !originAllowed(origin, host)) {
            return new Forbidden("A page of " + clip(origin) + " may not " + (handshake ? "open a WebSocket or Socket.IO connection to" : "write to")
                    + " this gateway: only its own origin and those of its CORS settings (Gateway.Builder.cors) may");
        }
        return null;
    }

    private static boolean isWrite(HttpMethod m) {
        return m == HttpMethod.POST || m == HttpMethod.PUT || m == HttpMethod.PATCH || m == HttpMethod.DELETE;
    }

    /** POST, PUT and PATCH always; a DELETE only with a body (a page cannot send a DELETE without a preflight, and Feathers' client sends none). */
    private static boolean needsJson(HttpRequest request) {
        if (request.method() != HttpMethod.DELETE) return true;
        return HttpUtil.isTransferEncodingChunked(request) || HttpUtil.getContentLength(request, 0L) > 0;
    }

    /** {@code application/json} or {@code application/<something>+json}, with any parameters. */
    static boolean isJson(String contentType) {
        if (contentType == null) return false;
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || type.startsWith("application/") && type.endsWith("+json");
    }

    private boolean hostAllowed(String name) {
        GatewayOptions.Access access = options.access();
        if (access.anyHost() || name.equals("localhost") || isIpLiteral(name)) return true;
        return name.equalsIgnoreCase(options.host()) || access.allowedHosts().contains(name);
    }

    /** Whether {@code origin} is the gateway's own (scheme aside: a proxy may end TLS) or one the CORS settings list. */
    private boolean originAllowed(String origin, String host) {
        Cors cors = options.cors();
        if (cors != null && (cors.origins().contains("*") || cors.origins().stream().anyMatch(origin::equalsIgnoreCase))) return true;
        try {
            URI o = new URI(origin);
            if (o.getHost() == null || o.getScheme() == null) return false;
            int defaultPort = o.getScheme().equalsIgnoreCase("https") ? 443 : 80;
            int originPort = o.getPort() < 0 ? defaultPort : o.getPort();
            String hostName = hostName(host);
            int colon = host.lastIndexOf(':');
            int hostPort = colon > host.lastIndexOf(']') && colon >= 0 ? Integer.parseInt(host.substring(colon + 1)) : defaultPort;
            return hostName(o.getHost()).equals(hostName) && originPort == hostPort;
        } catch (java.net.URISyntaxException | NumberFormatException e) {
            return false;
        }
    }

    /** The name of a Host header, lower case, without its port or brackets. */
    static String hostName(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? h : h.substring(1, end);
        }
        int colon = h.indexOf(':');
        if (colon >= 0 && h.indexOf(':', colon + 1) < 0) h = h.substring(0, colon);
        return h;
    }

    /** An IPv4 or IPv6 literal; checked by its characters, never looked up. */
    static boolean isIpLiteral(String name) {
        if (name.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            for (String part : name.split("\\.")) if (Integer.parseInt(part) > 255) return false;
            return true;
        }
        return name.contains(":") && name.matches("[0-9a-f:.]+");
    }

    private static String path(String uri) {
        int end = uri.length();
        int q = uri.indexOf('?');
        if (q >= 0) end = q;
        return uri.substring(0, end);
    }

    private static String clip(String s) {
        String shown = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }

    /** 421: a request for a host name this gateway does not serve. */
    static final class MisdirectedRequest extends SkeinError {
        MisdirectedRequest(String message) {
            super(message, null, null, null);
        }

        @Override
        public int code() {
            return 421;
        }
    }

    /** 415: a body of a type the gateway does not read. */
    static final class UnsupportedMediaType extends SkeinError {
        UnsupportedMediaType(String message) {
            super(message, null, null, null);
        }

        @Override
        public int code() {
            return 415;
        }
    }
}
