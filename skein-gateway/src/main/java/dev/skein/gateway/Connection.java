package dev.skein.gateway;

import java.util.Map;

/** One WebSocket client of the gateway, as the publish function sees it. Thread-safe. */
public interface Connection {

    /** A unique id of the connection within the gateway. */
    String id();

    /** The authenticated user, or null. */
    Map<String, Object> user();

    /** True when the connection has authenticated: {@link #user()} is not null. */
    default boolean authenticated() {

        return user() != null;
    }

    /** The client's address, for logs. */
    String remoteAddress();

    /**
     * True when this connection logged in as the user {@code record} is: the same {@code idField}
     * value and the same {@link dev.skein.gateway.auth.Authentication#TOKEN_KEY} (a record that
     * took the id of a removed user is another user).
     */
    default boolean isUser(Map<?, ?> record, String idField) {
        Map<String, Object> user = user();
        return user != null && record != null && user.get(idField) != null && record.get(idField) != null
                && String.valueOf(user.get(idField)).equals(String.valueOf(record.get(idField)))
                && java.util.Objects.equals(user.get(dev.skein.gateway.auth.Authentication.TOKEN_KEY),
                        record.get(dev.skein.gateway.auth.Authentication.TOKEN_KEY));
    }
}
