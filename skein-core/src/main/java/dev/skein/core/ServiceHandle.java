package dev.skein.core;

import dev.skein.core.errors.BadRequest;
import dev.skein.core.errors.SkeinError;
import dev.skein.core.internal.Stages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A service as the app serves it: calls run through the app's and the service's hooks on the app's
 * executor, and successful calls emit events to listeners. Get one from {@link App#service(String)}.
 *
 * <p>Thread-safe. Every call returns a future that completes on the app's executor with the result
 * or fails with a {@link SkeinError}; a failure that is not a Skein error reaches the caller as a
 * {@link dev.skein.core.errors.GeneralError} without its internal message.
 */
public final class ServiceHandle {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceHandle.class);

    private final App app;
    private final String path;
    // swapped together, in place, when the implementation behind the handle changes (App.replace)
    private volatile Service service;
    private volatile ServiceOptions options;
    private volatile Set<String> methods;
    private volatile List<String> events;
    private final Hooks hooks = new Hooks();
    private final Map<String, List<EventListener>> listeners = new ConcurrentHashMap<>();
    /** How its calls run: hooks, the service, events (the handle is what a caller holds; the pipeline, what a call goes through). */
    private final CallPipeline pipeline;

    ServiceHandle(App app, String path, Service service, ServiceOptions options) {
        this.app = app;
        this.path = path;
        this.pipeline = new CallPipeline(this);
        swap(service, options);
    }

    /**
     * Puts another implementation and options behind this handle, keeping the handle itself, its
     * hooks and its listeners: whoever holds it keeps calling and hearing the service.
     */
    void swap(Service service, ServiceOptions options) {
        List<String> all = new ArrayList<>(Methods.STANDARD_EVENTS);
        all.addAll(options.events());
        this.methods = Collections.unmodifiableSet(offeredMethods(service, options));
        this.events = List.copyOf(all);
        this.options = options;
        this.service = service;
    }

    /** The app the service is registered in. */
    public App app() {
        return app;
    }

    /** The path the service is registered at, without leading or trailing slashes. */
    public String path() {
        return path;
    }

    /** The service implementation; calling it directly skips hooks and events. */
    public Service service() {
        return service;
    }

    /** The options the service was registered (or last replaced) with: custom methods and events, direct calls, timeouts. */
    public ServiceOptions options() {
        return options;
    }

    /** Every method the service offers, standard and custom. */
    public Set<String> methods() {
        return methods;
    }

    /** Every event the service emits: the standard ones, then its custom ones. */
    public List<String> events() {
        return events;
    }

    /** The hooks of this service; add to them at any time. */
    public Hooks hooks() {
        return hooks;
    }

    /** True when the service offers {@code method} (any method, for an {@link ServiceOptions#open() open} handle). */
    public boolean offers(String method) {
        return options.open() || methods.contains(method);
    }

    /** True when the service emits {@code event} (any event, for an {@link ServiceOptions#open() open} handle). */
    public boolean emits(String event) {
        return options.open() || events.contains(event);
    }

    // ---- calls -------------------------------------------------------------------------------

    /** Finds items with no query; the result is the service's own (a list, or a page {@code {total, limit, skip, data}}). */
    public CompletableFuture<Object> find() {
        return find(new Params());
    }

    /** Finds the items that match {@code params}' query. */
    public CompletableFuture<Object> find(Params params) {
        return call(Methods.FIND, null, null, params);
    }

    /** Gets the item with {@code id}; fails with {@link dev.skein.core.errors.NotFound} when there is none. */
    public CompletableFuture<Object> get(Object id) {
        return get(id, new Params());
    }

    /** Gets the item with {@code id}, with params (a query can narrow or select what comes back). */
    public CompletableFuture<Object> get(Object id, Params params) {
        return call(Methods.GET, id, null, params);
    }

    /** Creates an item from JSON-shaped data and emits {@code created}; a service that allows it creates one per element of a list. */

    public CompletableFuture<Object> create(Object data) {
        return create(data, new Params());
    }

    /** Creates an item from {@code data}, with params, and emits {@code created}. */
    public CompletableFuture<Object> create(Object data, Params params) {
        return call(Methods.CREATE, null, data, params);
    }

    /** Replaces the item with {@code id} by {@code data} and emits {@code updated}. */
    public CompletableFuture<Object> update(Object id, Object data) {
        return update(id, data, new Params());
    }

    /** Replaces the item with {@code id} by {@code data}, with params, and emits {@code updated}. */
    public CompletableFuture<Object> update(Object id, Object data, Params params) {
        return call(Methods.UPDATE, id, data, params);
    }

    /** Merges {@code data} into the item with {@code id} and emits {@code patched}. */
    public CompletableFuture<Object> patch(Object id, Object data) {
        return patch(id, data, new Params());
    }

    /** Merges {@code data} into the item with {@code id}, or with a {@code null} id into the items {@code params}' query matches; emits {@code patched}. */
    public CompletableFuture<Object> patch(Object id, Object data, Params params) {
        return call(Methods.PATCH, id, data, params);
    }

    /** Removes the item with {@code id} and emits {@code removed} with it. */
    public CompletableFuture<Object> remove(Object id) {
        return remove(id, new Params());
    }

    /** Removes the item with {@code id}, or with a {@code null} id the items {@code params}' query matches; emits {@code removed}. */
    public CompletableFuture<Object> remove(Object id, Params params) {

        return call(Methods.REMOVE, id, null, params);
    }

    /** Calls the custom method {@code method} with {@code data}. */
    public CompletableFuture<Object> invoke(String method, Object data) {
        return invoke(method, data, null);
    }

    /**
     * Calls the custom method {@code method} with {@code data} and params. A standard method is
     * refused ({@link BadRequest}): {@code invoke("remove", x)} would have no id and remove every item;
     * call standard methods by their own name, or with {@link #call} and an id.
     */
    public CompletableFuture<Object> invoke(String method, Object data, Params params) {
        if (Methods.isStandard(method)) {
            return Stages.failed(new BadRequest("'" + method + "' is a standard method, not a custom one: call "
                    + path + "." + method + "(...) or call(\"" + method + "\", id, data, params)"));
        }
        return call(method, null, data, params);
    }

    /**
     * Calls any method by name: the entry point of the mesh, the gateway and the CLI. Arguments a
     * method does not take are ignored ({@code data} for {@code get}, {@code id} for {@code create}).
     */
    public CompletableFuture<Object> call(String method, Object id, Object data, Params params) {
        return pipeline.call(method, id, data, params);
    }

    // ---- events ------------------------------------------------------------------------------

    /** Calls {@code listener} for each {@code event} of this service. */
    public ServiceHandle on(String event, EventListener listener) {
        Objects.requireNonNull(listener, "listener");
        checkEvent(event);
        listeners.computeIfAbsent(event, e -> new CopyOnWriteArrayList<>()).add(listener);
        return this;
    }

    /** Calls {@code listener} for the next {@code event} only. */
    public ServiceHandle once(String event, EventListener listener) {
        Objects.requireNonNull(listener, "listener");
        EventListener[] self = new EventListener[1];
        self[0] = e -> {
            if (listeners.getOrDefault(event, List.of()).remove(self[0])) listener.onEvent(e);
        };
        return on(event, self[0]);
    }

    /** Stops calling {@code listener} for {@code event}. */
    public ServiceHandle off(String event, EventListener listener) {
        List<EventListener> list = listeners.get(event);
        if (list != null) list.remove(listener);
        return this;
    }

    /** Removes every listener of {@code event}. */
    public ServiceHandle off(String event) {
        listeners.remove(event);
        return this;
    }

    /**
     * Emits {@code event} with {@code data} to this node's listeners and, unless it is a
     * standard event of a proxy, to the mesh.
     *
     * @throws IllegalArgumentException when the service did not declare {@code event}
     */
    public void emit(String event, Object data) {
        emit(new ServiceEvent(path, event, Json.toPlain(data), null, false, null));
    }

    /** Emits an event built elsewhere (by the mesh, for an event that came from another node). */
    public void emit(ServiceEvent event) {
        checkEvent(event.event());
        if (!event.path().equals(path)) {
            throw new IllegalArgumentException("event of '" + event.path() + "' emitted on service '" + path + "'");
        }
        List<EventListener> list = listeners.get(event.event());
        if (list != null) {
            for (EventListener listener : list) {
                try {
                    listener.onEvent(event);
                } catch (Exception e) {
                    LOG.warn("A listener of {} {} failed", path, event.event(), e);
                }
            }
        }
        app.fireEvent(event);
    }

    private void checkEvent(String event) {
        if (!emits(event)) {
            throw new IllegalArgumentException("Service '" + path + "' has no event '" + event
                    + "'; it emits " + events + " (declare custom events with ServiceOptions.events)");
        }
    }

    // ---- blocking facade -----------------------------------------------------------------------

    /**
     * A blocking view of this service whose calls wait at most {@code timeout}, then fail with
     * {@link dev.skein.core.errors.Timeout}: for code that is not asynchronous (a test, a script,
     * a method of a {@link BlockingService} calling another service).
     */
    public BlockingHandle blocking(Duration timeout) {
        return new BlockingHandle(this, timeout);
    }

    private static Set<String> offeredMethods(Service service, ServiceOptions options) {
        if (options.methods() != null) return new LinkedHashSet<>(options.methods());
        Class<?> type = service instanceof BlockingAdapter blocking ? blocking.target().getClass() : service.getClass();
        Class<?> base = service instanceof BlockingAdapter ? BlockingService.class : Service.class;
        Set<String> offered = new LinkedHashSet<>();
        for (String method : Methods.STANDARD) {
            if (implementsMethod(type, base, method)) offered.add(method);
        }
        return offered;
    }

    private static boolean implementsMethod(Class<?> type, Class<?> base, String method) {
        for (Class<?> c = type; c != null && c != base && c != Object.class; c = c.getSuperclass()) {
            for (java.lang.reflect.Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(method) && !m.isBridge() && !m.isSynthetic()
                        && !java.lang.reflect.Modifier.isStatic(m.getModifiers())
                        && m.getParameterCount() == parameterCount(method)
                        && m.getParameterTypes()[m.getParameterCount() - 1] == Params.class) {
                    return true;
                }
            }
        }
        return false;
    }


    private static int parameterCount(String method) {
        return switch (method) {
            case Methods.FIND -> 1;
            case Methods.UPDATE, Methods.PATCH -> 3;
            default -> 2;
        };
    }

    @Override
    public String toString() {
        return "ServiceHandle{" + path + ", methods=" + methods + "}";
    }
}
