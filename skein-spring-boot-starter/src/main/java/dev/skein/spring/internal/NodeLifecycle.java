package dev.skein.spring.internal;

import dev.skein.core.App;
import dev.skein.core.errors.SkeinError;
import dev.skein.mesh.Mesh;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.util.ClassUtils;

import java.util.concurrent.CompletionException;

/** The steps of a node's start and stop, for {@link dev.skein.spring.SkeinLifecycle}. */
public final class NodeLifecycle {

    private static final boolean GATEWAY_PRESENT = ClassUtils.isPresent("dev.skein.gateway.Gateway", NodeLifecycle.class.getClassLoader());

    private NodeLifecycle() {
    }

    /**
     * Registers every service bean, sets the app up, waits for the mesh's readiness when
     * {@code awaitReady}, then starts the gateways.
     */
    public static void start(ListableBeanFactory beans, App app, LocalServices local, Mesh mesh, boolean awaitReady) {
        local.registerAll();
        app.setup();
        if (awaitReady && mesh != null) {
            try {
                mesh.ready().join();
            } catch (CompletionException e) {
                Throwable cause = SkeinError.unwrap(e);
                throw new IllegalStateException("The Skein node is not ready (skein.mesh.await-ready is true): " + cause.getMessage(), cause);
            }
        }
        if (GATEWAY_PRESENT) GatewayStarter.start(beans, app);
    }

    /** Closes the gateways, then leaves the mesh, which lets the calls it serves finish (its drain timeout). */
    public static void stop(ListableBeanFactory beans, Mesh mesh) {
        if (GATEWAY_PRESENT) GatewayStarter.stop(beans);
        if (mesh != null) mesh.close();
    }
}
