package dev.skein.core.internal;

/**
 * Marks a {@link dev.skein.core.Service} whose methods only hand the call on, never block and run
 * no user code (the mesh's proxy of a remote service). When such a service has no hooks for a
 * method and emits no events of its own, its handle calls it on the caller's thread and completes
 * the caller's future where the answer arrives, with continuations still on the app's executor
 * ({@link ExecutorBoundFuture}): two thread hand-offs fewer per call.
 */
public interface DirectService {
}
