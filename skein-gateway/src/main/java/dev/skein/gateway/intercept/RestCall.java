package dev.skein.gateway.intercept;

import dev.skein.core.Methods;
import dev.skein.core.Params;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A REST request to a service route, as interceptors see it: what the client sent (HTTP method, path,
 * headers, query, body), where it goes (the service path and method, the id) and who sent it (the
 * user of its access token, when it has a valid one). The query, the headers, the params and the
 * body are the ones the service call gets: a {@link BeforeInterceptor} changes them in place.
 *
 * <p>The gateway makes one per request; the public constructor is there so that an interceptor can be
 * tested alone. Not thread-safe: the interceptors of a request run one after another.
 */
public final class RestCall {

    private final String httpMethod;
    private final String path;
    private final String servicePath;
    private final String serviceMethod;
    private final String id;
    private final Params params;
    private final Map<String, Object> user;
    private Object data;
    private RestReply answer;

    /**
     * A call as the gateway makes it.
     *
     * @param httpMethod    the request's verb, {@code GET}, {@code POST}...
     * @param path          the request's path as the client wrote it, decoded, without the query
     * @param servicePath   the path of the service called (without slashes); under a mount, the internal one
     * @param serviceMethod find, get, create, update, patch, remove or a custom method
     * @param id            the id in the path, or null (find, create)
     * @param params        the params the service call gets: provider, query, headers
     * @param data          the body of a write ({@link Methods#takesData}), else null
     * @param user          the user of the request's access token, or null
     */
    public RestCall(String httpMethod, String path, String servicePath, String serviceMethod, String id, Params params, Object data,
                    Map<String, Object> user) {
        this.httpMethod = Objects.requireNonNull(httpMethod, "httpMethod");
        this.path = Objects.requireNonNull(path, "path");
        this.servicePath = Objects.requireNonNull(servicePath, "servicePath");
        this.serviceMethod = Objects.requireNonNull(serviceMethod, "serviceMethod");
        this.id = id;
        this.params = Objects.requireNonNull(params, "params");
        this.data = data;
        this.user = user == null ? null : Map.copyOf(user);
    }

    /** The request's verb: {@code GET}, {@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE}. */
    public String httpMethod() {
        return httpMethod;
    }

    /** The request's path as the client wrote it, decoded, without the query, e.g. {@code /api/todos/3}. */
    public String path() {
        return path;
    }

    /** The path of the service called, without slashes (e.g. {@code todos}); under a mount, the internal service's. */
    public String servicePath() {
        return servicePath;
    }

    /** The service method: {@code find}, {@code get}, {@code create}, {@code update}, {@code patch}, {@code remove} or a custom one. */
    public String serviceMethod() {
        return serviceMethod;
    }

    /** The id in the path (get, update, patch, remove), as the client wrote it. */
    public Optional<String> id() {
        return Optional.ofNullable(id);
    }

    /** The query the service gets, parsed with the Feathers syntax ({@code $limit}, {@code done=false}...); changes reach the service. */
    public Map<String, Object> query() {
        return params.query();
    }

    /** The request's headers, lower-case names, as the service's params hold them; changes reach the service. */
    public Map<String, String> headers() {
        return params.headers();
    }

    /** A header of the request, by any case of its name. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(params.headers().get(name.toLowerCase(java.util.Locale.ROOT)));
    }

    /** The params the service call gets (query, headers, free entries that stay on this node); changes reach the service. */
    public Params params() {
        return params;
    }

    /**
     * The user of the request's access token ({@code Authorization: Bearer}), read-only, without its
     * password; empty without a token, with one that does not verify, or without authentication on
     * the app. The service's own {@code Auth.authenticate()} hook still decides whether the call may run.
     */
    public Optional<Map<String, Object>> user() {
        return Optional.ofNullable(user);
    }

    /** The body of a write (create, update, patch, a custom method): JSON-shaped data; null for the other methods. */
    public Object data() {
        return data;
    }

    /**
     * Replaces the body the service gets.
     *
     * @throws IllegalStateException for a method that takes no body (find, get, remove)
     */
    public void data(Object data) {
        if (!Methods.takesData(serviceMethod)) {
            throw new IllegalStateException(serviceMethod + " takes no body: change the query or the params instead");
        }
        this.data = data;
    }

    /**
     * Answers the request with {@code status} and {@code body} (JSON-shaped data, or null for none)
     * instead of the service: the later before interceptors and the service do not run, the after
     * interceptors do. To refuse it with a Feathers error, throw a {@code SkeinError} instead.
     *
     * @return the answer, to add headers to
     * @throws IllegalArgumentException for a status outside 100..599, or a body with 204 or 304
     */
    public RestReply respond(int status, Object body) {
        this.answer = new RestReply(status, body);
        return answer;
    }

    /** The answer a before interceptor gave ({@link #respond}), or empty while the call goes on to the service. */
    public Optional<RestReply> answer() {
        return Optional.ofNullable(answer);
    }

    @Override
    public String toString() {
        return httpMethod + " " + path + " (" + servicePath + "." + serviceMethod + ")";
    }
}
