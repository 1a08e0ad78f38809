package dev.skein.gateway.internal;

import dev.skein.core.Methods;
import dev.skein.core.Params;
import dev.skein.core.errors.BadRequest;
import dev.skein.core.errors.MethodNotAllowed;
import dev.skein.core.errors.NotFound;
import dev.skein.core.errors.SkeinError;
import dev.skein.gateway.intercept.RestCall;
import dev.skein.gateway.intercept.RestReply;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Map;

/**
 * The last handler of a connection's pipeline: answers a request with the Feathers REST conventions
 * (the verb and the id choose the method), or hands it to Socket.IO, the dashboard page, the
 * operations paths or the static files. Holds no state of a connection.
 */
@ChannelHandler.Sharable
final class RestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(RestHandler.class);
    /** The header that names a custom method on a POST without an id. */
    static final String METHOD_HEADER = "x-service-method";

    private final Router router;
    /** Socket.IO for Feathers front ends, or null when the gateway serves none. */
    private final SocketIoEndpoint socketIo;
    /** The path of the dashboard's page (no slashes), or null when the gateway serves none. */
    private final String dashboard;
    /** Health, readiness and the fleet, or null when the gateway was built without them. */
    private final OperationsRoutes operations;
    private final StaticFiles staticFiles;
    private final RateLimitedLog failures = new RateLimitedLog(LOG);
    /** The interceptors of the service routes, in the order given (none by default). */
    private final Interception interception;

    RestHandler(Router router, SocketIoEndpoint socketIo, String dashboard, OperationsRoutes operations, StaticFiles staticFiles,
                Interception interception) {
        this.router = router;
        this.interception = interception;
        this.socketIo = socketIo;
        this.dashboard = dashboard;
        this.operations = operations;
        this.staticFiles = staticFiles;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            HttpGuards.refuseMalformed(ctx, request.decoderResult().cause());
            return;
        }
        serve(ctx, request, true);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("HTTP connection {} failed", ctx.channel().remoteAddress(), cause);
        ctx.close();
    }

    /** Answers {@code request}; {@code mayWait}: a path not known while the gateway settles is waited for. */
    private void serve(ChannelHandlerContext ctx, FullHttpRequest request, boolean mayWait) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        try {
            handle(ctx, request, keepAlive, mayWait);
        } catch (SkeinError e) {
            Responses.respond(ctx, keepAlive, e.code(), e.toJson());
        } catch (RuntimeException e) {
            failures.warn(e.getClass().getName(), "The gateway failed on {} {}", request.method(), request.uri(), e);
            Responses.respond(ctx, keepAlive, 500, SkeinError.from(e).toJson());
        }
    }

    private void handle(ChannelHandlerContext ctx, FullHttpRequest request, boolean keepAlive, boolean mayWait) {
        RequestTarget uri = RequestTarget.of(request.uri());
        if (socketIo != null && SocketIoEndpoint.isFor(uri.path())) {
            try {
                socketIo.handle(ctx, request);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return;
        }
        HttpMethod verb = request.method();
        Exposure exposure = router.exposure();
        Exposure.UrlTarget target = exposure.url(uri.rawPath());
        if (target.whyNot() != null && verb != HttpMethod.GET && verb != HttpMethod.HEAD) {
            throw new BadRequest(Exposure.refusal(uri.rawPath(), target.whyNot()));
        }
        Exposure.Route route = target.route();
        if (dashboard != null && verb == HttpMethod.GET && trim(uri.path()).equals(dashboard)) {
            Responses.send(ctx, keepAlive, StaticFiles.resource("skein-gateway/dashboard.html"));
            return;
        }
        if (route == null && operations != null && OperationsRoutes.isDrain(trim(uri.path()), request)) {
            operations.drain(trim(uri.path()), request).whenComplete((answer, failure) -> {
                if (failure != null) Responses.respond(ctx, keepAlive, SkeinError.from(failure).code(), SkeinError.from(failure).toJson());
                else Responses.respond(ctx, keepAlive, answer.status(), answer.body());
            });
            return;
        }
        if (route == null && operations != null) {
            OperationsRoutes.Answer answer = operations.answer(trim(uri.path()), request);
            if (answer != null) {
                if (answer.text() != null) Responses.respondText(ctx, keepAlive, answer.status(), answer.text(), answer.contentType());
                else Responses.respond(ctx, keepAlive, answer.status(), answer.body());
                return;
            }
        }
        if (route == null) {
            FullHttpResponse file = verb == HttpMethod.GET || verb == HttpMethod.HEAD ? staticFiles.file(trim(uri.path())) : null;
            if (file != null) {
                Responses.send(ctx, keepAlive, file);
                return;
            }
            if (target.whyNot() != null) throw new BadRequest(Exposure.refusal(uri.rawPath(), target.whyNot()));
            Availability availability = router.availability();
            if (mayWait && target.exposable() && availability.settling()) {
                request.retain(); // answered later, after the read that delivered it released it
                availability.whileSettling(() -> exposure.url(uri.rawPath()).route() != null, ctx.channel().eventLoop())
                        .whenComplete((found, never) -> {
                            try {
                                serve(ctx, request, false);
                            } finally {
                                request.release();
                            }
                        });
                return;
            }
            throw new NotFound("Page not found: " + uri.path());
        }
        String custom = request.headers().get(METHOD_HEADER);
        String method = method(verb, route.id(), custom);
        Params params = new Params().provider(Params.REST).withQuery(QueryString.parse(uri.parameters()));
        request.headers().forEach(h -> params.header(h.getKey(), h.getValue()));
        params.set(Params.CLIENT_ADDRESS, Responses.clientAddress(ctx.channel()));
        String bearer = params.headers().get("authorization");
        if (bearer != null && bearer.regionMatches(true, 0, "Bearer ", 0, 7)) {
            params.authentication(Map.of("strategy", "jwt", "accessToken", bearer.substring(7).trim()));
        }
        Object data = null;
        if (Methods.takesData(method)) {
            data = BoundedJson.isBlank(request.content()) ? Map.of() : router.json().read(request.content());
        }
        int success = Methods.CREATE.equals(method) ? 201 : 200;
        if (!interception.appliesTo(route.publicPath())) {
            router.call(route, method, route.id(), data, params).handle((result, failure) -> failure != null
                    ? Interception.error(SkeinError.from(failure)) : new RestReply(result == null ? 204 : success, result))
                    .whenComplete((reply, failure) -> send(ctx, keepAlive, reply, failure, request));
            return;
        }
        Object body = data;
        String path = uri.path();
        Interception.user(router.app(), params)
                .thenCompose(user -> interception.run(route.publicPath(),
                        new RestCall(verb.name(), path, route.service().path(), method, route.id(), params, body, user), success,
                        call -> router.call(route, method, route.id(), call.data(), call.params())))
                .whenComplete((reply, failure) -> send(ctx, keepAlive, reply, failure, request));
    }

    /**
     * Sends {@code reply}; a {@code failure} where it should be (an Error out of an interceptor), or
     * headers or a body an interceptor set that HTTP or JSON cannot carry, make it a 500, logged: the answer always goes.
     */
    private void send(ChannelHandlerContext ctx, boolean keepAlive, RestReply reply, Throwable failure, FullHttpRequest request) {
        if (failure != null) {
            failures.warn(failure.getClass().getName(), "The gateway failed on {} {}", request.method(), request.uri(), failure);
            Responses.respond(ctx, keepAlive, 500, SkeinError.from(failure).toJson());
            return;
        }
        String[] headers = new String[reply.headers().size() * 2];
        int i = 0;
        for (Map.Entry<String, String> h : reply.headers().entrySet()) {
            headers[i++] = h.getKey();
            headers[i++] = h.getValue();
        }
        try {
            Responses.respond(ctx, keepAlive, reply.status(), reply.body(), headers);
        } catch (RuntimeException e) {
            failures.warn(e.getClass().getName(), "The gateway cannot send its answer to {} {}", request.method(), request.uri(), e);
            Responses.respond(ctx, keepAlive, 500, SkeinError.from(e).toJson());
        }
    }

    /** The service method a REST request calls. @throws MethodNotAllowed when none */
    static String method(HttpMethod verb, String id, String custom) {
        if (verb == HttpMethod.GET) return id == null ? Methods.FIND : Methods.GET;
        if (verb == HttpMethod.POST && id == null) {
            if (custom == null || custom.isBlank()) return Methods.CREATE;
            // as Feathers: the header reaches custom methods only; a standard one has its own verb
            if (Methods.isStandard(custom)) {
                throw new MethodNotAllowed("The " + METHOD_HEADER + " header names custom methods; '" + custom
                        + "' is a standard method: use its HTTP verb");
            }
            return custom;
        }
        if (verb == HttpMethod.PUT && id != null) return Methods.UPDATE;
        if (verb == HttpMethod.PATCH) return Methods.PATCH;
        if (verb == HttpMethod.DELETE) return Methods.REMOVE;
        throw new MethodNotAllowed("Method " + verb + (id == null ? " without" : " with") + " an id is not allowed");
    }

    private static String trim(String path) {
        int start = 0;
        int end = path.length();
        while (start < end && path.charAt(start) == '/') start++;
        while (end > start && path.charAt(end - 1) == '/') end--;
        return path.substring(start, end);
    }
}
