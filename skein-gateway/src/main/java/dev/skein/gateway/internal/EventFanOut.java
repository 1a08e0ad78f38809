package dev.skein.gateway.internal;

import dev.skein.core.App;
import dev.skein.core.AppListener;
import dev.skein.core.Json;
import dev.skein.core.ServiceEvent;
import dev.skein.gateway.Connection;
import dev.skein.gateway.Publisher;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The app's service events to the gateway's clients: the open WebSocket sessions, the Socket.IO
 * clients and the dashboard's feed, each event to the connections the publisher lets have it,
 * under the event's public path. It also logs out the connections of a user the users service removed.
 */
final class EventFanOut implements AppListener {

    private static final Logger LOG = LoggerFactory.getLogger(EventFanOut.class);

    private final App app;
    private final ClientCalls calls;
    private final Exposure exposure;
    /** The publisher the gateway was given, or null: the default, chosen per event. */
    private final Publisher publisher;
    private final SocketIoEndpoint socketIo;
    private final DashboardFeed dashboard;
    private final Set<WebSocketSession> sessions = ConcurrentHashMap.newKeySet();
    private final AtomicLong sessionIds = new AtomicLong();

    /** {@code socketIo} and {@code dashboard} are null when the gateway serves none. */
    EventFanOut(App app, ClientCalls calls, Exposure exposure, Publisher publisher, SocketIoEndpoint socketIo, DashboardFeed dashboard) {
        this.app = app;
        this.calls = calls;
        this.exposure = exposure;
        this.publisher = publisher;
        this.socketIo = socketIo;
        this.dashboard = dashboard;
    }

    /** A session for the WebSocket that just completed its handshake on {@code ch}. */
    WebSocketSession open(Channel ch) {
        WebSocketSession session = new WebSocketSession(calls, dashboard, ch, "ws-" + sessionIds.incrementAndGet());
        sessions.add(session);
        return session;
    }

    /** Forgets the session of a WebSocket that closed. */
    void closed(WebSocketSession session) {
        sessions.remove(session);
        if (dashboard != null) dashboard.forget(session);
    }

    /** Closes every WebSocket session's channel. */
    void closeSessions() {
        for (WebSocketSession s : sessions) s.channel().close();
    }

    @Override
    public void serviceEvent(ServiceEvent event) {
        publish(event);
        RemovedUsers.logOut(app, event, sessions, socketIo);
    }

    private void publish(ServiceEvent event) {
        boolean socketIoClients = socketIo != null && socketIo.hasClients();
        boolean listeners = socketIoClients || !sessions.isEmpty();
        if (dashboard == null && !listeners) return; // the common case on a busy events path: nobody to publish to
        Publisher publisher = this.publisher != null ? this.publisher : Publisher.byDefault(app);
        if (dashboard != null) dashboard.event(event, connection -> wants(publisher, event, connection));
        if (!listeners) return;
        String path = exposure.publicPath(event.path());
        if (path == null) return;
        if (socketIoClients) socketIo.publish(event, path, connection -> wants(publisher, event, connection));
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
    private static boolean wants(Publisher publisher, ServiceEvent event, Connection connection) {
        try {
            return publisher.publish(event, connection);
        } catch (RuntimeException e) {
            LOG.warn("The gateway's publisher failed on {} {}", event.path(), event.event(), e);
            return false;
        }
    }
}
