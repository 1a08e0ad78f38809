package dev.skein.gateway.intercept;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answer to a REST request to a service route, before it is sent: its status, its body
 * (JSON-shaped data: the service's result, a Feathers error's JSON, or what an interceptor put
 * there) and headers of its own. {@link AfterInterceptor}s change it in place; the gateway adds
 * {@code Content-Type}, {@code Content-Length} and {@code Connection} itself.
 */
public final class RestReply {

    private int status;
    private Object body;
    private final Map<String, String> headers = new LinkedHashMap<>();

    /**
     * An answer with this status and body (null: none).
     *
     * @throws IllegalArgumentException for a status outside 100..599, or a body with 204 or 304
     */
    public RestReply(int status, Object body) {
        this.body = body;
        status(status);
    }

    /** The HTTP status: 200, 201 for a create, 204 for a null result, an error's code... */
    public int status() {
        return status;
    }

    /**
     * Sets the status.
     *
     * @throws IllegalArgumentException outside 100..599, or 204 or 304 while the answer has a body
     */
    public RestReply status(int status) {
        if (status < 100 || status > 599) throw new IllegalArgumentException("An HTTP status is 100..599, got " + status);
        if (body != null && bodiless(status)) throw new IllegalArgumentException(status + " is sent without a body: set body(null) first");
        this.status = status;
        return this;
    }

    /** Whether HTTP sends an answer with this status without a body. */
    private static boolean bodiless(int status) {
        return status == 204 || status == 304;
    }

    /** Whether the status is 400 or more: the body is then a Feathers error's JSON ({@code name}, {@code message}, {@code code}...). */
    public boolean isError() {
        return status >= 400;
    }

    /** The body, JSON-shaped (maps, lists, strings, numbers, booleans), or null for none. */
    public Object body() {
        return body;
    }

    /**
     * Replaces the body: JSON-shaped data, or null for none.
     *
     * @throws IllegalStateException for a 204 (a service's null result) or 304 answer, which HTTP sends
     *                               without a body: set {@code status(200)} first
     */
    public RestReply body(Object body) {
        if (body != null && bodiless(status)) {
            throw new IllegalStateException("A " + status + " answer is sent without a body: set status(200) before body(...)");
        }
        this.body = body;
        return this;
    }

    /** Sets a header of the answer (a null value removes it). */
    public RestReply header(String name, String value) {
        if (value == null) headers.remove(name);
        else headers.put(name, value);
        return this;
    }

    /** The headers set on the answer so far, in the order they were set; changes change the answer. */
    public Map<String, String> headers() {
        return headers;
    }

    @Override
    public String toString() {
        return status + " " + body;
    }
}
