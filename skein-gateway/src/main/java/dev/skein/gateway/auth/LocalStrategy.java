package dev.skein.gateway.auth;

import com.password4j.Password;
import dev.skein.core.App;
import dev.skein.core.Params;
import dev.skein.core.errors.BadRequest;
import dev.skein.core.errors.NotAuthenticated;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static dev.skein.core.Params.CLIENT_ADDRESS;

/**
 * The {@code local} strategy of an {@link Authentication}: a login name and a password checked
 * against the users service's bcrypt hash. Limited per login name and per client address
 * ({@link LoginLimits}) before any work; a missing user costs the same bcrypt check as a wrong
 * password, so the time of the answer does not tell whether an account exists. Thread-safe.
 */
final class LocalStrategy {

    private final Authentication auth;
    private final LoginLimits limits;
    private volatile String dummyHash;

    LocalStrategy(Authentication auth, LoginLimits limits) {
        this.auth = auth;
        this.limits = limits;
    }

    /** Checks {@code data}'s login name and password; answers {@code {accessToken, authentication, user}}. */
    CompletableFuture<Object> login(App app, Map<?, ?> data, Params params) {
        String usernameField = auth.usernameField();
        String passwordField = auth.passwordField();
        if (!(data.get(usernameField) instanceof String name) || !(data.get(passwordField) instanceof String given)) {
            throw new BadRequest("The local strategy needs '" + usernameField + "' and '" + passwordField + "' as strings");
        }
        Runnable giveBack = limits.take(name, params == null ? null : params.get(CLIENT_ADDRESS));
        Params query = Params.query(Map.of(usernameField, name, "$limit", 1));
        return app.service(auth.usersPath()).find(query).thenApply(found -> {
            Map<?, ?> user = first(found);
            Object hash = user == null ? null : user.get(passwordField);
            boolean stored = hash instanceof String;
            boolean matches = Password.check(given, stored ? (String) hash : dummyHash()).with(Auth.BCRYPT);
            if (!stored || !matches) throw new NotAuthenticated("Invalid login");
            giveBack.run();
            Map<String, Object> safe = auth.withoutPassword(user);
            return auth.answer(auth.issue(safe), "local", safe);
        });
    }

    /** A bcrypt hash of a random password, made once, to check against when there is no user: as long as a real check. */
    private String dummyHash() {
        String h = dummyHash;
        if (h == null) dummyHash = h = Password.hash(UUID.randomUUID().toString()).with(Auth.BCRYPT).getResult();
        return h;
    }

    private static Map<?, ?> first(Object found) {
        Object list = found instanceof Map<?, ?> page ? page.get("data") : found;
        if (list instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof Map<?, ?> m) return m;
        return null;
    }
}
