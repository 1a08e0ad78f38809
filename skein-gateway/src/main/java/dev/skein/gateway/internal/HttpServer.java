package dev.skein.gateway.internal;

import dev.skein.core.App;
import dev.skein.gateway.GatewayOptions;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's HTTP and WebSocket server: binds the port and builds each connection's pipeline
 * (limits, timeouts, browser guards, authentication, the WebSocket, then {@link RestHandler}). I/O
 * threads parse requests and write answers; service calls run on the app's executor through
 * {@link Router}; events reach clients through {@link EventFanOut}.
 */
public final class HttpServer implements AutoCloseable {

    /** The path of the plain WebSocket endpoint (Socket.IO has its own, {@code /socket.io/}). */
    public static final String WEBSOCKET_PATH = "/ws";

    private final App app;
    private final GatewayOptions options;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HttpServer.class);
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    /** Whether the program asked whether the port is bound: then it hears of a failed bind, else the log does. */
    private volatile boolean startAsked;
    /** The mesh's instances as the gateway knows them: its waits while it settles and for a path without instances. */
    private final Availability availability;
    private final Router router;
    /** The live fleet dashboard's feed, when the gateway serves one. */
    private final DashboardFeed dashboard;
    /** Socket.IO for Feathers front ends, unless the gateway was built without it. */
    private final SocketIoEndpoint socketIo;
    private final EventFanOut events;
    private final RestHandler rest;
    private final ConnectionLimits connections;
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private volatile Channel channel;

    /**
     * A server for {@code app} with resolved options (a real body limit) and the interceptors of its
     * REST routes; nothing is bound until {@link #start()}.
     */
    public HttpServer(App app, GatewayOptions options, Interception interception) {
        this.app = app;
        this.options = options;
        OperationsRoutes operations = options.operations() ? new OperationsRoutes(app, options.access().operationsToken()) : null;
        Exposure exposure = new Exposure(app, options);
        this.availability = new Availability(app, options.discovery());
        this.dashboard = options.dashboard() == null ? null : new DashboardFeed(app);
        StaticFiles staticFiles = new StaticFiles(options.staticRoot(), options.staticResources());
        BoundedJson json = new BoundedJson(options.maxBody(), options.limits().maxJsonDepth());
        this.router = new Router(app, exposure, availability, json);
        this.connections = new ConnectionLimits(options.limits().maxConnections(), options.limits().maxConnectionsPerAddress());
        this.socketIo = options.socketIo() ? new SocketIoEndpoint(router, options.maxBody()) : null;
        this.events = new EventFanOut(app, router, exposure, options.publisher(), socketIo, dashboard);
        this.rest = new RestHandler(router, socketIo, options.dashboard(), operations, staticFiles, interception);
    }

    /** Binds the port in the background on two Netty event-loop groups; {@link #started()} completes or fails with the bind. */
    public void start() {
        availability.start();
        boss = new NioEventLoopGroup(1, new DefaultThreadFactory("skein-http-accept", true));
        workers = new NioEventLoopGroup(2, new DefaultThreadFactory("skein-http-io", true));
        router.runOn(workers);
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
                        ch.pipeline().addLast(new HeaderAuthentication(router), new HttpGuards.BodyLimit(options.maxBody()),
                                new WebSocketServerProtocolHandler(WEBSOCKET_PATH, null, true, options.maxBody()));
                        ch.pipeline().addLast(SocketIoEndpoint.WEBSOCKET_HANDLER, new WebSocketHandler(events));
                        ch.pipeline().addLast(rest);
                    }
                })
                .bind(options.host(), options.port()).addListener((ChannelFuture f) -> {
                    if (f.isSuccess()) {
                        channel = f.channel();
                        app.addListener(events);
                        if (dashboard != null) workers.scheduleAtFixedRate(dashboard::tick, 1, 1, TimeUnit.SECONDS);
                        started.complete(null);
                    } else {
                        IOException failure = new IOException("The gateway cannot listen on " + options.host() + ":" + options.port()
                                + ": " + f.cause().getMessage(), f.cause());
                        started.completeExceptionally(failure);
                        // a program that never asks (started(), port(), url()) would run on without a word: say it once
                        CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS).execute(() -> {
                            if (!startAsked) LOG.error("{}; the gateway serves nothing (Gateway.started() fails with this too)", failure.getMessage());
                        });
                    }
                });
    }

    /** Completes when the port is bound; fails with an IOException naming host and port otherwise. */
    public CompletableFuture<Void> started() {
        startAsked = true;
        return started;
    }

    /**
     * The bound port, waiting up to 10 s for the bind (the wait is this caller's: {@link #started()}
     * itself keeps no timeout).
     *
     * @throws java.util.concurrent.CompletionException with the reason when the bind failed or took longer
     */
    public int port() {
        startAsked = true;
        started.copy().orTimeout(10, TimeUnit.SECONDS).join();
        return ((java.net.InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        availability.close();
        app.removeListener(events);
        if (socketIo != null) socketIo.close();
        events.closeSessions();
        if (channel != null) channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        if (workers != null) workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        if (boss != null) boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
