package dev.skein.mesh.internal;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An executor of the unit tests that runs everything on the test's thread: shut down it only
 * remembers so (nothing of it runs on its own), and {@link #onShutdownNow} says what else to drop.
 */
abstract class TestThreadExecutor extends AbstractExecutorService {

    private boolean shutdown;

    /** Drops what waits; returns what never ran. */
    abstract List<Runnable> onShutdownNow();

    @Override
    public void shutdown() {
        shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        return onShutdownNow();
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return true;
    }
}
