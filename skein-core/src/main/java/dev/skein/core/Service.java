package dev.skein.core;

import dev.skein.core.errors.MethodNotAllowed;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A service: the six standard methods of Feathers plus custom methods, asynchronous.
 *
 * <p>Implement the methods the service offers; the others answer {@link MethodNotAllowed} (405).
 * The app finds which standard methods a service implements by looking at which of them its class
 * overrides, and it learns the custom methods from {@link ServiceOptions#methods()}; those are
 * called through {@link #invoke(String, Object, Params)}.
 *
 * <p>Data is JSON-shaped: {@code Map}, {@code List}, {@code String}, {@code Number},
 * {@code Boolean} or {@code null}. An id is a string or a number. Methods are called on the app's
 * executor, never on an I/O thread, and may be called concurrently: an implementation must be
 * thread-safe. A method that blocks should extend {@link BlockingService} instead.
 *
 * <p>Call a service through {@link App#service(String)}, which runs hooks and emits events; calling
 * these methods directly skips both.
 */
public interface Service {

    /** Finds items matching {@code params.query()}: a list, or a page {@code {total, limit, skip, data}}. */
    default CompletionStage<Object> find(Params params) {
        return notAllowed(Methods.FIND);
    }

    /** The item with this id; NotFound if there is none. */
    default CompletionStage<Object> get(Object id, Params params) {
        return notAllowed(Methods.GET);
    }

    /** Creates an item (or several, when {@code data} is a list and the service allows it) and returns it. */
    default CompletionStage<Object> create(Object data, Params params) {
        return notAllowed(Methods.CREATE);
    }

    /** Replaces the item with this id. */
    default CompletionStage<Object> update(Object id, Object data, Params params) {
        return notAllowed(Methods.UPDATE);
    }

    /** Merges {@code data} into the item with this id, or into every match of the query when {@code id} is null. */
    default CompletionStage<Object> patch(Object id, Object data, Params params) {
        return notAllowed(Methods.PATCH);
    }

    /** Removes the item with this id, or every match of the query when {@code id} is null; returns what was removed. */
    default CompletionStage<Object> remove(Object id, Params params) {
        return notAllowed(Methods.REMOVE);
    }

    /** Runs the custom method {@code method}, declared in {@link ServiceOptions#methods()}. */
    default CompletionStage<Object> invoke(String method, Object data, Params params) {
        return notAllowed(method);
    }

    /** Called once when the app is set up, or at registration if the app already is. */
    default void setup(App app, String path) {
    }

    /** Called when the service is removed or the app closes. */
    default void teardown() {
    }

    /** A failed stage with {@link MethodNotAllowed} naming the method: what a method the service lacks answers. */
    static CompletionStage<Object> notAllowed(String method) {
        return CompletableFuture.failedFuture(new MethodNotAllowed("Method '" + method + "' is not allowed on this service"));
    }
}
