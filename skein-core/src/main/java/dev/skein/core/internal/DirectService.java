package dev.skein.core.internal;

import dev.skein.core.Methods;
import dev.skein.core.Params;
import dev.skein.core.Service;

import java.util.concurrent.CompletionStage;

/**
 * A {@link Service} whose methods only hand the call on, never block and run no user code (the
 * mesh's proxy of a remote service): every method is one {@link #call}, which the handle calls
 * by name instead of picking the typed method. When such a service has no hooks for a method and
 * emits no events of its own, its handle calls it on the caller's thread and completes the caller's
 * future where the answer arrives, with continuations still on the app's executor
 * ({@link ExecutorBoundFuture}): two thread hand-offs fewer per call.
 */
public interface DirectService extends Service {

    /**
     * Hands on the call of {@code method}: {@code id} is null unless the method takes one
     * ({@link Methods#takesId}), {@code data} is null unless it takes data ({@link Methods#takesData}).
     * Never blocks; the stage completes where the answer arrives.
     */
    CompletionStage<Object> call(String method, Object id, Object data, Params params);

    /**
     * Whether the continuations of its callers' futures run where the answer arrives (an I/O thread)
     * instead of on the app's executor ({@link ExecutorBoundFuture#direct}): the owner of the service
     * promised that they never block. False unless the service says otherwise.
     */
    default boolean directCallbacks() {
        return false;
    }

    @Override
    default CompletionStage<Object> find(Params params) {
        return call(Methods.FIND, null, null, params);
    }

    @Override
    default CompletionStage<Object> get(Object id, Params params) {
        return call(Methods.GET, id, null, params);
    }

    @Override
    default CompletionStage<Object> create(Object data, Params params) {
        return call(Methods.CREATE, null, data, params);
    }

    @Override
    default CompletionStage<Object> update(Object id, Object data, Params params) {
        return call(Methods.UPDATE, id, data, params);
    }

    @Override
    default CompletionStage<Object> patch(Object id, Object data, Params params) {
        return call(Methods.PATCH, id, data, params);
    }

    @Override
    default CompletionStage<Object> remove(Object id, Params params) {
        return call(Methods.REMOVE, id, null, params);
    }

    @Override
    default CompletionStage<Object> invoke(String method, Object data, Params params) {
        return call(method, null, data, params);
    }
}
