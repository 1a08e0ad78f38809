package dev.skein.gateway.intercept;

/**
 * Runs on a REST request to a service route before the service is called, as a feathers-distributed
 * {@code before} middleware does: it may let the request through (return), change what the service
 * call gets ({@link RestCall#query()}, {@link RestCall#headers()}, {@link RestCall#params()},
 * {@link RestCall#data(Object)}), answer it itself ({@link RestCall#respond(int, Object)}) or refuse it
 * by throwing a {@link dev.skein.core.errors.SkeinError} ({@code Forbidden}, {@code BadRequest},
 * {@code TooManyRequests}...), which the client gets as the usual Feathers error JSON. After an answer
 * or a refusal, neither the later before interceptors nor the service run; the after interceptors do.
 *
 * <p>It runs on one of the gateway's I/O threads: keep it quick and never block there (no blocking
 * I/O, no {@code join()}). Any other exception is answered 500 {@code GeneralError} without its
 * message or stack, and logged on the gateway.
 */
@FunctionalInterface
public interface BeforeInterceptor {

    /** Looks at {@code call} and lets it through, changes it, answers it or throws a {@code SkeinError} to refuse it. */
    void before(RestCall call);
}
