package dev.skein.gateway.internal;

import dev.skein.core.App;
import dev.skein.core.AppListener;
import dev.skein.core.Methods;
import dev.skein.core.Params;
import dev.skein.core.ServiceEvent;
import dev.skein.core.ServiceHandle;
import dev.skein.core.ServicePath;
import dev.skein.core.errors.BadRequest;
import dev.skein.core.errors.MethodNotAllowed;
import dev.skein.core.errors.NotFound;
import dev.skein.core.errors.SkeinError;
import dev.skein.core.Json;
import dev.skein.gateway.Gateway;
import dev.skein.gateway.GatewayOptions;
import dev.skein.gateway.Publisher;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway's HTTP and WebSocket server. I/O threads parse requests and write answers; service
 * calls run on the app's executor through {@link ServiceHandle#call}.
 */
public final class HttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
    static final String METHOD_HEADER = "x-service-method";

    private final App app;
    private final GatewayOptions options;
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final Set<WebSocketSession> sessions = ConcurrentHashMap.newKeySet();
    private final AtomicLong sessionIds = new AtomicLong();
    /** Health, readiness and the fleet, unless the gateway was built without them. */
    private final OperationsRoutes operations;
    /** The live fleet dashboard's feed, when the gateway serves one. */
    private final DashboardFeed dashboard;
    private final StaticFiles staticFiles;
    /** Socket.IO for Feathers front ends, unless the gateway was built without it. */
    private final SocketIoEndpoint socketIo;
    /** Which service a path leads to, and what may be called there. */
    private final Exposure exposure;
    /** The mesh's instances as the gateway knows them: its waits while it settles and for a path without instances. */
    private final Availability availability;
    private final AppListener events = new AppListener() {
        @Override
        public void serviceEvent(ServiceEvent event) {
            publish(event);
            RemovedUsers.logOut(app, event, sessions, socketIo);
        }
    };
    /** JSON from clients, within the body limit and the nesting depth. */
    private final BoundedJson json;
    private final ConnectionLimits connections;
    private final RateLimitedLog failures = new RateLimitedLog(LOG);
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private volatile Channel channel;

    /** A server for {@code app} with resolved options (a real body limit); nothing is bound until {@link #start()}. */
    public HttpServer(App app, GatewayOptions options) {
        this.app = app;
        this.options = options;
        this.operations = options.operations() ? new OperationsRoutes(app, options.access().operationsToken()) : null;
        this.exposure = new Exposure(app, options);
        this.availability = new Availability(app, options.discovery());
        this.dashboard = options.dashboard() == null ? null : new DashboardFeed(app);
        this.staticFiles = new StaticFiles(options.staticRoot(), options.staticResources());
        this.json = new BoundedJson(options.maxBody(), options.limits().maxJsonDepth());
        this.connections = new ConnectionLimits(options.limits().maxConnections(), options.limits().maxConnectionsPerAddress());
        this.socketIo = options.socketIo() ? new SocketIoEndpoint(this, options.maxBody()) : null;
    }

    /** Binds the port in the background on two Netty event-loop groups; {@link #started()} completes or fails with the bind. */
    public void start() {
        availability.start();
        boss = new NioEventLoopGroup(1, new DefaultThreadFactory("skein-http-accept", true));
        workers = new NioEventLoopGroup(2, new DefaultThreadFactory("skein-http-io", true));
        new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        GatewayOptions.Limits limits = options.limits();
                        ReadTimeouts timeouts = new ReadTimeouts(limits.idleTimeout(), limits.headersTimeout(), limits.bodyTimeout());
                        ch.pipeline().addLast(connections, timeouts.bytes());
                        ch.pipeline().addLast(new HttpServerCodec(HttpGuards.MAX_REQUEST_LINE, HttpGuards.MAX_HEADERS, 8192), timeouts.messages());
                        ch.pipeline().addLast(new BrowserGuard(options));
                        if (options.cors() != null) ch.pipeline().addLast(new io.netty.handler.codec.http.cors.CorsHandler(HttpGuards.corsConfig(options.cors())));
                        ch.pipeline().addLast(new HeaderAuthentication(HttpServer.this), new HttpGuards.BodyLimit(options.maxBody()),
                                new WebSocketServerProtocolHandler(Gateway.WEBSOCKET_PATH, null, true, options.maxBody()),
                                new WebSocketSession.Handler(HttpServer.this), new Requests());
                    }
                })
                .bind(options.host(), options.port()).addListener((ChannelFuture f) -> {
                    if (f.isSuccess()) {
                        channel = f.channel();
                        app.addListener(events);
                        if (dashboard != null) workers.scheduleAtFixedRate(dashboard::tick, 1, 1, TimeUnit.SECONDS);
                        started.complete(null);
                    } else {
                        started.completeExceptionally(new IOException("The gateway cannot listen on " + options.host() + ":" + options.port()
                                + ": " + f.cause().getMessage(), f.cause()));
                    }
                });
    }


    /** Completes when the port is bound; fails with an IOException naming host and port otherwise. */
    public CompletableFuture<Void> started() {
        return started;
    }

    /**
     * The bound port, waiting up to 10 s for the bind (the wait is this caller's: {@link #started()}
     * itself keeps no timeout).
     *
     * @throws java.util.concurrent.CompletionException with the reason when the bind failed or took longer
     */
    public int port() {
        started.copy().orTimeout(10, TimeUnit.SECONDS).join();
        return ((java.net.InetSocketAddress) channel.localAddress()).getPort();
    }

    App app() {
        return app;
    }

    BoundedJson json() {
        return json;
    }

    // ---- routing ------------------------------------------------------------------------------

    Exposure exposure() {
        return exposure;
    }

    /**
     * Calls {@code method} of the service {@code route} leads to, for an outside client (REST,
     * WebSocket, Socket.IO): a brokered path lets through its listed methods only, to instances
     * of its version range.
     */
    CompletableFuture<Object> call(Exposure.Route route, String method, Object id, Object data, Params params) {
        try {
            exposure.admit(route, method, params);
        } catch (SkeinError refused) {
            return CompletableFuture.failedFuture(refused);
        }
        return availability.call(route.publicPath(), route.service(), workers, method, id, data, params);
    }

    /**
     * {@link #call} for the service at the path a WebSocket or Socket.IO message names; while the
     * gateway settles, a path not known yet is waited for, as a REST request's.
     *
     * @throws BadRequest when the path is not canonical
     */
    CompletableFuture<Object> callAt(Object wirePath, String method, Object id, Object data, Params params) {
        Exposure.Route route;
        try {
            route = exposure.exact(wirePath);
        } catch (NotFound missing) {
            if (!availability.settling() || !exposure.admits(ServicePath.of((String) wirePath).value())) throw missing;
            return availability.whileSettling(() -> exposure.knows(wirePath), workers)
                    .thenCompose(found -> call(exposure.exact(wirePath), method, id, data, params)); // NotFound again after the window
        }
        return call(route, method, id, data, params);
    }

    private static String trim(String path) {
        int start = 0;
        int end = path.length();
        while (start < end && path.charAt(start) == '/') start++;
        while (end > start && path.charAt(end - 1) == '/') end--;
        return path.substring(start, end);
    }

    // ---- REST ---------------------------------------------------------------------------------

    private final class Requests extends SimpleChannelInboundHandler<FullHttpRequest> {
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
    }

    /** Answers {@code request}; {@code mayWait}: a path not known while the gateway settles is waited for. */
    private void serve(ChannelHandlerContext ctx, FullHttpRequest request, boolean mayWait) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        try {
            handle(ctx, request, keepAlive, mayWait);
        } catch (SkeinError e) {
            respond(ctx, keepAlive, e.code(), e.toJson());
        } catch (RuntimeException e) {
            failures.warn(e.getClass().getName(), "The gateway failed on {} {}", request.method(), request.uri(), e);
            respond(ctx, keepAlive, 500, SkeinError.from(e).toJson());
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
        Exposure.UrlTarget target = exposure.url(uri.rawPath());
        if (target.whyNot() != null && verb != HttpMethod.GET && verb != HttpMethod.HEAD) {
            throw new BadRequest(Exposure.refusal(uri.rawPath(), target.whyNot()));
        }
        Exposure.Route route = target.route();
        if (dashboard != null && verb == HttpMethod.GET && trim(uri.path()).equals(options.dashboard())) {
            send(ctx, keepAlive, StaticFiles.resource("skein-gateway/dashboard.html"));
            return;
        }
        if (route == null && operations != null) {
            OperationsRoutes.Answer answer = operations.answer(trim(uri.path()), request);
            if (answer != null) {
                if (answer.text() != null) respondText(ctx, keepAlive, answer.status(), answer.text(), answer.contentType());
                else respond(ctx, keepAlive, answer.status(), answer.body());
                return;
            }
        }
        if (route == null) {
            FullHttpResponse file = verb == HttpMethod.GET || verb == HttpMethod.HEAD ? staticFiles.file(trim(uri.path())) : null;
            if (file != null) {
                send(ctx, keepAlive, file);
                return;
            }
            if (target.whyNot() != null) throw new BadRequest(Exposure.refusal(uri.rawPath(), target.whyNot()));
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
        params.set(Gateway.CLIENT_ADDRESS, clientAddress(ctx.channel()));
        String bearer = params.headers().get("authorization");
        if (bearer != null && bearer.regionMatches(true, 0, "Bearer ", 0, 7)) {
            params.authentication(Map.of("strategy", "jwt", "accessToken", bearer.substring(7).trim()));
        }
        Object data = null;
        if (Methods.takesData(method)) {
            data = BoundedJson.isBlank(request.content()) ? Map.of() : json.read(request.content());
        }
        int success = Methods.CREATE.equals(method) ? 201 : 200;
        call(route, method, route.id(), data, params).whenComplete((result, failure) -> {
            if (failure != null) {
                SkeinError error = SkeinError.from(failure);
                if ((error.code() == 429 || error.code() == 503) && error.data() instanceof Map<?, ?> d && d.get("retryAfter") instanceof Number wait) {
                    respond(ctx, keepAlive, error.code(), error.toJson(), "Retry-After", String.valueOf(wait.longValue()));
                    return;
                }
                respond(ctx, keepAlive, error.code(), error.toJson());
            } else {
                respond(ctx, keepAlive, result == null ? 204 : success, result);
            }
        });
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

    /** Answers {@code body} as JSON with this status, and these headers (name, value pairs). */
    static void respond(ChannelHandlerContext ctx, boolean keepAlive, int status, Object body, String... headers) {
        byte[] bytes = body == null ? new byte[0] : Json.write(body).getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.wrappedBuffer(bytes));
        if (body != null) response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
        for (int i = 0; i + 1 < headers.length; i += 2) response.headers().set(headers[i], headers[i + 1]);
        send(ctx, keepAlive, response);
    }

    /** The address of the client at the other end of {@code channel} ({@link Gateway#CLIENT_ADDRESS}). */
    static String clientAddress(Channel channel) {
        return channel.remoteAddress() instanceof java.net.InetSocketAddress a && a.getAddress() != null
                ? a.getAddress().getHostAddress() : String.valueOf(channel.remoteAddress());
    }

    private static void respondText(ChannelHandlerContext ctx, boolean keepAlive, int status, String text, String contentType) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8)));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        send(ctx, keepAlive, response);
    }

    private static void send(ChannelHandlerContext ctx, boolean keepAlive, FullHttpResponse response) {
        HttpUtil.setContentLength(response, response.content().readableBytes());
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(response);
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    // ---- WebSocket ----------------------------------------------------------------------------

    WebSocketSession open(Channel ch) {
        WebSocketSession session = new WebSocketSession(this, ch, "ws-" + sessionIds.incrementAndGet());
        sessions.add(session);
        return session;
    }

    void closed(WebSocketSession session) {
        sessions.remove(session);
        if (dashboard != null) dashboard.forget(session);
    }

    /** The dashboard's feed, or null when the gateway serves none. */
    DashboardFeed dashboard() {
        return dashboard;
    }

    private void publish(ServiceEvent event) {
        boolean socketIoClients = socketIo != null && socketIo.hasClients();
        boolean listeners = socketIoClients || !sessions.isEmpty();
        if (dashboard == null && !listeners) return; // the common case on a busy events path: nobody to publish to
        Publisher publisher = options.publisher() != null ? options.publisher() : Publisher.byDefault(app);
        if (dashboard != null) dashboard.event(event, publisher);
        if (!listeners) return;
        String path = exposure.publicPath(event.path());
        if (path == null) return;
        if (socketIoClients) socketIo.publish(event, path, publisher);
        String json = null;
        for (WebSocketSession s : sessions) {
            if (!wants(publisher, event, s)) continue;
            if (json == null) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("type", "event");
                m.put("path", path);
                m.put("event", event.event());
                m.put("data", event.safeData());
                json = Json.write(m);
            }
            s.channel().writeAndFlush(new TextWebSocketFrame(json));
        }
    }

    /** Whether {@code publisher} lets {@code connection} have {@code event}; a publisher that throws is logged and means no. */
    static boolean wants(Publisher publisher, ServiceEvent event, dev.skein.gateway.Connection connection) {
        try {
            return publisher.publish(event, connection);
        } catch (RuntimeException e) {
            LOG.warn("The gateway's publisher failed on {} {}", event.path(), event.event(), e);
            return false;
        }
    }

    @Override
    public void close() {
        availability.close();
        app.removeListener(events);
        if (socketIo != null) socketIo.close();
        for (WebSocketSession s : sessions) s.channel().close();
        if (channel != null) channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        if (workers != null) workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        if (boss != null) boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
