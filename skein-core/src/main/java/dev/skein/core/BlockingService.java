package dev.skein.core;

import dev.skein.core.errors.MethodNotAllowed;

/**
 * A service written as plain methods that may block (a database call, say). Register it with
 * {@link App#use(String, BlockingService)}: the app runs its methods on its executor (virtual
 * threads on Java 21+, a bounded pool otherwise), never on a caller's I/O thread. Implement the
 * methods the service offers; the others answer MethodNotAllowed (405). Implementations must be
 * thread-safe.
 *
 * <pre>{@code
 * class Greetings implements BlockingService {
 *     public Object get(Object id, Params params) {
 *         return Map.of("id", id, "text", "Hello " + id);
 *     }
 * }
 * }</pre>
 */
public interface BlockingService {

    /** Finds the items that match {@code params}' query; by default answers MethodNotAllowed. */
    default Object find(Params params) throws Exception {
        throw notAllowed(Methods.FIND);
    }

    /** Returns the item with {@code id}, or throws {@link dev.skein.core.errors.NotFound}; by default answers MethodNotAllowed. */
    default Object get(Object id, Params params) throws Exception {
        throw notAllowed(Methods.GET);
    }

    /** Creates an item from JSON-shaped {@code data} and returns it; by default answers MethodNotAllowed. */
    default Object create(Object data, Params params) throws Exception {
        throw notAllowed(Methods.CREATE);
    }

    /** Replaces the item with {@code id} by {@code data} and returns it; by default answers MethodNotAllowed. */
    default Object update(Object id, Object data, Params params) throws Exception {
        throw notAllowed(Methods.UPDATE);
    }

    /** Merges {@code data} into the item with {@code id} and returns it; by default answers MethodNotAllowed. */
    default Object patch(Object id, Object data, Params params) throws Exception {
        throw notAllowed(Methods.PATCH);
    }

    /** Removes the item with {@code id} and returns it; by default answers MethodNotAllowed. */
    default Object remove(Object id, Params params) throws Exception {

        throw notAllowed(Methods.REMOVE);
    }

    /** Runs a custom method declared in {@link ServiceOptions#methods()}. */
    default Object invoke(String method, Object data, Params params) throws Exception {
        throw notAllowed(method);
    }

    /** Called once when the app is set up, or at registration if the app already is. */
    default void setup(App app, String path) {
    }

    /** Called when the service is removed or the app closes. */
    default void teardown() {
    }

    private static MethodNotAllowed notAllowed(String method) {
        return new MethodNotAllowed("Method '" + method + "' is not allowed on this service");
    }
}
