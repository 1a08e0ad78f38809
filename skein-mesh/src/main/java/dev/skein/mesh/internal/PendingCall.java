package dev.skein.mesh.internal;

import dev.skein.core.Methods;
import dev.skein.core.Params;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** A call this node sent and waits for ({@link OutboundCalls}), across its attempts. */
final class PendingCall {

    final String path;
    final String method;
    final Object itemId;
    final Object data;
    final Params params;
    final long deadline;
    final Duration timeout;
    final CompletableFuture<Object> result;
    /** The nodes not to try again: they refused it before it ran, or went away. */
    final Set<String> excluded = ConcurrentHashMap.newKeySet();
    /** The idempotency key every attempt of a call that is not find or get carries; null for those. */
    final String key;
    /** The node the current attempt went to; null between attempts. */
    volatile String node;
    volatile Clock.Deadline timer;
    /** Waiting in the broker's queue for its service (ServiceQueues): any node may answer. */
    volatile boolean queued;
    /** The node to send the next attempt to, when it still serves the path: the one that may have run it. */
    volatile String preferred;
    /** The one node this call goes to, whatever serves its path (a drain request), or null: any instance of the path. */
    volatile String only;
    /** The headers carrying the call's client span (OpenTelemetry), or null when not traced. */
    Map<String, String> traceHeaders;

    /** A call sent at {@code startNanos} (its node's {@link Clock#nanoTime()}), to be answered within {@code timeout}. */
    PendingCall(String path, String method, Object itemId, Object data, Params params, Duration timeout, long startNanos,
                CompletableFuture<Object> result, String key) {
        this.path = path;
        this.method = method;
        this.itemId = itemId;
        this.data = data;
        this.params = params;
        this.timeout = timeout;
        this.deadline = startNanos + timeout.toNanos();
        this.result = result;
        this.key = key;
    }

    /** Find and get may run twice: they go to another instance whatever happened to an attempt. */
    boolean retryable() {
        return Methods.FIND.equals(method) || Methods.GET.equals(method);
    }
}
