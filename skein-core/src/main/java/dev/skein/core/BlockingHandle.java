package dev.skein.core;

import dev.skein.core.errors.SkeinError;
import dev.skein.core.errors.Timeout;
import dev.skein.core.errors.Unavailable;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The blocking view of a {@link ServiceHandle}, from {@link ServiceHandle#blocking(Duration)}: the
 * same calls, each waiting at most the view's timeout for its answer. A call returns the result,
 * or throws the call's {@link SkeinError} ({@link Timeout} when the answer takes longer; the call is
 * then cancelled, on its node too when it is remote). Thread-safe.
 *
 * <pre>{@code
 * BlockingHandle todos = app.service("todos").blocking(Duration.ofSeconds(5));
 * Object todo = todos.create(Map.of("text", "write docs"));
 * }</pre>
 */
public final class BlockingHandle {

    private final ServiceHandle handle;
    private final Duration timeout;

    BlockingHandle(ServiceHandle handle, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive");
        this.handle = handle;
        this.timeout = timeout;
    }

    /** The handle this view calls. */
    public ServiceHandle handle() {
        return handle;
    }

    /** How long each call waits for its answer. */
    public Duration timeout() {
        return timeout;
    }

    /** Every item (or the first page of them), as {@link ServiceHandle#find()}. */
    public Object find() {
        return await(handle.find(), Methods.FIND);
    }

    /** The items matching {@code params.query()}. */
    public Object find(Params params) {
        return await(handle.find(params), Methods.FIND);
    }

    /** The item with this id. */
    public Object get(Object id) {
        return await(handle.get(id), Methods.GET);
    }

    /** The item with this id, with params. */
    public Object get(Object id, Params params) {
        return await(handle.get(id, params), Methods.GET);
    }

    /** Creates an item and returns it. */
    public Object create(Object data) {
        return await(handle.create(data), Methods.CREATE);
    }

    /** Creates an item, with params, and returns it. */
    public Object create(Object data, Params params) {
        return await(handle.create(data, params), Methods.CREATE);
    }

    /** Replaces the item with this id. */
    public Object update(Object id, Object data) {
        return await(handle.update(id, data), Methods.UPDATE);
    }

    /** Replaces the item with this id, with params. */
    public Object update(Object id, Object data, Params params) {
        return await(handle.update(id, data, params), Methods.UPDATE);
    }

    /** Merges {@code data} into the item with this id (every match of the query when {@code id} is null). */
    public Object patch(Object id, Object data) {
        return await(handle.patch(id, data), Methods.PATCH);
    }

    /** Merges {@code data} into the item with this id, with params. */
    public Object patch(Object id, Object data, Params params) {
        return await(handle.patch(id, data, params), Methods.PATCH);
    }

    /** Removes the item with this id and returns it. */
    public Object remove(Object id) {
        return await(handle.remove(id), Methods.REMOVE);
    }

    /** Removes the item with this id (every match of the query when {@code id} is null), with params. */
    public Object remove(Object id, Params params) {
        return await(handle.remove(id, params), Methods.REMOVE);
    }

    /** Runs the custom method {@code method} with {@code data}. */
    public Object invoke(String method, Object data) {
        return invoke(method, data, null);
    }

    /** Runs the custom method {@code method} with {@code data} and params. */
    public Object invoke(String method, Object data, Params params) {
        return await(handle.invoke(method, data, params), method);
    }

    /** Calls any method by name, as {@link ServiceHandle#call(String, Object, Object, Params)}. */
    public Object call(String method, Object id, Object data, Params params) {
        return await(handle.call(method, id, data, params), method);
    }

    private Object await(CompletableFuture<Object> future, String method) {
        String what = handle.path() + "." + method;
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(false);
            throw new Timeout("Call " + what + " did not complete within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw SkeinError.from(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("Interrupted while waiting for " + what, null, null, e);
        }
    }

    @Override
    public String toString() {
        return "BlockingHandle[" + handle.path() + ", " + timeout + "]";
    }
}
