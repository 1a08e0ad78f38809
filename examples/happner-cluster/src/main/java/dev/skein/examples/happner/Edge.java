package dev.skein.examples.happner;

import dev.skein.core.App;
import dev.skein.gateway.Gateway;
import dev.skein.mesh.Mesh;

import java.time.Duration;

/**
 * The edge member: it depends on two historian instances ({@code dependencies: {historian: 2}})
 * and brokers the historian to outside clients ({@code $broker}): only {@code get} and
 * {@code create} of instances whose version satisfies {@code ^2}, at the public path
 * {@code history}; nothing else of the mesh is exposed. Its gateway is up at once and answers
 * {@code /health/ready} 503, naming what is missing, until both historians are.
 */
public final class Edge {

    private Edge() {
    }

    /**
     * Starts the edge member; {@code Mesh.ready()} completes once two historians are up (or fails
     * with Unavailable, naming what is missing, after the 60 s discovery timeout).
     *
     * @param httpPort the port of its gateway, on 127.0.0.1 (0: any free port)
     */
    public static App start(String transport, String deployment, int httpPort) {
        App app = App.builder().name("edge").build();
        app.configure(Mesh.builder().transport(transport)
                .deployment(deployment)
                .role("edge")
                .dependency("historian", 2)                    // dependencies: {historian: 2}
                .discoveryTimeout(Duration.ofSeconds(60))      // discoverTimeoutMs
                .version("historian", "^2")                    // the component version it needs
                .replicate("**")                               // replicationPaths
                .build());
        Gateway gateway = Gateway.builder().host("127.0.0.1").port(httpPort)
                .expose(path -> false)                                         // nothing of the mesh by default...
                .broker("history", "historian", "^2", "get", "create")        // ...but this, as $broker
                .build();
        app.configure(gateway);
        gateway.started().join();
        return app;
    }

    /** Arguments: [mesh transport URI]. Waits for its dependencies, then says so. */
    public static void main(String[] args) throws Exception {
        String transport = args.length > 0 ? args[0] : "tcp://127.0.0.1:7301?multicast=false";
        App app = start(transport, Historian.DEPLOYMENT, 3060);
        Runtime.getRuntime().addShutdownHook(new Thread(app::close));
        Mesh mesh = app.plugin(Mesh.class).orElseThrow();
        System.out.println("edge: http://127.0.0.1:3060, mesh " + transport + "; waiting for " + mesh.readiness().missing());
        mesh.ready().join();
        System.out.println("edge: ready, brokering history (get, create) to outside clients (Ctrl-C stops it)");
        Thread.currentThread().join();
    }
}
