package dev.skein.gateway;

import dev.skein.core.ServiceEvent;

/**
 * Decides which WebSocket connections receive which service events (Feathers channels, as a
 * function). Called for each event and connection on the app's executor; must be fast.
 */
@FunctionalInterface
public interface Publisher {

    /** True when {@code connection} should receive {@code event}; an exception counts as false. */
    boolean publish(ServiceEvent event, Connection connection);


    /** Every event to every connection. */
    static Publisher everyone() {
        return (event, connection) -> true;
    }

    /** Every event to authenticated connections only. */
    static Publisher authenticated() {
        return (event, connection) -> connection.authenticated();
    }
}
