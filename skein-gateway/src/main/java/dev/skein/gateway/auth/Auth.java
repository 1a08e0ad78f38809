package dev.skein.gateway.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import com.password4j.BcryptFunction;
import com.password4j.Password;
import com.password4j.types.Bcrypt;
import dev.skein.core.AsyncHook;
import dev.skein.core.Hook;
import dev.skein.core.HookContext;
import dev.skein.core.Params;
import dev.skein.core.errors.GeneralError;
import dev.skein.core.errors.NotAuthenticated;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/** Hooks of authentication: {@link #authenticate()}, {@link #hashPassword(String)}, {@link #protect(String...)}. */
public final class Auth {

    /**
     * How passwords are hashed and checked: bcrypt 2b with cost 10, password4j's own defaults, given
     * here because password4j otherwise reads them from a psw4j.properties file that Skein does not
     * ship, and logs two WARN lines for every hash about the file it did not find.
     */
    static final BcryptFunction BCRYPT = BcryptFunction.getInstance(Bcrypt.B, 10);


    private Auth() {
    }

    /**
     * A before hook that lets a call from outside (a provider is set: rest, websocket, mesh) through
     * only with a valid access token, and sets {@code params.user()}. The token comes from
     * {@code params.authentication().accessToken} or an {@code Authorization: Bearer} header.
     * Internal calls (no provider) pass. The user is looked up on every call, whatever user map the
     * call brings (a connection's user as it logged in, another node's): a token dies with its user,
     * and a record that took its id later is not that user ({@link Authentication#TOKEN_KEY}).
     *
     * <p>The app needs an {@link Authentication} with the secret that issued the token. A gateway
     * tells this hook among a method's before hooks: a REST request to such a method without a
     * valid token is answered 401 from its headers, its body never read (docs/GATEWAY.md).
     */
    public static AsyncHook authenticate() {
        return AUTHENTICATE;
    }

    /** One instance, so that the gateway can tell it among a service's hooks ({@link dev.skein.core.Hooks#runsBefore}). */
    private static final AsyncHook AUTHENTICATE = Auth::authenticate;

    private static CompletableFuture<Void> authenticate(HookContext ctx) {
        Params params = ctx.params();
        if (params.provider() == null) return CompletableFuture.completedFuture(null);
        Authentication auth = ctx.app().plugin(Authentication.class).orElseThrow(() ->
                new GeneralError("authenticate() needs an Authentication configured on this app"));
        String token = token(params);
        if (token == null) throw new NotAuthenticated("Not authenticated: no access token");
        JWTClaimsSet claims = auth.verify(token);
        Map<String, Object> authentication = new LinkedHashMap<>();
        authentication.put("strategy", "jwt");
        authentication.put("accessToken", token);
        params.authentication(authentication);
        return auth.user(claims, token).thenAccept(params::user);
    }

    /** The access token of a call: from its authentication params or its Bearer header; null if none. */
    public static String token(Params params) {
        Map<String, Object> a = params.authentication();
        if (a != null && a.get("accessToken") instanceof String t && !t.isBlank()) return t;
        String header = params.headers().get("authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) return header.substring(7).trim();
        return null;
    }

    /** A before hook for create, update and patch of a users service: replaces the password in the data by its bcrypt hash. */
    public static Hook hashPassword(String field) {
        Objects.requireNonNull(field, "field");
        return ctx -> {
            Object data = ctx.data();
            if (data instanceof List<?> list) {
                List<Object> hashed = new ArrayList<>();
                for (Object item : list) hashed.add(hash(item, field));
                ctx.data(hashed);
            } else {
                ctx.data(hash(data, field));
            }
        };
    }

    private static Object hash(Object item, String field) {
        if (!(item instanceof Map<?, ?> map) || !(map.get(field) instanceof String password)) return item;
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(String.valueOf(k), v));
        copy.put(field, Password.hash(password).with(BCRYPT).getResult());
        return copy;
    }

    /**
     * An after hook that keeps these fields from leaving: removed from results sent to outside
     * callers (any provider), and from what events send to clients and other nodes
     * ({@link HookContext#dispatch()}), whoever made the call.
     */
    public static Hook protect(String... fields) {
        List<String> names = List.of(fields);
        return ctx -> {
            Object safe = strip(ctx.dispatch() != null ? ctx.dispatch() : ctx.result(), names);
            ctx.dispatch(safe);
            if (ctx.params().provider() != null) ctx.result(strip(ctx.result(), names));
        };
    }

    private static Object strip(Object result, List<String> fields) {
        if (result instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object o : list) out.add(strip(o, fields));
            return out;
        }
        if (result instanceof Map<?, ?> map) {
            if (map.containsKey("data") && map.containsKey("total")) {
                Map<String, Object> page = new LinkedHashMap<>();
                map.forEach((k, v) -> page.put(String.valueOf(k), "data".equals(k) ? strip(v, fields) : v));
                return page;
            }
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                if (!fields.contains(String.valueOf(k))) out.put(String.valueOf(k), v);
            });
            return out;
        }
        return result;
    }
}
