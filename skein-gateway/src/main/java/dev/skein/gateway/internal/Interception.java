package dev.skein.gateway.internal;

import dev.skein.core.App;
import dev.skein.core.errors.GeneralError;
import dev.skein.core.errors.SkeinError;
import dev.skein.gateway.auth.Auth;
import dev.skein.gateway.auth.Authentication;
import dev.skein.gateway.intercept.AfterInterceptor;
import dev.skein.gateway.intercept.BeforeInterceptor;
import dev.skein.gateway.intercept.RestCall;
import dev.skein.gateway.intercept.RestReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The interceptors of the REST routes (Gateway.Builder's {@code before} and {@code after}), in the
 * order given, each for every route or for one public path: the before ones, then the service
 * unless one answered or refused, then the after ones on whatever answer came. An interceptor's
 * {@link SkeinError} is its answer; any other exception a 500 without its message, logged here.
 * The answer always comes: the future never fails.
 */
public final class Interception {

    /** An interceptor and the public path it is for (without slashes), or null for every route. */
    public record Scoped<T>(String path, T interceptor) {

        /** Normalizes the path as service paths are ({@code /todos/} is {@code todos}). */
        public Scoped {
            path = path == null ? null : dev.skein.core.ServicePath.normalize(path);
            java.util.Objects.requireNonNull(interceptor, "interceptor");
        }

        boolean appliesTo(String publicPath) {
            return path == null || path.equals(publicPath);
        }
    }

    /** None: the routes answer as they did before interceptors existed. */
    public static final Interception NONE = new Interception(List.of(), List.of());

    private static final Logger LOG = LoggerFactory.getLogger(Interception.class);
    private final RateLimitedLog failures = new RateLimitedLog(LOG);
    private final List<Scoped<BeforeInterceptor>> before;
    private final List<Scoped<AfterInterceptor>> after;

    /** These interceptors, each list in the order they run. */
    public Interception(List<Scoped<BeforeInterceptor>> before, List<Scoped<AfterInterceptor>> after) {
        this.before = List.copyOf(before);
        this.after = List.copyOf(after);
    }

    /** Whether any interceptor runs on the route at {@code publicPath}. */
    boolean appliesTo(String publicPath) {
        return before.stream().anyMatch(s -> s.appliesTo(publicPath)) || after.stream().anyMatch(s -> s.appliesTo(publicPath));
    }

    /**
     * The user of a request's access token, for {@link RestCall#user()}: null without
     * authentication on the app, without a token, or when it does not verify (the service's hooks answer that).
     */
    static CompletableFuture<Map<String, Object>> user(App app, dev.skein.core.Params params) {
        Authentication auth = app.plugin(Authentication.class).orElse(null);
        String token = Auth.token(params);
        if (auth == null || token == null) return CompletableFuture.completedFuture(null);
        return auth.user(token).exceptionally(failure -> null);
    }

    /**
     * Runs the interceptors of {@code call}'s route around {@code service}, which calls the service
     * with the call's (possibly changed) data and params and answers its result.
     */
    CompletableFuture<RestReply> run(String publicPath, RestCall call, int success, Function<RestCall, CompletableFuture<Object>> service) {
        RestReply early = null;
        for (Scoped<BeforeInterceptor> s : before) {
            if (!s.appliesTo(publicPath)) continue;
            try {
                s.interceptor().before(call);
            } catch (RuntimeException e) {
                early = failed(call, e);
                break;
            }
            if (call.answer().isPresent()) {
                early = call.answer().get();
                break;
            }
        }
        CompletableFuture<RestReply> reply;
        if (early != null) {
            reply = CompletableFuture.completedFuture(early);
        } else {
            CompletableFuture<Object> result;
            try {
                result = service.apply(call);
            } catch (RuntimeException e) {
                result = CompletableFuture.failedFuture(e);
            }
            reply = result.handle((value, failure) -> failure != null ? error(SkeinError.from(failure))
                    : new RestReply(value == null ? 204 : success, value));
        }
        return reply.thenApply(r -> after(publicPath, call, r));
    }

    private RestReply after(String publicPath, RestCall call, RestReply reply) {
        for (Scoped<AfterInterceptor> s : after) {
            if (!s.appliesTo(publicPath)) continue;
            try {
                s.interceptor().after(call, reply);
            } catch (RuntimeException e) {
                return failed(call, e);
            }
        }
        return reply;
    }

    /** The answer for an interceptor's exception: its own error, or a 500 that says nothing of it (logged here). */
    private RestReply failed(RestCall call, RuntimeException e) {
        if (e instanceof SkeinError refused) return error(refused);
        failures.warn("interceptor " + e.getClass().getName(), "A gateway interceptor failed on {}; answered 500", call, e);
        return error(new GeneralError("A gateway interceptor failed; the gateway's log says why"));
    }

    /** The answer for an error: its Feathers JSON with its code, and {@code Retry-After} when it says how long to wait. */
    static RestReply error(SkeinError error) {
        RestReply reply = new RestReply(error.code(), error.toJson());
        if ((error.code() == 429 || error.code() == 503) && error.data() instanceof Map<?, ?> d && d.get("retryAfter") instanceof Number wait) {
            reply.header("Retry-After", String.valueOf(wait.longValue()));
        }
        return reply;
    }
}
