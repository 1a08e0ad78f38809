package dev.skein.mesh.internal;

import dev.skein.mesh.ServiceInfo;
import dev.skein.mesh.spi.ServiceQueues;
import dev.skein.mesh.spi.Transport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The route through the broker's service queues, when the transport has them (RabbitMQ,
 * {@link ServiceQueues}): a call for a path with no instance known may wait in the broker, where
 * any instance may take it, and this node takes the queued requests of the services it publishes.
 * With a transport without queues, the route takes no call and this node serves no queue.
 */
final class QueueRoute {

    private final NodeContext ctx;
    private final ProxyBinder proxies;
    /** The transport's service queues, when it has them (RabbitMQ), and the paths this node takes requests of. */
    private final ServiceQueues queues;
    private final Set<String> served = ConcurrentHashMap.newKeySet();

    QueueRoute(NodeContext ctx, ProxyBinder proxies, Transport transport) {
        this.ctx = ctx;
        this.proxies = proxies;
        this.queues = transport instanceof ServiceQueues q ? q : null;
    }

    /**
     * Whether a call that found no candidate goes to the broker's queue rather than waiting here:
     * when no instance of its path is known at all, it asks no version range and excluded no node.
     */
    boolean takes(List<ServiceInfo> all, String range, Set<String> excluded) {
        return all.isEmpty() && queues != null && range == null && excluded.isEmpty();
    }

    /** The recipient a request queued for {@code path} is sealed for. */
    static String recipient(String path) {
        return ServiceQueues.RECIPIENT_PREFIX + path;
    }

    /** Hands the request to the broker's queue of {@code path}; false when the broker is out of reach. */
    boolean enqueue(String path, byte[] frame, Duration ttl) {
        return queues.enqueue(path, frame, ttl);
    }

    /** What a call waiting for an instance waits for: a new instance, or the transport starting (a queueing transport can take the call then). */
    CompletableFuture<?> nextChance(Registry registry) {
        return ctx.started.isDone() || queues == null ? registry.nextChange()
                : CompletableFuture.anyOf(registry.nextChange(), ctx.started);
    }

    /** Takes the queued requests (ServiceQueues) of exactly the services this node publishes. */
    void syncServed() {
        if (queues == null || ctx.closing || ctx.eventsOnly) return;
        Set<String> now = new HashSet<>();
        for (ServiceInfo s : proxies.localServices()) now.add(s.path());
        for (String path : now) {
            if (served.add(path)) queues.serve(path);
        }
        for (String path : new ArrayList<>(served)) {
            if (!now.contains(path) && served.remove(path)) queues.unserve(path);
        }
    }

    /** The node leaves: queued requests go to the nodes that stay. */
    void unserveAll() {
        if (queues != null) for (String path : served) queues.unserve(path);
    }
}
