package dev.skein.mesh.internal;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;

/**
 * An app's executor for unit tests: runs each task on the thread that hands it over, at once; or,
 * while {@link #hold held}, keeps them until {@link #release} (a busy executor, a slow listener).
 */
final class InlineExecutor extends TestThreadExecutor {

    private final Queue<Runnable> held = new ArrayDeque<>();
    private boolean holding;

    /** Keeps the tasks handed over from now on, until {@link #release}. */
    void hold() {
        holding = true;
    }

    /** Runs the tasks kept, in order, and from now on runs each at once again. */
    void release() {
        holding = false;
        for (Runnable task = held.poll(); task != null; task = held.poll()) task.run();
    }

    @Override
    public void execute(Runnable command) {
        if (holding) held.add(command);
        else command.run();
    }

    @Override
    List<Runnable> onShutdownNow() {
        List<Runnable> never = List.copyOf(held);
        held.clear();
        return never;
    }
}
