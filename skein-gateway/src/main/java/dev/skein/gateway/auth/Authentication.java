package dev.skein.gateway.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
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
 * The local strategy answers a missing user as slowly as a wrong password, and takes a limited
 * number of failed logins per login name and per client address a minute
 * ({@link Builder#loginAttemptsPerAccount}, {@link Builder#loginAttemptsPerAddress}; 429 past them).
 * Tokens are HS256 JWTs whose subject is the user's id, carrying the user's {@link #TOKEN_KEY}: a
 * token is good only while its user exists, the same record. Every node that must check tokens (the
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
    /**
     * The user field, and the token claim, of the random value each user gets when created
     * ({@link Users}): a token is good only for the record that holds the value it carries, so it
     * dies with its user even when the user's id is given to someone else later.
     */
    public static final String TOKEN_KEY = "tokenKey";
    /** Failed logins (local strategy) per login name a minute when none is set, as a bucket that holds as many. */
    public static final int DEFAULT_LOGIN_ATTEMPTS_PER_ACCOUNT = 10;
    /** Failed logins (local strategy) per client address a minute when none is set, as a bucket that holds as many. */
    public static final int DEFAULT_LOGIN_ATTEMPTS_PER_ADDRESS = 30;
    /** How many login names, and how many addresses, the login limits keep track of at most when none is set. */
    public static final int DEFAULT_LOGIN_LIMIT_KEYS = 10_000;

    private final byte[] secret;
    private final String path;
    private final String usersPath;
    private final String usernameField;
    private final String passwordField;
    private final Duration expiresIn;
    private final String issuer;
    private final LocalStrategy local;
    private volatile App app;

    private Authentication(Builder b) {
        this.secret = b.secret.getBytes(StandardCharsets.UTF_8);
        this.path = b.path;
        this.usersPath = b.usersPath;
        this.usernameField = b.usernameField;
        this.passwordField = b.passwordField;
        this.expiresIn = b.expiresIn;
        this.issuer = b.issuer;
        this.local = new LocalStrategy(this, new LoginLimits(b.perAccount, b.perAddress, b.limitKeys, System::nanoTime));
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

    /**
     * A signed access token for the user with this id, good only while that user's record has no
     * {@link #TOKEN_KEY}: for a user of {@link Users}, use {@link #issue(Map)}.
     */
    public String issue(Object userId) {
        return issue(userId, null);
    }

    /**
     * A signed access token for this user record (as stored): its id is the token's subject, its
     * {@link #TOKEN_KEY} goes in the token, which is good only for a record holding the same key.
     */
    public String issue(Map<String, ?> user) {
        Object key = user.get(TOKEN_KEY);
        return issue(user.get(idField(user)), key == null ? null : String.valueOf(key));
    }

    private String issue(Object userId, String key) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(String.valueOf(userId))
                .claim(TOKEN_KEY, key)
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
        if ("local".equals(strategy)) return local.login(app, data, params);
        if ("jwt".equals(strategy)) {
            Object token = data.get("accessToken");
            JWTClaimsSet claims = verify(token == null ? null : token.toString());
            return user(claims, token.toString()).thenApply(user -> answer(token.toString(), "jwt", user));
        }
        throw new BadRequest("Unknown authentication strategy '" + strategy + "'; use 'local' or 'jwt'");
    }

    /**
     * The user {@code token} stands for, without its password, as {@link Auth#authenticate()} would
     * set it: the token verified, the user looked up in the users service.
     *
     * @return the user; fails with {@code NotAuthenticated} for a bad token or a user that is gone
     */
    public CompletableFuture<Map<String, Object>> user(String token) {
        try {
            return user(verify(token), token);
        } catch (NotAuthenticated e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * The user a token names, without its password, from the users service (local or remote): it
     * must still exist and be the same user, the record holding the token's {@link #TOKEN_KEY}.
     * The token goes with the lookup: a users service on another node checks it (it is closed to
     * anonymous callers, see {@link Users}).
     */
    CompletableFuture<Map<String, Object>> user(JWTClaimsSet claims, String token) {
        Params params = new Params();
        if (token != null) params.authentication(Map.of("strategy", "jwt", "accessToken", token));
        return app.service(usersPath).get(claims.getSubject(), params).handle((user, failure) -> {
            if (failure != null) {
                SkeinError e = SkeinError.from(failure);
                if (e.code() == 404) throw new NotAuthenticated(GONE);
                throw e;
            }
            if (!(user instanceof Map<?, ?> record) || !sameUser(claims, record)) throw new NotAuthenticated(GONE);
            return withoutPassword(record);
        });
    }

    private static final String GONE = "The user of this token no longer exists; log in again";

    /** True when {@code user} is the record the token was issued for: it holds the token's {@link #TOKEN_KEY} (or both have none). */
    static boolean sameUser(JWTClaimsSet claims, Map<?, ?> user) {
        Object key = claims.getClaim(TOKEN_KEY);
        Object held = user.get(TOKEN_KEY);
        return Objects.equals(key == null ? null : String.valueOf(key), held == null ? null : String.valueOf(held));
    }

    private static Object idField(Map<?, ?> user) {
        return user.containsKey("id") ? "id" : "_id";
    }

    Map<String, Object> answer(String token, String strategy, Map<String, Object> user) {
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
        private int perAccount = DEFAULT_LOGIN_ATTEMPTS_PER_ACCOUNT;
        private int perAddress = DEFAULT_LOGIN_ATTEMPTS_PER_ADDRESS;
        private int limitKeys = DEFAULT_LOGIN_LIMIT_KEYS;

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
         * How many failed logins one login name may have a minute, whatever address they come from
         * ({@value Authentication#DEFAULT_LOGIN_ATTEMPTS_PER_ACCOUNT} by default; 0: no limit). An
         * attempt past it answers 429 TooManyRequests with {@code data.retryAfter} (REST: a
         * {@code Retry-After} header) before any work. The owner of the account is locked out as
         * long, which is the price of the limit.
         */
        public Builder loginAttemptsPerAccount(int perMinute) {
            this.perAccount = perMinute;
            return this;
        }

        /**
         * How many failed logins one client address may have a minute, whatever login names they
         * try ({@value Authentication#DEFAULT_LOGIN_ATTEMPTS_PER_ADDRESS} by default; 0: no limit).
         * The address is the gateway's peer: behind a proxy every client shares the proxy's.
         */
        public Builder loginAttemptsPerAddress(int perMinute) {
            this.perAddress = perMinute;
            return this;
        }

        /** How many login names, and how many addresses, the limits track at most ({@value Authentication#DEFAULT_LOGIN_LIMIT_KEYS}); the least recently seen are forgotten. */
        public Builder loginLimitKeys(int keys) {
            this.limitKeys = keys;
            return this;
        }

        /**
         * The authentication plugin.
         *
         * @throws IllegalArgumentException when the secret is shorter than {@value Authentication#MIN_SECRET_BYTES} bytes in UTF-8,
         *                                  or a login limit is negative
         */
        public Authentication build() {

            if (secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
                throw new IllegalArgumentException("The authentication secret must be at least " + MIN_SECRET_BYTES
                        + " bytes for HS256; got " + secret.getBytes(StandardCharsets.UTF_8).length);
            }
            if (expiresIn.isNegative() || expiresIn.isZero()) throw new IllegalArgumentException("expiresIn must be positive");
            if (perAccount < 0) throw new IllegalArgumentException("loginAttemptsPerAccount must be 0 (no limit) or more, got " + perAccount);
            if (perAddress < 0) throw new IllegalArgumentException("loginAttemptsPerAddress must be 0 (no limit) or more, got " + perAddress);
            if (limitKeys < 1) throw new IllegalArgumentException("loginLimitKeys must be positive, got " + limitKeys);
            return new Authentication(this);
        }
    }
}
