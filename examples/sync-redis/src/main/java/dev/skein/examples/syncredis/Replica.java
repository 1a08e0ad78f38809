package dev.skein.examples.syncredis;

import dev.skein.core.App;
import dev.skein.core.memory.MemoryService;
import dev.skein.gateway.Gateway;
import dev.skein.mesh.sync.Sync;

/**
 * One replica of a chat app, as feathers-sync scales a Feathers app: several copies behind a load
 * balancer, each with its own WebSocket clients. Every event of a replica's services (a message
 * created here) is published on Redis and emitted again on every other replica, so each replica's
 * clients hear every replica's events. Nothing else is distributed: calls stay on the replica that
 * got them.
 */
public final class Replica {

    /** The Redis channel's key of this example; replicas of another app use another. */
    public static final String KEY = "sync-redis-example";

    private Replica() {
    }

    /**
     * Starts a replica with its gateway on 127.0.0.1.
     *
     * @param redis    the broker, e.g. {@code redis://127.0.0.1:6379}
     * @param key      what the replicas of one app share (the Redis channel {@code skein:<key>:all})
     * @param httpPort the port of REST and the WebSocket (0: any free port)
     */
    public static App start(String name, String redis, String key, int httpPort) {
        App app = App.builder().name(name).build();
        app.configure(Sync.builder(redis).key(key).build());
        // In production every replica reads and writes one database; each replica's memory stands in for it here.
        app.use("messages", new MemoryService());
        app.service("messages").on("created", event -> System.out.println(name + " heard: created " + event.data()));
        Gateway gateway = Gateway.builder().host("127.0.0.1").port(httpPort).build();
        app.configure(gateway);
        gateway.started().join();
        Sync.of(app).ready().join();    // subscribed: from now on this replica hears the others
        return app;
    }

    /** Arguments: replica name, HTTP port. Redis: $REDIS_URL, by default redis://127.0.0.1:6379. */
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("Usage: Replica <name> <http port>");
            System.exit(2);
        }
        String redis = System.getenv().getOrDefault("REDIS_URL", "redis://127.0.0.1:6379");
        App app = start(args[0], redis, KEY, Integer.parseInt(args[1]));
        Runtime.getRuntime().addShutdownHook(new Thread(app::close));
        System.out.println(args[0] + " on http://127.0.0.1:" + args[1] + ", events shared over " + redis + " (Ctrl-C stops it)");
        Thread.currentThread().join();
    }
}
