package dev.skein.spring;

import dev.skein.core.App;
import dev.skein.mesh.Mesh;
import dev.skein.spring.internal.LocalServices;
import dev.skein.spring.internal.NodeLifecycle;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Starts and stops the Skein node with the context. On start, after every singleton is created: the
 * service beans are registered in the {@link App} (and so published to the mesh, which joined when
 * its bean was created), the app is set up ({@code Service.setup}), the start waits for the mesh's
 * readiness if {@code skein.mesh.await-ready}, then the gateway listens. On stop: the gateway
 * closes, then the node leaves the mesh, letting the calls it serves finish; the app itself closes
 * when its bean is destroyed.
 *
 * <p>While the node runs, a non-daemon thread ({@code skein-keep-alive}) keeps the JVM alive until
 * the context closes, as a web server's threads do: an app without one (a worker, a service
 * node) would otherwise print "Started" and exit, leaving the mesh ({@code skein.keep-alive=false}
 * turns it off, for an app that keeps itself alive).
 *
 * <p>Its {@link #PHASE} is below the web server's, so the node serves and its remote handles work
 * before the web server takes requests, and it leaves only after the web server has stopped. A
 * stopped node cannot start again (its mesh has left): refresh a new context instead.
 */
public class SkeinLifecycle implements SmartLifecycle {

    /** The phase: {@code DEFAULT_PHASE - 4096}, below Spring Boot's web server and its graceful shutdown. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private final ListableBeanFactory beans;
    private final ObjectProvider<App> app;
    private final ObjectProvider<Mesh> mesh;
    private final LocalServices local;
    private final boolean awaitReady;
    private final boolean keepAlive;
    private final ReentrantLock lock = new ReentrantLock();
    private final java.util.concurrent.CountDownLatch stopping = new java.util.concurrent.CountDownLatch(1);
    private volatile boolean running;
    private boolean stopped;

    /**
     * A lifecycle for the context's app and mesh (none when the mesh is disabled).
     *
     * @param awaitReady whether {@link #start()} waits for {@link Mesh#ready()}
     */
    public SkeinLifecycle(ListableBeanFactory beans, ObjectProvider<App> app, ObjectProvider<Mesh> mesh, LocalServices local, boolean awaitReady) {
        this(beans, app, mesh, local, awaitReady, true);
    }

    /**
     * A lifecycle for the context's app and mesh (none when the mesh is disabled).
     *
     * @param awaitReady whether {@link #start()} waits for {@link Mesh#ready()}
     * @param keepAlive  whether the running node keeps the JVM alive until {@link #stop()}
     */
    public SkeinLifecycle(ListableBeanFactory beans, ObjectProvider<App> app, ObjectProvider<Mesh> mesh, LocalServices local, boolean awaitReady,
                          boolean keepAlive) {
        this.beans = beans;
        this.app = app;
        this.mesh = mesh;
        this.local = local;
        this.awaitReady = awaitReady;
        this.keepAlive = keepAlive;
    }

    /**
     * Registers the service beans, sets the app up and starts the gateway.
     *
     * @throws IllegalStateException when the node was stopped before, a service cannot be registered,
     *                               the mesh is not ready in time (with await-ready) or the gateway cannot listen
     */
    @Override
    public void start() {
        lock.lock();
        try {
            if (running) return;
            if (stopped) throw new IllegalStateException("A Skein node does not start again once stopped: its mesh has left; refresh a new context");
            NodeLifecycle.start(beans, app.getObject(), local, mesh.getIfAvailable(), awaitReady);
            running = true;
            if (keepAlive) {
                Thread keeper = new Thread(this::untilStopped, "skein-keep-alive");
                keeper.setDaemon(false);
                keeper.start();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Closes the gateway and leaves the mesh; idempotent. */
    @Override
    public void stop() {
        lock.lock();
        try {
            if (!running) return;
            running = false;
            stopped = true;
            stopping.countDown();
            NodeLifecycle.stop(beans, mesh.getIfAvailable());
        } finally {
            lock.unlock();
        }
    }

    private void untilStopped() {
        try {
            stopping.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the node has started and not stopped. */
    @Override
    public boolean isRunning() {
        return running;
    }

    /** {@link #PHASE}. */
    @Override
    public int getPhase() {
        return PHASE;
    }
}
