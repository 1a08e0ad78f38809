package dev.skein.gateway.internal;

import dev.skein.core.App;
import dev.skein.core.AppListener;
import dev.skein.core.Params;
import dev.skein.core.ServiceHandle;
import dev.skein.core.errors.Unavailable;
import dev.skein.core.internal.DirectService;
import dev.skein.gateway.GatewayOptions;
import dev.skein.mesh.Mesh;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The gateway's two bounded waits for the mesh (docs/GATEWAY.md, "While it settles and after a
 * service leaves"):
 * <ul>
 *   <li>while it settles (its settle window from its start), a request for a path no service is
 *       known at waits until one is; after the window such a path is answered 404 at once;</li>
 *   <li>a call to a remote path with no instance known waits for one up to {@code unavailableAfter}
 *       (at least until the window ends, at most the mesh's call timeout), then fails with
 *       {@link Unavailable} carrying {@code retryAfter}, instead of waiting the whole call timeout.</li>
 * </ul>
 * A path with an instance known ({@link MeshInstances}) is called at the cost of a map lookup. Before
 * waiting and before a 503 the mesh itself is asked, so an instance the listener's view missed is
 * never answered as missing.
 *
 * <p>Thread-safe. Nothing blocks: a waiter is checked again on its event loop whenever a service or
 * an instance appears, and once more at its deadline. Without a mesh (configured before the gateway)
 * nothing waits.
 */
final class Availability implements AutoCloseable {

    private final App app;
    private final GatewayOptions.Discovery settings;
    private final Mesh mesh;
    /** The remote instances, or null without a mesh. */
    private final MeshInstances instances;
    /** When the settle window ends ({@link System#nanoTime()}). */
    private final long settledAt;
    private final Set<Waiter> waiters = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private final AppListener services = new AppListener() {
        @Override
        public void serviceAdded(String path, ServiceHandle service) {
            wake();
        }
    };

    /** The waits of a gateway on {@code app}; nothing is watched until {@link #start()}. */
    Availability(App app, GatewayOptions.Discovery settings) {
        this.app = app;
        this.settings = settings;
        this.mesh = app.plugin(Mesh.class).filter(Availability::joined).orElse(null);
        this.instances = mesh == null ? null : new MeshInstances(mesh, this::wake);
        this.settledAt = System.nanoTime() + settings.settleWindow().toNanos();
    }

    /** Whether {@code mesh} is configured on its app (one whose configure failed is not). */
    private static boolean joined(Mesh mesh) {
        try {
            mesh.nodeId();
            return true;
        } catch (IllegalStateException notConfigured) {
            return false;
        }
    }

    /** Starts watching the app's services and the mesh's instances. */
    void start() {
        if (mesh == null) return;
        app.addListener(services);
        instances.start();
    }

    /** Whether the first discovery round still runs: a path not known yet may still appear. */
    boolean settling() {
        return mesh != null && System.nanoTime() - settledAt < 0;
    }

    /**
     * Completes with true as soon as {@code found} holds (checked now, whenever a service or an
     * instance appears, on {@code loop}), or with whether it holds when the settle window ends.
     */
    CompletableFuture<Boolean> whileSettling(BooleanSupplier found, ScheduledExecutorService loop) {
        return until(found, settledAt, loop);
    }

    /**
     * Calls {@code method} of {@code service}, at once unless it is a proxy of the mesh whose path
     * has no instance: then once one is known (the wait counting against the call's timeout, as the
     * mesh's own wait for an instance does), or fails with {@link Unavailable} naming {@code publicPath}
     * after {@code unavailableAfter}, the end of the settle window at the earliest and the mesh's call
     * timeout at the latest.
     */
    CompletableFuture<Object> call(String publicPath, ServiceHandle service, ScheduledExecutorService loop,
                                   String method, Object id, Object data, Params params) {
        String path = service.path();
        if (mesh == null || !(service.service() instanceof DirectService) || instances.has(path) || instances.look(path)) {
            return service.call(method, id, data, params);
        }
        long start = System.nanoTime();
        long wait = Math.min(mesh.options().calls().timeout().toNanos(), Math.max(settings.unavailableAfter().toNanos(), settledAt - start));
        return until(() -> instances.has(path), start + wait, loop).thenCompose(found -> {
            if (!found && !instances.look(path)) return CompletableFuture.failedFuture(unavailable(publicPath, path, wait));
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            if (params.get(Mesh.TIMEOUT) == null) params.set(Mesh.TIMEOUT, mesh.options().calls().timeout().minus(waited));
            return service.call(method, id, data, params);
        });
    }

    private Unavailable unavailable(String publicPath, String path, long waitedNanos) {
        long retryAfter = Math.max(1, (settings.unavailableAfter().toMillis() + 999) / 1000);
        return new Unavailable("No instance of service '" + publicPath + "' is in the mesh: "
                + (instances.seen(path) ? "its last one left and none came back" : "none has been discovered")
                + " within " + TimeUnit.NANOSECONDS.toMillis(waitedNanos) + " ms (the gateway's unavailableAfter is "
                + settings.unavailableAfter().toMillis() + " ms); try again in " + retryAfter + " s", Map.of("retryAfter", retryAfter));
    }

    private CompletableFuture<Boolean> until(BooleanSupplier found, long deadline, ScheduledExecutorService loop) {
        Waiter w = new Waiter(found, loop);
        waiters.add(w); // before the first check: whatever appears from now on wakes it
        if (closed || w.holds()) {
            w.finish(!closed);
            return w.result;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            w.finish(false);
            return w.result;
        }
        try {
            w.timer = loop.schedule(w::expire, left, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopping) {
            w.finish(false);
        }
        return w.result;
    }

    /** Checks every waiter again, each on its own loop. */
    private void wake() {
        for (Waiter w : waiters) {
            try {
                w.loop.execute(w::check);
            } catch (RejectedExecutionException stopping) {
                w.finish(false);
            }
        }
    }

    /** Stops watching; whoever waits is answered at once, as if nothing had appeared. */
    @Override
    public void close() {
        closed = true;
        if (mesh != null) {
            app.removeListener(services);
            instances.close();
        }
        for (Waiter w : waiters) w.finish(false);
    }

    /** One bounded wait for a condition. */
    private final class Waiter {
        final BooleanSupplier found;
        final ScheduledExecutorService loop;
        final CompletableFuture<Boolean> result = new CompletableFuture<>();
        volatile ScheduledFuture<?> timer;

        Waiter(BooleanSupplier found, ScheduledExecutorService loop) {
            this.found = found;
            this.loop = loop;
        }

        /** Whether the condition holds; one that fails says yes, so that whoever waits meets the failure itself. */
        boolean holds() {
            try {
                return found.getAsBoolean();
            } catch (RuntimeException e) {
                return true;
            }
        }

        void check() {
            if (!result.isDone() && holds()) finish(true);
        }

        void expire() {
            if (!result.isDone()) finish(holds());
        }

        void finish(boolean holds) {
            waiters.remove(this);
            ScheduledFuture<?> t = timer;
            if (t != null) t.cancel(false);
            result.complete(holds);
        }
    }
}
