package dev.skein.gateway.internal;

import dev.skein.core.App;
import dev.skein.core.Params;
import dev.skein.core.ServicePath;
import dev.skein.core.errors.NotFound;
import dev.skein.core.errors.SkeinError;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Where a client's call goes: the {@link Exposure} of the path (which service, which methods),
 * then the {@link Availability} of its instances (waits while the gateway settles and for a path
 * without instances). REST, WebSocket and Socket.IO all call through it.
 */
final class Router implements ClientCalls {

    private final App app;
    private final Exposure exposure;
    private final Availability availability;
    private final BoundedJson json;
    private volatile ScheduledExecutorService loop;

    Router(App app, Exposure exposure, Availability availability, BoundedJson json) {
        this.app = app;
        this.exposure = exposure;
        this.availability = availability;
        this.json = json;
    }

    /** The I/O threads whose timers the waits use; set when the server starts, before any request. */
    void runOn(ScheduledExecutorService loop) {
        this.loop = loop;
    }

    @Override
    public App app() {
        return app;
    }

    @Override
    public BoundedJson json() {
        return json;
    }

    /** Which service a path leads to, and what may be called there. */
    Exposure exposure() {
        return exposure;
    }

    /** The mesh's instances as the gateway knows them. */
    Availability availability() {
        return availability;
    }

    /**
     * Calls {@code method} of the service {@code route} leads to, for an outside client (REST,
     * WebSocket, Socket.IO): a brokered path lets through its listed methods only, to instances
     * of its version range.
     */
    CompletableFuture<Object> call(Exposure.Route route, String method, Object id, Object data, Params params) {
        try {
            exposure.admit(route, method, params);
        } catch (SkeinError refused) {
            return CompletableFuture.failedFuture(refused);
        }
        return availability.call(route.publicPath(), route.service(), loop, method, id, data, params);
    }

    @Override
    public CompletableFuture<Object> callAt(Object wirePath, String method, Object id, Object data, Params params) {
        Exposure.Route route;
        try {
            route = exposure.exact(wirePath);
        } catch (NotFound missing) {
            if (!availability.settling() || !exposure.admits(ServicePath.of((String) wirePath).value())) throw missing;
            return availability.whileSettling(() -> exposure.knows(wirePath), loop)
                    .thenCompose(found -> call(exposure.exact(wirePath), method, id, data, params)); // NotFound again after the window
        }
        return call(route, method, id, data, params);
    }
}
