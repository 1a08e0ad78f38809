package dev.skein.gateway.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.password4j.Password;
import dev.skein.core.App;
import dev.skein.core.Params;
import dev.skein.core.Plugin;
import dev.skein.core.Service;
import dev.skein.core.ServiceOptions;
import dev.skein.core.errors.BadRequest;
import dev.skein.core.errors.NotAuthenticated;
import dev.skein.core.errors.SkeinError;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Authentication for an app, as in Feathers: a service at {@code authentication} whose
 * {@code create} checks credentials and answers {@code {accessToken, authentication, user}}.
 *
 * <ul>
 *   <li>{@code local} strategy: {@code {strategy: "local", email, password}}, checked against the
 *       users service (bcrypt hashes, see {@link Auth#hashPassword(String)});</li>
 *   <li>{@code jwt} strategy: {@code {strategy: "jwt", accessToken}}, a token this or another node
 *       issued with the same secret.</li>
 * </ul>
 * Tokens are HS256 JWTs whose subject is the user's id. Every node that must check tokens (the
 * distributed application scenario) configures an Authentication with the same secret; the users
 * service may live on another node.
 *
 * <p>Thread-safe.
 */
public final class Authentication implements Plugin {

    /** Where the authentication service is registered when no path is given, as in Feathers. */
    public static final String DEFAULT_PATH = "authentication";
    /** Where the users service is looked for when no path is given. */
    public static final String DEFAULT_USERS_PATH = "users";
    /** The user field the local strategy matches the login name against when none is given. */
    public static final String DEFAULT_USERNAME_FIELD = "email";
    /** The user field holding the password hash when none is given. */
    public static final String DEFAULT_PASSWORD_FIELD = "password";
    /** How long an access token is valid when no time is given: one day. */
    public static final Duration DEFAULT_EXPIRES_IN = Duration.ofDays(1);
    /** The issuer (and audience) of tokens when none is given; a token of another issuer is refused. */
    public static final String DEFAULT_ISSUER = "skein";
    /** The shortest secret accepted: HS256 needs 256 bits. */
    public static final int MIN_SECRET_BYTES = 32;

    private final byte[] secret;
    private final String path;
    private final String usersPath;
    private final String usernameField;
    private final String passwordField;
    private final Duration expiresIn;
    private final String issuer;
    private volatile App app;

    private Authentication(Builder b) {
        this.secret = b.secret.getBytes(StandardCharsets.UTF_8);
        this.path = b.path;
        this.usersPath = b.usersPath;
        this.usernameField = b.usernameField;
        this.passwordField = b.passwordField;
        this.expiresIn = b.expiresIn;
        this.issuer = b.issuer;
    }

    /**
     * A builder for authentication that signs tokens with {@code secret}: at least
     * {@value #MIN_SECRET_BYTES} bytes in UTF-8 (checked in {@link Builder#build()}), the same on every
     * node that checks tokens. Keep it out of source and command lines.
     */
    public static Builder builder(String secret) {
        return new Builder(secret);
    }

    /**
     * Registers the authentication service at {@link #path()}: {@code create} logs in (the
     * {@code local} and {@code jwt} strategies), {@code remove} logs out; it emits no events.
     */
    @Override
    public void configure(App app) {
        this.app = app;
        // No events: a "created" event would carry the access token to every listener and WebSocket client.
        app.use(path, new AuthenticationService(), ServiceOptions.builder().methods("create", "remove")
                .automaticEvents(false).build());
    }

    /** The path of the authentication service. */
    public String path() {
        return path;
    }

    /** The path of the service users are looked up in, by login name and by a token's subject. */
    public String usersPath() {
        return usersPath;
    }

    /** The user field the local strategy finds a user by ({@code email} by default). */
    public String usernameField() {
        return usernameField;
    }

    /** The user field holding the password hash. */
    public String passwordField() {
        return passwordField;
    }

    /** A signed access token for the user with this id. */
    public String issue(Object userId) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(String.valueOf(userId))
                .issuer(issuer)
                .audience(issuer)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(expiresIn)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(secret));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }

    /**
     * Checks a token and returns its claims.
     *
     * @throws NotAuthenticated for a malformed, forged, expired or foreign token (never a 500)
     */
    public JWTClaimsSet verify(String token) {
        if (token == null || token.isBlank()) throw new NotAuthenticated("No access token");
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            throw new NotAuthenticated("Invalid access token: malformed");
        }
        try {
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(new MACVerifier(secret))) {
                throw new NotAuthenticated("Invalid access token: bad signature");
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Date exp = claims.getExpirationTime();
            if (exp == null || exp.toInstant().isBefore(Instant.now())) throw new NotAuthenticated("Access token expired");
            if (!issuer.equals(claims.getIssuer()) || claims.getSubject() == null
                    || claims.getAudience() == null || !claims.getAudience().contains(issuer)) {
                throw new NotAuthenticated("Invalid access token: not issued for this mesh");
            }
            return claims;
        } catch (JOSEException | ParseException e) {
            throw new NotAuthenticated("Invalid access token");
        }
    }

    /** Runs the strategy named in {@code data} and answers {@code {accessToken, authentication, user}}. */
    CompletableFuture<Object> authenticate(Map<?, ?> data, Params params) {
        Object strategy = data.get("strategy");
        if ("local".equals(strategy)) return local(data);
        if ("jwt".equals(strategy)) {
            Object token = data.get("accessToken");
            JWTClaimsSet claims = verify(token == null ? null : token.toString());
            return user(claims.getSubject(), token.toString()).thenApply(user -> answer(token.toString(), "jwt", user));
        }
        throw new BadRequest("Unknown authentication strategy '" + strategy + "'; use 'local' or 'jwt'");
    }

    private CompletableFuture<Object> local(Map<?, ?> data) {
        Object username = data.get(usernameField);
        Object password = data.get(passwordField);
        if (!(username instanceof String) || !(password instanceof String)) {
            throw new BadRequest("The local strategy needs '" + usernameField + "' and '" + passwordField + "'");
        }
        Params query = Params.query(Map.of(usernameField, username, "$limit", 1));
        return app.service(usersPath).find(query).thenApply(found -> {
            Map<?, ?> user = first(found);
            Object hash = user == null ? null : user.get(passwordField);
            if (!(hash instanceof String h) || !Password.check((String) password, h).withBcrypt()) {
                throw new NotAuthenticated("Invalid login");
            }
            Map<String, Object> safe = withoutPassword(user);
            return answer(issue(user.get(idField(user))), "local", safe);
        });
    }

    /**
     * The user with this id, without its password, from the users service (local or remote). The
     * token, when given, goes with the lookup: a users service on another node checks it (it is
     * closed to anonymous callers, see {@link Users}).
     */
    CompletableFuture<Map<String, Object>> user(String id, String token) {
        Params params = new Params();
        if (token != null) params.authentication(Map.of("strategy", "jwt", "accessToken", token));
        return app.service(usersPath).get(id, params).handle((user, failure) -> {
            if (failure != null) {
                SkeinError e = SkeinError.from(failure);
                if (e.code() == 404) throw new NotAuthenticated("The user of this token no longer exists");
                throw e;
            }
            return withoutPassword((Map<?, ?>) user);
        });
    }

    private static Object idField(Map<?, ?> user) {
        return user.containsKey("id") ? "id" : "_id";
    }

    private Map<String, Object> answer(String token, String strategy, Map<String, Object> user) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("accessToken", token);
        out.put("authentication", Map.of("strategy", strategy));
        out.put("user", user);
        return out;
    }

    Map<String, Object> withoutPassword(Map<?, ?> user) {
        Map<String, Object> safe = new LinkedHashMap<>();
        user.forEach((k, v) -> {
            if (!passwordField.equals(k)) safe.put(String.valueOf(k), v);
        });
        return safe;
    }

    private static Map<?, ?> first(Object found) {
        Object list = found instanceof Map<?, ?> page ? page.get("data") : found;
        if (list instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof Map<?, ?> m) return m;
        return null;
    }

    /** The service at {@code authentication}. */
    private final class AuthenticationService implements Service {
        @Override
        public CompletionStage<Object> create(Object data, Params params) {
            if (!(data instanceof Map<?, ?> map)) throw new BadRequest("Authentication data must be an object");
            return authenticate(map, params);
        }

        @Override
        public CompletionStage<Object> remove(Object id, Params params) {
            // Tokens are stateless: logging out is the client forgetting its token.
            return CompletableFuture.completedFuture(Map.of("loggedOut", true));
        }
    }

    /** Builds an {@link Authentication}. */
    public static final class Builder {
        private final String secret;
        private String path = DEFAULT_PATH;
        private String usersPath = DEFAULT_USERS_PATH;
        private String usernameField = DEFAULT_USERNAME_FIELD;
        private String passwordField = DEFAULT_PASSWORD_FIELD;
        private Duration expiresIn = DEFAULT_EXPIRES_IN;
        private String issuer = DEFAULT_ISSUER;

        private Builder(String secret) {
            this.secret = Objects.requireNonNull(secret, "secret");
        }

        /** Where the authentication service is registered; {@value Authentication#DEFAULT_PATH} by default. */
        public Builder path(String path) {
            this.path = App.normalize(path);
            return this;
        }

        /** The path of the users service; {@value Authentication#DEFAULT_USERS_PATH} by default, the same as {@link Users}' path. */
        public Builder usersPath(String usersPath) {
            this.usersPath = App.normalize(usersPath);
            return this;
        }

        /** The user field the local strategy matches the login name against; {@value Authentication#DEFAULT_USERNAME_FIELD} by default. */
        public Builder usernameField(String field) {
            this.usernameField = Objects.requireNonNull(field, "field");
            return this;
        }

        /** The user field holding the password hash; {@value Authentication#DEFAULT_PASSWORD_FIELD} by default, the same as {@link Users}'. */
        public Builder passwordField(String field) {
            this.passwordField = Objects.requireNonNull(field, "field");
            return this;
        }

        /** How long an issued token is valid; {@link Authentication#DEFAULT_EXPIRES_IN} by default. Not checked: keep it positive. */
        public Builder expiresIn(Duration expiresIn) {
            Objects.requireNonNull(expiresIn, "expiresIn");
            if (expiresIn.isNegative() || expiresIn.isZero()) throw new IllegalArgumentException("expiresIn must be positive, got " + expiresIn);
            this.expiresIn = expiresIn;
            return this;
        }

        /** The issuer and audience written in tokens; {@value Authentication#DEFAULT_ISSUER} by default. Tokens of another issuer are refused. */
        public Builder issuer(String issuer) {
            this.issuer = Objects.requireNonNull(issuer, "issuer");
            return this;
        }

        /**
         * The authentication plugin.
         *
         * @throws IllegalArgumentException when the secret is shorter than {@value Authentication#MIN_SECRET_BYTES} bytes in UTF-8
         */
        public Authentication build() {

            if (secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
                throw new IllegalArgumentException("The authentication secret must be at least " + MIN_SECRET_BYTES
                        + " bytes for HS256; got " + secret.getBytes(StandardCharsets.UTF_8).length);
            }
            if (expiresIn.isNegative() || expiresIn.isZero()) throw new IllegalArgumentException("expiresIn must be positive");
            return new Authentication(this);
        }
    }
}
