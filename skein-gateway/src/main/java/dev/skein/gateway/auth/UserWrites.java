package dev.skein.gateway.auth;

import dev.skein.core.HookContext;
import dev.skein.core.Methods;
import dev.skein.core.Params;
import dev.skein.core.errors.BadRequest;
import dev.skein.core.errors.Conflict;
import dev.skein.core.errors.Forbidden;
import dev.skein.core.errors.Unavailable;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The rules of {@link Users} on what is written, for every caller (internal ones too, unless said):
 *
 * <ul>
 *   <li>ids are the service's to assign: a {@code create} from outside that brings an id is
 *       refused (400), and so is an {@code update} or {@code patch} whose data names another id;</li>
 *   <li>each user gets a random {@link Authentication#TOKEN_KEY} when created, which an outside
 *       caller can neither choose nor change, and which an {@code update} keeps;</li>
 *   <li>the login name is a string and unique on every write: a create, update or patch that
 *       would give a user another user's login name fails with Conflict (409). Writes that set a
 *       login name take turns per name (check, then write), so two at once cannot both pass.</li>
 * </ul>
 */
final class UserWrites {

    /** How long a write waits for an earlier write of the same login name before it gives up. */
    private static final long TURN_SECONDS = 30;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String path;
    private final String usernameField;
    private final String idField;
    /** Login name to the end of the last write that took a turn on it. */
    private final Map<String, CompletableFuture<Void>> turns = new HashMap<>();

    UserWrites(String path, String usernameField, String idField) {
        this.path = path;
        this.usernameField = usernameField;
        this.idField = idField;
    }

    /** An around hook for create, update and patch: the rest of the call runs in its login names' turn. */
    CompletionStage<?> inTurn(HookContext ctx, Supplier<CompletionStage<Void>> next) {
        Set<String> names = new TreeSet<>();
        for (Object item : items(ctx.data())) {
            if (item instanceof Map<?, ?> m && m.get(usernameField) instanceof String name) names.add(name);
        }
        if (names.isEmpty()) return next.get();
        CompletableFuture<Void> mine = new CompletableFuture<>();
        List<CompletableFuture<Void>> earlier = new ArrayList<>();
        synchronized (turns) { // every name of one call is queued at once: no two calls wait on each other
            for (String name : names) {
                CompletableFuture<Void> previous = turns.put(name, mine);
                if (previous != null) earlier.add(previous.exceptionally(x -> null));
            }
        }
        mine.whenComplete((v, x) -> {
            synchronized (turns) {
                for (String name : names) turns.remove(name, mine);
            }
        });
        CompletableFuture<Void> ready = CompletableFuture.allOf(earlier.toArray(CompletableFuture[]::new))
                .orTimeout(TURN_SECONDS, TimeUnit.SECONDS)
                .exceptionally(x -> {
                    if (x instanceof TimeoutException || x.getCause() instanceof TimeoutException) {
                        throw new Unavailable("Another change of this " + usernameField + " is still running; try again later");
                    }
                    return null;
                });
        CompletableFuture<Void> done = ready.thenCompose(v -> next.get());
        done.whenComplete((v, x) -> mine.complete(null));
        return done;
    }

    /** A before hook for create, update and patch, after the caller's rights are checked. */
    CompletionStage<Void> check(HookContext ctx) {
        boolean outside = ctx.params().provider() != null;
        if (Methods.CREATE.equals(ctx.method())) return create(ctx, outside);
        if (!(ctx.data() instanceof Map<?, ?> data)) return done();
        Object name = data.get(usernameField);
        if (data.containsKey(usernameField)) loginName(name);
        if (outside && data.containsKey(idField) && (ctx.id() == null || !String.valueOf(ctx.id()).equals(String.valueOf(data.get(idField))))) {
            throw new BadRequest("A user's '" + idField + "' cannot be changed; send the record's own id or none");
        }
        boolean update = Methods.UPDATE.equals(ctx.method());
        if (name == null && !update && !data.containsKey(Authentication.TOKEN_KEY)) return done();
        if (ctx.id() == null) {
            if (name != null) throw new BadRequest("Set the " + usernameField + " of one user at a time (with an id)");
            if (outside) throw new Forbidden("A user's '" + Authentication.TOKEN_KEY + "' is the service's; it cannot be changed");
            return done();
        }
        return ctx.app().service(path).get(ctx.id()).thenCompose(found -> {
            Map<?, ?> stored = (Map<?, ?>) found;
            Object key = stored.get(Authentication.TOKEN_KEY);
            if (data.containsKey(Authentication.TOKEN_KEY) && !Objects.equals(data.get(Authentication.TOKEN_KEY), key) && outside) {
                throw new Forbidden("A user's '" + Authentication.TOKEN_KEY + "' is the service's; it cannot be changed");
            }
            if (update && !data.containsKey(Authentication.TOKEN_KEY) && key != null) {
                Map<String, Object> kept = copy(data);
                kept.put(Authentication.TOKEN_KEY, key);
                ctx.data(kept);
            }
            return name == null ? done() : unique(ctx, (String) name, stored.get(idField));
        });
    }

    private CompletionStage<Void> create(HookContext ctx, boolean outside) {
        boolean many = ctx.data() instanceof List<?>;
        List<Object> keyed = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Object item : items(ctx.data())) {
            if (!(item instanceof Map<?, ?> m)) {
                keyed.add(item);
                continue;
            }
            if (outside && m.containsKey(idField)) {
                throw new BadRequest("The users service assigns ids: send a new user without '" + idField + "'");
            }
            if (outside && m.containsKey(Authentication.TOKEN_KEY)) {
                throw new BadRequest("The users service assigns '" + Authentication.TOKEN_KEY + "': send a new user without it");
            }
            if (m.containsKey(usernameField) && !names.add(loginName(m.get(usernameField)))) {
                throw new Conflict("Two new users have the same " + usernameField);
            }
            Map<String, Object> user = copy(m);
            user.putIfAbsent(Authentication.TOKEN_KEY, newKey());
            keyed.add(user);
        }
        ctx.data(many ? keyed : keyed.get(0));
        CompletionStage<Void> all = done();
        for (String name : names) all = all.thenCompose(v -> unique(ctx, name, null));
        return all;
    }

    /** Fails with Conflict when a user other than the one with id {@code self} (null: none) has this login name. */
    private CompletionStage<Void> unique(HookContext ctx, String name, Object self) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put(usernameField, name);
        query.put("$limit", 2);
        return ctx.app().service(path).find(Params.query(query)).thenAccept(found -> {
            Object list = found instanceof Map<?, ?> page ? page.get("data") : found;
            if (!(list instanceof List<?> users)) return;
            for (Object u : users) {
                if (u instanceof Map<?, ?> other && (self == null || !String.valueOf(self).equals(String.valueOf(other.get(idField))))) {
                    throw new Conflict("A user with this " + usernameField + " already exists");
                }
            }
        });
    }

    private String loginName(Object name) {
        if (!(name instanceof String s) || s.isBlank()) throw new BadRequest("A user's '" + usernameField + "' must be a non-blank string");
        return s;
    }

    private static String newKey() {
        byte[] key = new byte[16];
        RANDOM.nextBytes(key);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key);
    }

    private static Map<String, Object> copy(Map<?, ?> m) {
        Map<String, Object> copy = new LinkedHashMap<>();
        m.forEach((k, v) -> copy.put(String.valueOf(k), v));
        return copy;
    }

    private static List<?> items(Object data) {
        return data instanceof List<?> list ? list : Collections.singletonList(data);
    }

    private static CompletableFuture<Void> done() {
        return CompletableFuture.completedFuture(null);
    }
}
