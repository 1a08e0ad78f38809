package dev.skein.gateway;

import dev.skein.core.App;
import dev.skein.core.ServiceEvent;
import dev.skein.gateway.auth.Authentication;
import dev.skein.gateway.auth.Users;

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

    /** Every event to authenticated connections only (the users service's too: see {@link #byDefault(App)}). */
    static Publisher authenticated() {
        return (event, connection) -> connection.authenticated();
    }

    /**
     * What a gateway publishes when it is given no publisher: on an app without {@link Authentication},
     * every event to everyone; with it, every event to authenticated connections, except the events
     * of the users service ({@link Authentication#usersPath()}), which reach the user the record is
     * and administrators only ({@link Users#publisher(Publisher)}; the {@link Users} settings of
     * this app, or their defaults when the users service lives on another node).
     */
    static Publisher byDefault(App app) {
        Authentication auth = app.plugin(Authentication.class).orElse(null);
        if (auth == null) return everyone();
        Users users = app.plugin(Users.class).orElse(null);
        return users != null ? users.publisher(authenticated())
                : Users.ownRecords(auth.usersPath(), Users.DEFAULT_ID_FIELD, Users.DEFAULT_ROLE_FIELD, Users.DEFAULT_ADMIN_ROLE, authenticated());
    }
}
