package dev.skein.examples.fleet;

import dev.skein.core.App;
import dev.skein.gateway.Gateway;
import dev.skein.mesh.Mesh;

/**
 * The registry of service_fleet_control: one node that knows the whole fleet (every node's health
 * comes with its heartbeats, once a second) and shows it over HTTP: {@code /fleet} (every node,
 * online and offline, with why and when it went), {@code /health} and the live {@code /dashboard}.
 * It serves nothing itself; any node of the mesh could be the registry.
 */
public final class Registry {

    /** The mesh of this example: nodes of other namespaces are ignored. */
    public static final String NAMESPACE = "fleet-dashboard-example";

    private Registry() {
    }

    /**
     * Starts the registry.
     *
     * @param transport the mesh transport, e.g. {@code tcp://127.0.0.1:7200?multicast=false}
     * @param httpPort  the port of the dashboard and the operations paths, on 127.0.0.1 (0: any free port)
     */
    public static App start(String transport, String namespace, int httpPort) {
        App app = App.builder().name("registry").build();
        app.configure(Mesh.builder().transport(transport).namespace(namespace).role("registry").build());
        // No Authentication here, so /fleet and the dashboard are open: keep the port on loopback, or add
        // Authentication (then the dashboard asks for a login and /fleet for a token).
        Gateway gateway = Gateway.builder().host("127.0.0.1").port(httpPort).dashboard("/dashboard").build();
        app.configure(gateway);
        gateway.started().join();
        return app;
    }

    /** Arguments: [mesh transport URI]. */
    public static void main(String[] args) throws Exception {
        String transport = args.length > 0 ? args[0] : "tcp://127.0.0.1:7200?multicast=false";
        App app = start(transport, NAMESPACE, 3050);
        Runtime.getRuntime().addShutdownHook(new Thread(app::close));
        System.out.println("Dashboard on http://127.0.0.1:3050/dashboard, fleet at /fleet, mesh " + transport + " (Ctrl-C stops it)");
        Thread.currentThread().join();
    }
}
