package dev.skein.gateway.internal;

import dev.skein.core.App;
import dev.skein.core.ServiceEvent;
import dev.skein.gateway.auth.Authentication;
import dev.skein.gateway.auth.Users;

import java.util.Map;
import java.util.Set;

/**
 * The WebSocket and Socket.IO connections of a user the users service removed are logged out (once
 * the {@code removed} event went out): they hear and call nothing more as that user, even if the
 * user's id is given to another user later ({@link dev.skein.gateway.Connection#isUser}).
 */
final class RemovedUsers {

    private RemovedUsers() {
    }

    /** Logs out the connections of the user {@code event} says was removed; any other event changes nothing. */
    static void logOut(App app, ServiceEvent event, Set<WebSocketSession> sessions, SocketIoEndpoint socketIo) {
        if (!"removed".equals(event.event()) || !(event.safeData() instanceof Map<?, ?> record)) return;
        String usersPath = app.plugin(Authentication.class).map(Authentication::usersPath).orElse(null);
        if (!event.path().equals(usersPath)) return;
        String idField = app.plugin(Users.class).map(Users::idField).orElse(Users.DEFAULT_ID_FIELD);
        for (WebSocketSession s : sessions) if (s.isUser(record, idField)) s.logOut();
        if (socketIo != null) socketIo.logOut(record, idField);
    }
}
