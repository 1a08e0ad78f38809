package dev.skein.examples.happner;

import dev.skein.core.App;
import dev.skein.core.ServiceOptions;
import dev.skein.mesh.Mesh;

/**
 * A happner member of the {@code historian} service: it runs the historian component, version
 * 2.1.0, in the cluster of its deployment.
 */
public final class Historian {

    /** happner's {@code deploymentId}: members of another deployment never see these. */
    public static final String DEPLOYMENT = "happner-example";

    private Historian() {
    }

    /** Starts a historian member named {@code name} in {@code deployment}'s {@code happn-cluster}. */
    public static App start(String name, String transport, String deployment) {
        App app = App.builder().name(name).build();
        app.use("historian", new History(name), ServiceOptions.builder().version("2.1.0").build());
        app.configure(Mesh.builder().transport(transport)
                .deployment(deployment)        // deploymentId; clusterName defaults to happn-cluster
                .role("historian")             // serviceName
                .build());
        return app;
    }

    /** Arguments: name, mesh transport URI (seeds naming the edge's mesh port). */
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("Usage: Historian <name> <transport>, e.g. historian-1 'tcp://127.0.0.1:7302?multicast=false&seeds=127.0.0.1:7301'");
            System.exit(2);
        }
        App app = start(args[0], args[1], DEPLOYMENT);
        Runtime.getRuntime().addShutdownHook(new Thread(app::close));
        System.out.println(args[0] + ": historian 2.1.0 on " + args[1] + " (Ctrl-C stops it)");
        Thread.currentThread().join();
    }
}
