package dev.skein.mesh.internal;

import dev.skein.core.App;
import dev.skein.core.Methods;
import dev.skein.core.ServiceHandle;
import dev.skein.core.ServiceOptions;
import dev.skein.mesh.ServiceInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The binding of remote services into the app: a proxy ({@link RemoteProxy}) registered at a
 * local path for each consumed remote path, and which of the app's services are this node's own
 * (the ones it publishes) rather than proxies.
 */
final class ProxyBinder {

    private static final Logger LOG = LoggerFactory.getLogger(MeshNode.class); // its lines keep the node's name

    private final NodeContext ctx;
    private final MeshNode node;
    private final Registry registry;
    private final Map<String, ProxyEntry> proxies = new ConcurrentHashMap<>();
    private final Set<String> proxyPaths = ConcurrentHashMap.newKeySet();

    record ProxyEntry(String localPath, Set<String> methods, Set<String> events) {
    }

    ProxyBinder(NodeContext ctx, MeshNode node, Registry registry) {
        this.ctx = ctx;
        this.node = node;
        this.registry = registry;
    }

    /** The proxy of remote {@code path}, or null when there is none. */
    ProxyEntry proxyOf(String path) {
        return proxies.get(path);
    }

    /**
     * The app's own services (not proxies), in the order they were registered: kept here from the
     * app's events, so a hello does not copy the app's whole table, proxies of every remote path
     * included (in a mesh of N nodes, a node sends N hellos as it joins and hears N).
     */
    private final Set<String> localPaths = new java.util.concurrent.CopyOnWriteArraySet<>();

    /** Starts keeping {@link #localPaths}: after the app listener is added, so no registration is missed. */
    void watchLocal() {
        for (String path : ctx.app.services().keySet()) localAdded(path);
    }

    void localAdded(String path) {
        if (!isProxy(path)) localPaths.add(path);
    }

    void localRemoved(String path) {
        localPaths.remove(path);
    }

    List<ServiceInfo> localServices() {
        List<ServiceInfo> list = new ArrayList<>();
        for (String path : localPaths) {
            if (isProxy(path) || !ctx.options.services().publish().test(path)) continue;
            ServiceHandle h = ctx.app.lookup(path).orElse(null);
            if (h == null) continue;
            list.add(new ServiceInfo(h.path(), ctx.nodeId, List.copyOf(h.methods()), h.events(), h.options().version(),
                    h.options().metadata()));
        }
        return list;
    }

    boolean isProxy(String localPath) {
        return proxyPaths.contains(localPath);
    }

    /**
     * A local service took the place of the proxy at {@code localPath} ({@code App.use} on its path):
     * the path is this node's own from now on, and hellos of remote instances no longer touch it.
     *
     * @return whether there was a proxy there
     */
    boolean localTookOver(String localPath) {
        if (!proxyPaths.remove(localPath)) return false;
        proxies.values().removeIf(p -> p.localPath().equals(localPath));
        return true;
    }

    ServiceHandle localService(String path) {
        if (isProxy(path)) return null;
        return ctx.app.lookup(path).orElse(null);
    }

    /**
     * Registers a proxy for each consumed remote path, and keeps what each offers up to date. A
     * proxy stays for the life of the app once registered, with its hooks and listeners, whether
     * its instances leave, come back or are replaced: its calls read the instances at call time and
     * wait for one up to their timeout (docs/SERVICES.md, "Remote handles").
     */
    void syncProxies(java.util.Collection<String> paths) {
        for (String path : paths) {
            List<ServiceInfo> instances = registry.instances(path);
            if (instances.isEmpty() || !ctx.options.services().consume().test(path)) continue;
            Set<String> methods = new LinkedHashSet<>();
            Set<String> events = new LinkedHashSet<>();
            for (ServiceInfo s : instances) {
                methods.addAll(s.methods());
                for (String ev : s.events()) if (!Methods.STANDARD_EVENTS.contains(ev)) events.add(ev);
            }
            proxy(path, methods, events);
        }
    }

    /** Registers the proxy of remote {@code path}, or updates what it offers; false when a local service holds its local path. */
    private boolean proxy(String path, Set<String> methods, Set<String> events) {
        // no lock of this node is held while the app registers (it takes its own): the resolver may run inside app.setup()
        {
            if (ctx.closing || ctx.app.isClosed()) return false; // a hello heard while the node leaves binds nothing
            String localPath = App.normalize(ctx.options.services().proxyPath().apply(path));
            ProxyEntry existing = proxies.get(path);
            if (existing != null && existing.methods.equals(methods) && existing.events.equals(events)) return true;
            if (existing == null && ctx.app.lookup(localPath).isPresent()) return isProxy(localPath); // local is preferred
            ServiceOptions serviceOptions = ServiceOptions.builder().methods(List.copyOf(methods)).events(List.copyOf(events))
                    .automaticEvents(false).open(true).build();
            ProxyEntry entry = new ProxyEntry(localPath, methods, events);
            if (existing == null ? proxies.putIfAbsent(path, entry) != null : !proxies.replace(path, existing, entry)) {
                return true; // another thread registered or updated it meanwhile
            }
            proxyPaths.add(localPath);
            try {
                if (existing == null) {
                    ctx.app.use(localPath, new RemoteProxy(node, path), serviceOptions, ctx.options.services().proxyHooks());
                } else if (isProxy(localPath)) { // not taken over by a local service meanwhile
                    ctx.app.replace(localPath, new RemoteProxy(node, path), serviceOptions);
                }
                return true;
            } catch (RuntimeException ex) {
                if (existing == null) {
                    proxies.remove(path);
                    proxyPaths.remove(localPath);
                }
                LOG.warn("Node {} could not register the proxy of '{}' at '{}': {}", ctx.nodeId, path, localPath, ex.getMessage());
                return false;
            }
        }
    }

    /**
     * {@code app.service(path)} for a path nothing is registered at: the proxy of a remote path not
     * discovered yet, when the mesh consumes it and proxies keep their paths (with a
     * {@code proxyPath} mapping, the remote path cannot be told from the local one).
     */
    boolean resolve(App app, String localPath) {
        if (ctx.closed || isProxy(localPath) || !ctx.options.services().consume().test(localPath)
                || !App.normalize(ctx.options.services().proxyPath().apply(localPath)).equals(localPath)) {
            return false;
        }
        return proxy(localPath, new LinkedHashSet<>(Methods.STANDARD), Set.of());
    }

    /** The node left: every proxy leaves the app. */
    void unbindAll() {
        for (ProxyEntry p : proxies.values()) ctx.app.unuse(p.localPath);
        proxies.clear();
        proxyPaths.clear();
    }
}
