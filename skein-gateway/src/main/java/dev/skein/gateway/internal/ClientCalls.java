package dev.skein.gateway.internal;

import dev.skein.core.App;
import dev.skein.core.Params;

import java.util.concurrent.CompletableFuture;

/**
 * What a client's connection (a WebSocket session, a Socket.IO socket) asks of the gateway: the
 * app, its bounded JSON reader, and calls to the service a message's path names. The sessions hold
 * this and nothing else of the server ({@link Router} answers it).
 */
interface ClientCalls {

    /** The app the gateway serves. */
    App app();

    /** JSON from clients, within the body limit and the nesting depth. */
    BoundedJson json();

    /**
     * Calls {@code method} of the service at the path a WebSocket or Socket.IO message names; while
     * the gateway settles, a path not known yet is waited for, as a REST request's.
     *
     * @throws dev.skein.core.errors.BadRequest when the path is not canonical
     */
    CompletableFuture<Object> callAt(Object wirePath, String method, Object id, Object data, Params params);
}
