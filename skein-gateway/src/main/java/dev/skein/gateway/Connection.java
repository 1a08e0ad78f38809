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
}
