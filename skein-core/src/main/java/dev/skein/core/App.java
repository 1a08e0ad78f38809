package dev.skein.core;

import dev.skein.core.errors.NotFound;
import dev.skein.core.errors.SkeinError;
import dev.skein.core.internal.AppExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An application: services registered at paths, app-wide hooks, plugins such as the mesh, and
 * the executor that runs service code.
 *
 * <pre>{@code
 * try (App app = App.create()) {
 *     app.use("todos", new MemoryService());
 *     app.service("todos").create(Map.of("text", "write docs")).join();
 * }
 * }</pre>
 *
 * <p>Thread-safe. An app owns its executor unless one was given to {@link Builder#executor}; it
 * shuts an owned executor down on {@link #close()}. Closing is idempotent.
 */
public final class App implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(App.class);

    private final String name;
    private final ExecutorService executor;
    private final boolean ownsExecutor;
    private final Map<String, ServiceHandle> services = new ConcurrentHashMap<>();
    private final Hooks hooks = new Hooks();
    private final List<AppListener> listeners = new CopyOnWriteArrayList<>();
    private final List<Plugin> plugins = new CopyOnWriteArrayList<>();
    private final List<ServiceResolver> resolvers = new CopyOnWriteArrayList<>();
    private final Map<String, Object> settings = new ConcurrentHashMap<>();
    private final ReentrantLock lifecycle = new ReentrantLock();
    private volatile boolean setUp;
    private volatile boolean closed;

    private App(Builder builder) {
        this.name = builder.name;
        this.ownsExecutor = builder.executor == null;
        this.executor = ownsExecutor ? AppExecutor.create("skein-" + name) : builder.executor;
    }

    /** An app with default settings: virtual threads on Java 21+, a bounded pool otherwise. */
    public static App create() {
        return builder().build();
    }

    /** A builder for an app with a name or an executor of its own. */
    public static Builder builder() {
        return new Builder();
    }

    /** The app's name, used in thread names and logs. */
    public String name() {
        return name;
    }

    // ---- services -----------------------------------------------------------------------------

    /** Registers {@code service} at {@code path} with default options. */
    public App use(String path, Service service) {
        return use(path, service, ServiceOptions.defaults());
    }

    /**
     * Registers {@code service} at {@code path} ({@code "todos"}, {@code "/api/todos/"}: slashes at
     * either end are dropped).
     *
     * A local service takes the place of an {@link ServiceOptions#open() open} handle registered
     * there (the proxy of a remote service that a mesh registered first): the handle stays the same
     * object, with its listeners and hooks, and its calls reach the local service from then on.
     *
     * @throws IllegalStateException when a service is registered there already, or the app is closed
     */
    public App use(String path, Service service, ServiceOptions options) {
        return use(path, service, options, hooks -> { });
    }

    /**
     * Registers {@code service} with hooks that are in place before anyone can call it (the mesh
     * registers proxies that need their authentication hook from the first call on).
     */
    public App use(String path, Service service, ServiceOptions options, java.util.function.Consumer<Hooks> hooks) {
        Objects.requireNonNull(hooks, "hooks");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(options, "options");
        String key = normalize(path);
        ServiceHandle handle;
        lifecycle.lock();
        try {
            if (closed) throw new IllegalStateException("App '" + name + "' is closed; cannot register '" + key + "'");
            ServiceHandle existing = services.get(key);
            if (existing != null && !(existing.options().open() && !options.open())) {
                throw new IllegalStateException("A service is already registered at '" + key + "'; unuse it first");
            }
            if (existing != null) {
                // a local service takes over the open handle of a remote one (a mesh proxy): whoever holds
                // the handle keeps it, with its listeners and hooks, and now reaches the local service
                existing.service().teardown();
                existing.swap(service, options);
                handle = existing;
            } else {
                handle = new ServiceHandle(this, key, service, options);
                services.put(key, handle);
            }
            hooks.accept(handle.hooks());
            if (setUp) service.setup(this, key);
        } finally {
            lifecycle.unlock();
        }
        for (AppListener listener : listeners) listener.serviceAdded(key, handle);
        return this;
    }

    /** Registers a {@link BlockingService} at {@code path} with default options; its methods run on the app's executor. */
    public App use(String path, BlockingService service) {
        return use(path, service, ServiceOptions.defaults());
    }

    /** Registers a {@link BlockingService} at {@code path}; its methods run on the app's executor. */
    public App use(String path, BlockingService service, ServiceOptions options) {
        return use(path, new BlockingAdapter(Objects.requireNonNull(service, "service")), options);
    }

    /**
     * Swaps the implementation and options of the service at {@code path} in place: the handle stays
     * the same object, with its hooks and event listeners, so whoever holds it is not affected (the
     * mesh uses it when what the instances behind a proxy offer changes).
     *
     * @throws NotFound when no service is registered there
     */
    public App replace(String path, Service service, ServiceOptions options) {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(options, "options");
        String key = normalize(path);
        lifecycle.lock();
        try {
            ServiceHandle old = services.get(key);
            if (old == null) throw new NotFound("No service is registered at '" + key + "' to replace");
            old.swap(service, options);
            if (setUp) service.setup(this, key);
        } finally {
            lifecycle.unlock();
        }
        return this;
    }

    /** Removes the service at {@code path}, tears it down and returns it; {@code null} if there was none. */
    public ServiceHandle unuse(String path) {
        String key = normalize(path);
        ServiceHandle handle;
        lifecycle.lock();
        try { // not between use()'s look at the path and its registration
            handle = services.remove(key);
        } finally {
            lifecycle.unlock();
        }
        if (handle == null) return null;
        try {
            handle.service().teardown();
        } catch (RuntimeException e) {
            LOG.warn("Teardown of service '{}' failed", key, e);
        }
        for (AppListener listener : listeners) listener.serviceRemoved(key, handle);
        return handle;
    }

    /**
     * The service at {@code path}, with its hooks and events. When nothing is registered there, the
     * app's {@link ServiceResolver}s may register something (with a mesh: the proxy of a remote
     * path not discovered yet, whose calls wait for an instance).
     *
     * @throws NotFound when no service is registered there and no resolver registers one; without any
     *                   resolver (no mesh configured yet) the message says so
     */
    public ServiceHandle service(String path) {
        String key = normalize(path);
        ServiceHandle handle = services.get(key);
        if (handle == null) {
            for (ServiceResolver resolver : resolvers) {
                if (resolver.resolve(this, key)) {
                    handle = services.get(key);
                    if (handle != null) return handle;
                }
            }
            throw new NotFound("No service is registered at '" + key + "'; registered: " + new ArrayList<>(services.keySet())
                    + (resolvers.isEmpty() ? "; this app has no mesh configured yet, so it reaches no remote service: "
                    + "app.configure(Mesh.join()) before app.service(\"" + key + "\"), or register a local service with app.use" : ""));
        }
        return handle;
    }

    /** A typed view of the service at {@code path} that maps its JSON data to {@code type} with Jackson. */
    public <T> TypedService<T> service(String path, Class<T> type) {
        return new TypedService<>(service(path), type);
    }

    /** The service at {@code path}, if one is registered. */
    public Optional<ServiceHandle> lookup(String path) {
        return Optional.ofNullable(services.get(normalize(path)));
    }

    /** Every registered service by path, in no particular order; a snapshot. */
    public Map<String, ServiceHandle> services() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(services));
    }

    /** The app-wide hooks, which run for every service. */
    public Hooks hooks() {
        return hooks;
    }

    // ---- plugins, settings, listeners ---------------------------------------------------------

    /** Runs {@code plugin} against this app and keeps it, to close it with the app if it is {@link AutoCloseable}. */
    public App configure(Plugin plugin) {
        Objects.requireNonNull(plugin, "plugin");
        lifecycle.lock();
        try { // with close(): a plugin either is refused or is among those close() closes
            if (closed) throw new IllegalStateException("App '" + name + "' is closed");
            plugins.add(plugin);
        } finally {
            lifecycle.unlock();
        }
        plugin.configure(this);
        return this;
    }

    /** The first configured plugin of {@code type}. */
    public <T> Optional<T> plugin(Class<T> type) {
        for (Plugin p : plugins) {
            if (type.isInstance(p)) return Optional.of(type.cast(p));
        }
        return Optional.empty();
    }

    /** An app setting, or {@code null}. */
    @SuppressWarnings("unchecked")
    public <T> T get(String key) {
        return (T) settings.get(key);
    }

    /** Sets an app setting; {@code null} removes it. */
    public App set(String key, Object value) {
        if (value == null) settings.remove(key);
        else settings.put(key, value);
        return this;
    }

    /** Adds a resolver that {@link #service(String)} asks when nothing is registered at a path (the mesh's, for remote paths). */
    public App addResolver(ServiceResolver resolver) {
        resolvers.add(Objects.requireNonNull(resolver, "resolver"));
        return this;
    }

    /** Removes a resolver added by {@link #addResolver}; nothing happens if it was not there. */
    public App removeResolver(ServiceResolver resolver) {
        resolvers.remove(resolver);
        return this;
    }

    /**
     * Adds a listener that hears services added and removed, every service event and the app
     * closing; it is not told about services registered before it was added.
     */
    public App addListener(AppListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /** Removes a listener added by {@link #addListener}; nothing happens if it was not there. */
    public App removeListener(AppListener listener) {
        listeners.remove(listener);
        return this;
    }

    /**
     * Tells every app listener; a listener that refuses the event with a {@link SkeinError} (the mesh,
     * for an event too large to send) does not stop the others, and the first such error is thrown
     * after all of them ran.
     */
    void fireEvent(ServiceEvent event) {
        SkeinError refused = null;
        for (AppListener listener : listeners) {
            try {
                listener.serviceEvent(event);
            } catch (SkeinError e) {
                if (refused == null) refused = e;
            } catch (RuntimeException e) {
                LOG.warn("An app listener failed on {} {}", event.path(), event.event(), e);
            }
        }
        if (refused != null) throw refused;
    }

    /** The executor that runs service methods, hooks and listeners. */
    public ExecutorService executor() {
        return executor;
    }

    // ---- lifecycle -----------------------------------------------------------------------------

    /** Calls {@link Service#setup} on every registered service; later ones are set up as they register. Idempotent. */
    public App setup() {
        lifecycle.lock();
        try {
            if (setUp) return this;
            setUp = true;
            for (ServiceHandle handle : services.values()) handle.service().setup(this, handle.path());
        } finally {
            lifecycle.unlock();
        }
        return this;
    }

    /** True once {@link #close()} has begun; a closed app registers no more services or plugins. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Closes plugins (last configured first), tears services down and stops the app's own
     * executor after the calls it runs finish (at most 10 s). Idempotent.
     */
    @Override
    public void close() {
        lifecycle.lock();
        try {
            if (closed) return;
            closed = true;
        } finally {
            lifecycle.unlock();
        }
        for (AppListener listener : listeners) {
            try {
                listener.closing(this);
            } catch (RuntimeException e) {
                LOG.warn("An app listener failed while the app closed", e);
            }
        }
        List<Plugin> reversed = new ArrayList<>(plugins);
        Collections.reverse(reversed);
        for (Plugin plugin : reversed) {
            if (plugin instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    LOG.warn("Plugin {} failed to close", plugin, e);
                }
            }
        }
        for (String path : new ArrayList<>(services.keySet())) unuse(path);
        if (ownsExecutor) {
            executor.shutdown();
            try {
                if (!executor.awaitTermination(10, TimeUnit.SECONDS)) executor.shutdownNow();
            } catch (InterruptedException e) {
                executor.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The canonical form of a path written in code: slashes and whitespace at either end trimmed,
     * then checked by {@link ServicePath#normalize(String)}. A path from outside is checked with
     * {@link ServicePath#of(String)} instead, which repairs nothing.
     *
     * @throws IllegalArgumentException for an empty or non-canonical path
     */
    public static String normalize(String path) {
        return ServicePath.normalize(path);
    }

    @Override
    public String toString() {
        return "App{" + name + ", services=" + services.keySet() + "}";
    }

    /** Builds an {@link App}. */
    public static final class Builder {
        private String name = "app";
        private ExecutorService executor;

        private Builder() {
        }

        /** The app's name, used in thread names and logs; {@code "app"} by default. */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Runs service code on {@code executor}, which the app will not shut down. */
        public Builder executor(ExecutorService executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** A new app; it owns and will shut down its executor unless one was given. */
        public App build() {
            return new App(this);
        }
    }
}
