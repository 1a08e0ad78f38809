package dev.skein.gateway.auth;

import dev.skein.core.App;
import dev.skein.core.HookContext;
import dev.skein.core.Methods;
import dev.skein.core.Params;
import dev.skein.core.Plugin;
import dev.skein.core.Service;
import dev.skein.core.errors.Forbidden;
import dev.skein.core.errors.NotAuthenticated;
import dev.skein.core.memory.MemoryService;
import dev.skein.gateway.Publisher;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The users service of an app that authenticates, closed by default: the service is registered at
 * {@code users} (the {@link Authentication}'s default users path) with hooks that
 *
 * <ul>
 *   <li>require an authenticated caller (a valid access token) for every call from outside
 *       (REST, WebSocket) and from other nodes (the mesh), with one exception: sign-up, a
 *       {@code create} without a token, when {@link Builder#signUp(boolean)} is on (off by default);</li>
 *   <li>let a user read and change only their own record; a user whose {@code role} field is
 *       {@code admin} ({@link Builder#adminRole}) reads and changes every record, and only such a
 *       user may set the role field;</li>
 *   <li>hash the password before it is stored, and keep it from leaving the service: results to
 *       any caller but an internal one, and events, never carry it;</li>
 *   <li>assign ids (a new user from outside that brings one is refused), give each user a random
 *       {@link Authentication#TOKEN_KEY} that its tokens carry, so a token dies with its user even
 *       if the id comes back, and keep the login name unique on every write ({@link UserWrites}).</li>
 * </ul>
 *
 * <p>A gateway that is given no publisher sends this service's events to the user each record is
 * and to administrators only ({@link #publisher(Publisher)}).
 *
 * <p>The caller's user is always read from this service by the token's subject: a user map sent
 * along with the call (by a client or another node) does not raise its rights. Only internal calls
 * (no provider) pass without a token. A call from another node needs a token too, even when the
 * mesh has credentials: a node without authentication of its own (a gateway that forwards an
 * anonymous REST call, say) sends exactly what an internal call of that node would.
 *
 * <pre>{@code
 * app.configure(Authentication.builder(secret).build());
 * app.configure(Users.builder().signUp(true).build());
 * }</pre>
 */
public final class Users implements Plugin {

    /** The user field holding a user's id when none is given. */
    public static final String DEFAULT_ID_FIELD = "id";
    /** The user field holding a user's role when none is given. */
    public static final String DEFAULT_ROLE_FIELD = "role";
    /** The role that reads and changes every user when none is given. */
    public static final String DEFAULT_ADMIN_ROLE = "admin";

    private final Service service;
    private final String path;
    private final String passwordField;
    private final String usernameField;
    private final boolean signUp;
    private final String idField;
    private final String roleField;
    private final String adminRole;

    private Users(Builder b) {
        this.service = b.service != null ? b.service : new MemoryService();
        this.path = b.path;
        this.passwordField = b.passwordField;
        this.signUp = b.signUp;
        this.usernameField = b.usernameField;
        this.idField = b.idField;
        this.roleField = b.roleField;
        this.adminRole = b.adminRole;
    }

    /** A builder that starts from the defaults: users in memory, sign-up off. */
    public static Builder builder() {
        return new Builder();
    }

    /** Users kept in memory, sign-up off. */
    public static Users memory() {
        return builder().build();
    }

    /**
     * Registers the service at its path. The app's {@link Authentication} may be configured before
     * or after; a call from outside fails with GeneralError while there is none.
     */
    @Override
    public void configure(App app) {
        app.use(path, service);
        UserWrites writes = new UserWrites(path, usernameField, idField);
        app.service(path).hooks()
                .around(Methods.CREATE, writes::inTurn)
                .around(Methods.UPDATE, writes::inTurn)
                .around(Methods.PATCH, writes::inTurn)
                .beforeAsync(Methods.ALL, this::guard)
                .beforeAsync(Methods.CREATE, writes::check)
                .beforeAsync(Methods.UPDATE, writes::check)
                .beforeAsync(Methods.PATCH, writes::check)
                .before(Methods.CREATE, Auth.hashPassword(passwordField))
                .before(Methods.UPDATE, Auth.hashPassword(passwordField))
                .before(Methods.PATCH, Auth.hashPassword(passwordField))
                .after(Auth.protect(passwordField));
    }

    /** The field holding a user's id. */
    public String idField() {
        return idField;
    }

    /**
     * A publisher that sends the events of this users service only to the connection whose user
     * the record is, and to administrators' connections; every other event as {@code others}
     * decides. A gateway that is given no publisher uses this with {@link Publisher#authenticated()}.
     */
    public Publisher publisher(Publisher others) {
        return ownRecords(path, idField, roleField, adminRole, others);
    }

    /**
     * {@link #publisher(Publisher)} for a users service at {@code usersPath} that may live on
     * another node: its events reach the user the record is (same {@code idField} and
     * {@link Authentication#TOKEN_KEY}: not a connection of a removed user whose id came back) and users whose
     * {@code roleField} is {@code adminRole}, as the connection logged in; other events go as
     * {@code others} decides.
     */
    public static Publisher ownRecords(String usersPath, String idField, String roleField, String adminRole, Publisher others) {
        Objects.requireNonNull(others, "others");
        return (event, connection) -> {
            if (!event.path().equals(usersPath)) return others.publish(event, connection);
            Map<String, Object> user = connection.user();
            if (user == null) return false;
            if (adminRole.equals(user.get(roleField))) return true;
            return event.safeData() instanceof Map<?, ?> record && connection.isUser(record, idField);
        };
    }

    private CompletionStage<Void> guard(HookContext ctx) {
        Params params = ctx.params();
        if (params.provider() == null) return done();
        if (Auth.token(params) == null && Methods.CREATE.equals(ctx.method())) {
            if (!signUp) throw new NotAuthenticated("Not authenticated: the users service needs an access token (sign-up is off)");
            refuseRoleChange(ctx.data(), false);
            return done();
        }
        params.user(null); // the caller's rights come from its stored record, never from a user map it sent
        return Auth.authenticate().run(ctx).thenRun(() -> enforce(ctx, params.user()));
    }

    private void enforce(HookContext ctx, Map<String, Object> user) {
        boolean admin = adminRole.equals(user.get(roleField));
        if (admin) return;
        Object self = user.get(idField);
        if (self == null) throw new Forbidden("The caller's user record has no '" + idField + "' field; it may not use the users service");
        switch (ctx.method()) {
            case Methods.FIND -> ctx.params().query().put(idField, self);
            case Methods.GET -> ownRecord(ctx, self, "read");
            case Methods.UPDATE, Methods.PATCH -> {
                ownRecord(ctx, self, "change");
                refuseRoleChange(ctx.data(), true);
            }
            case Methods.REMOVE -> ownRecord(ctx, self, "remove");
            case Methods.CREATE -> {
                if (!signUp) throw new Forbidden("Only an administrator may create users (sign-up is off)");
                refuseRoleChange(ctx.data(), false);
            }
            default -> throw new Forbidden("Only an administrator may call '" + ctx.method() + "' on the users service");
        }
    }

    private void ownRecord(HookContext ctx, Object self, String verb) {
        if (ctx.id() == null || self == null || !String.valueOf(ctx.id()).equals(String.valueOf(self))) {
            throw new Forbidden("A user may only " + verb + " their own record");
        }
    }

    private void refuseRoleChange(Object data, boolean change) {
        List<?> items = data instanceof List<?> list ? list : java.util.Collections.singletonList(data);
        for (Object item : items) {
            if (item instanceof Map<?, ?> m && m.containsKey(roleField)) {
                throw new Forbidden("Only an administrator may " + (change ? "change" : "set") + " the '" + roleField + "' of a user");
            }
        }
    }

    private static CompletableFuture<Void> done() {
        return CompletableFuture.completedFuture(null);
    }

    /** Builds {@link Users}. */
    public static final class Builder {
        private Service service;
        private String path = Authentication.DEFAULT_USERS_PATH;
        private String passwordField = Authentication.DEFAULT_PASSWORD_FIELD;
        private String usernameField = Authentication.DEFAULT_USERNAME_FIELD;
        private boolean signUp;
        private String idField = DEFAULT_ID_FIELD;
        private String roleField = DEFAULT_ROLE_FIELD;
        private String adminRole = DEFAULT_ADMIN_ROLE;

        private Builder() {
        }

        /** Where users are stored ({@link MemoryService} by default). */
        public Builder service(Service service) {
            this.service = Objects.requireNonNull(service, "service");
            return this;
        }

        /** Where the service is registered ({@value Authentication#DEFAULT_USERS_PATH}); the same as the Authentication's users path. */
        public Builder path(String path) {
            this.path = App.normalize(path);
            return this;
        }

        /** The field holding the password ({@value Authentication#DEFAULT_PASSWORD_FIELD}): hashed when written, never sent. */
        public Builder passwordField(String field) {
            this.passwordField = Objects.requireNonNull(field, "field");
            return this;
        }

        /** The field that names a user at login ({@value Authentication#DEFAULT_USERNAME_FIELD}): unique among users. */
        public Builder usernameField(String field) {
            this.usernameField = Objects.requireNonNull(field, "field");
            return this;
        }

        /** Whether anyone may create a user without a token (sign-up); off by default. */
        public Builder signUp(boolean signUp) {
            this.signUp = signUp;
            return this;
        }

        /** The field holding a user's id ({@value #DEFAULT_ID_FIELD}). */
        public Builder idField(String field) {
            this.idField = Objects.requireNonNull(field, "field");
            return this;
        }

        /** The field holding a user's role ({@value #DEFAULT_ROLE_FIELD}) and the role that may do everything ({@value #DEFAULT_ADMIN_ROLE}). */
        public Builder adminRole(String roleField, String adminRole) {
            this.roleField = Objects.requireNonNull(roleField, "roleField");
            this.adminRole = Objects.requireNonNull(adminRole, "adminRole");
            if (roleField.isBlank() || adminRole.isBlank()) throw new IllegalArgumentException("the role field and the admin role must not be blank");
            return this;
        }

        /** The users plugin, for {@code app.configure(users)}; every setting was checked when it was set. */
        public Users build() {

            return new Users(this);
        }
    }
}
