package dev.skein.gateway.internal;

import dev.skein.core.ServiceEvent;
import dev.skein.gateway.Connection;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.socket.engineio.server.EngineIoServer;
import io.socket.engineio.server.EngineIoServerOptions;
import io.socket.engineio.server.utils.ParseQS;
import io.socket.socketio.server.SocketIoServer;
import io.socket.socketio.server.SocketIoSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Socket.IO at {@code /socket.io/} on the gateway's port, for Feathers front ends
 * ({@code @feathersjs/socketio-client}): the protocol (Engine.IO v4, Socket.IO v5, both its
 * transports) is socket.io's own Java server ({@code io.socket:socket.io-server}); this class
 * plugs it into the gateway's Netty pipeline (WebSocket upgrades, long-polling requests) and gives
 * each client a {@link FeathersSocket}.
 */
final class SocketIoEndpoint implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SocketIoEndpoint.class);
    static final String PREFIX = "/socket.io/";
    /** The name of the gateway's {@code /ws} handler in a connection's pipeline, which an upgrade to Socket.IO removes. */
    static final String WEBSOCKET_HANDLER = "skein-websocket";

    private final ClientCalls server;
    private final int maxFrame;
    private final EngineIoServer engine;
    private final Set<FeathersSocket> sockets = ConcurrentHashMap.newKeySet();

    SocketIoEndpoint(ClientCalls server, int maxFrame) {
        this.server = server;
        this.maxFrame = maxFrame;
        EngineIoServerOptions options = EngineIoServerOptions.newFromDefault();
        options.setCorsHandlingDisabled(true); // the gateway's CORS handler answers for every path
        options.setMaxTimeoutThreadPoolSize(2);
        this.engine = new EngineIoServer(options);
        SocketIoServer io = new SocketIoServer(engine);
        io.namespace("/").on("connection", args -> {
            SocketIoSocket socket = (SocketIoSocket) args[0];
            try {
                FeathersSocket client = new FeathersSocket(server, socket);
                sockets.add(client);
                socket.on("disconnect", a -> sockets.remove(client));
            } catch (RuntimeException e) {
                LOG.warn("The gateway could not take the Socket.IO client {}", socket.getId(), e);
                socket.disconnect(true);
            }
        });
    }

    static boolean isFor(String path) {
        return path.startsWith(PREFIX) || path.equals(PREFIX.substring(0, PREFIX.length() - 1));
    }

    /** A request for {@code /socket.io/}: a WebSocket upgrade, or a long-polling request. */
    void handle(ChannelHandlerContext ctx, FullHttpRequest request) throws IOException {
        request.headers().set(FeathersSocket.ADDRESS_HEADER, Responses.clientAddress(ctx.channel())); // replaces any a client sent
        if (HttpHeaderValues.WEBSOCKET.contentEqualsIgnoreCase(request.headers().get(HttpHeaderNames.UPGRADE, ""))) {
            upgrade(ctx, request);
        } else {
            // a poll's packets are parsed by socket.io's own parser: their nesting is checked first
            if (request.content().isReadable()) server.json().checkDepth(request.content().toString(java.nio.charset.StandardCharsets.UTF_8));
            SocketIoPolling.handle(engine, ctx, request);
        }
    }

    /**
     * Upgrades the connection and hands it to the Engine.IO server once the handshake is written.
     * From then on the channel carries only Socket.IO: the gateway's own HTTP and WebSocket handlers
     * leave its pipeline.
     */
    private void upgrade(ChannelHandlerContext ctx, FullHttpRequest request) {
        String location = "ws://" + request.headers().get(HttpHeaderNames.HOST, "localhost") + request.uri();
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(location, null, true, maxFrame).newHandshaker(request);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        Map<String, String> query = ParseQS.decode(new QueryStringDecoder(request.uri()).rawQuery());
        Map<String, List<String>> headers = new HashMap<>();
        for (String name : request.headers().names()) headers.put(name, new ArrayList<>(request.headers().getAll(name)));
        SocketIoWebSocket socket = new SocketIoWebSocket(ctx.channel(), query, headers);
        ChannelPipeline p = ctx.pipeline();
        handshaker.handshake(ctx.channel(), request).addListener(f -> {
            if (!f.isSuccess()) {
                LOG.debug("Socket.IO upgrade failed for {}", ctx.channel().remoteAddress(), f.cause());
                ctx.close();
                return;
            }
            engine.handleWebSocket(socket);
        });
        p.remove(ctx.handler()); // the HTTP handlers after the codec go; frames reach the socket
        for (var entry : p.toMap().entrySet()) {
            Object h = entry.getValue();
            // the gateway's /ws handlers (the protocol handler adds a handshake handler of its own) and CORS
            if (WEBSOCKET_HANDLER.equals(entry.getKey()) || h instanceof io.netty.handler.codec.http.cors.CorsHandler
                    || h.getClass().getPackageName().equals("io.netty.handler.codec.http.websocketx") && h.getClass().getSimpleName().contains("Protocol")) {
                p.remove(entry.getKey());
            }
        }
        p.addLast(new WebSocketFrameAggregator(maxFrame), new SocketIoWebSocket.Frames(socket, server.json()));
    }

    /** A service event to the Socket.IO clients that {@code hears} it, under {@code publicPath}. */
    void publish(ServiceEvent event, String publicPath, Predicate<Connection> hears) {
        for (FeathersSocket s : sockets) {
            if (hears.test(s)) s.send(publicPath, event.event(), event.safeData());
        }
    }

    /** Logs out the clients logged in as the user {@code record} is. */
    void logOut(Map<?, ?> record, String idField) {
        for (FeathersSocket s : sockets) if (s.isUser(record, idField)) s.logOut();
    }

    boolean hasClients() {
        return !sockets.isEmpty();
    }

    @Override
    public void close() {
        engine.shutdown();
    }
}
