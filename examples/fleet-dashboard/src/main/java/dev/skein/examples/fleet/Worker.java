package dev.skein.examples.fleet;

import dev.skein.core.App;
import dev.skein.core.memory.MemoryService;
import dev.skein.mesh.Mesh;

/**
 * A service of the fleet (service_fleet_control's client): it joins the mesh and serves its
 * service; the mesh reports its OS and memory figures (CPU, load, free and total memory, heap,
 * uptime, calls in flight) to every node with each heartbeat, with no code of its own.
 */
public final class Worker {

    private Worker() {
    }

    /** Starts a worker named {@code name} serving {@code jobs}. */
    public static App start(String name, String transport, String namespace) {
        App app = App.builder().name(name).build();
        app.use("jobs", new MemoryService());
        app.configure(Mesh.builder().transport(transport).namespace(namespace).role("worker").build());
        return app;
    }

    /** Arguments: name, mesh transport URI (seeds naming the registry's mesh port). */
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("Usage: Worker <name> <transport>, e.g. worker-1 'tcp://127.0.0.1:7201?multicast=false&seeds=127.0.0.1:7200'");
            System.exit(2);
        }
        App app = start(args[0], args[1], Registry.NAMESPACE);
        Runtime.getRuntime().addShutdownHook(new Thread(app::close));
        System.out.println(args[0] + " serving jobs on " + args[1] + " (Ctrl-C stops it)");
        Thread.currentThread().join();
    }
}
