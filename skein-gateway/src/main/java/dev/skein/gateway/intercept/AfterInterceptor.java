package dev.skein.gateway.intercept;

/**
 * Runs on the answer of a REST request to a service route before it is sent, as a
 * feathers-distributed {@code after} middleware does: it sees every answer of the route, the
 * service's result or error, or what a {@link BeforeInterceptor} answered, and may change its status,
 * body or headers ({@link RestReply}). Throwing a {@link dev.skein.core.errors.SkeinError} replaces the
 * answer by that error and skips the later after interceptors.
 *
 * <p>It runs on the thread that completed the call (an I/O thread of the gateway, or the app's):
 * keep it quick and never block. Any other exception is answered 500 {@code GeneralError} without
 * its message or stack, and logged on the gateway.
 */
@FunctionalInterface
public interface AfterInterceptor {

    /** Looks at the answer {@code reply} to {@code call} and changes it, or throws a {@code SkeinError}. */
    void after(RestCall call, RestReply reply);
}
