package dev.skein.core.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;

/** Runs tasks one after the other, in submission order, on a shared executor: keeps one service's or one sender's events in order. */
public final class SerialExecutor implements Executor {

    private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);

    private final Executor executor;
    private final Queue<Runnable> tasks = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private boolean running;

    /** Runs its tasks on {@code executor}, at most one at a time. */
    public SerialExecutor(Executor executor) {

        this.executor = executor;
    }

    @Override
    public void execute(Runnable task) {
        lock.lock();
        try {
            tasks.add(task);
            if (running) return;
            running = true;
        } finally {
            lock.unlock();
        }
        try {
            executor.execute(this::drain);
        } catch (RuntimeException e) {
            lock.lock();
            try {
                running = false;
                tasks.clear();
            } finally {
                lock.unlock();
            }
            throw e;
        }
    }

    private void drain() {
        while (true) {
            Runnable next;
            lock.lock();
            try {
                next = tasks.poll();
                if (next == null) {
                    running = false;
                    return;
                }
            } finally {
                lock.unlock();
            }
            try {
                next.run();
            } catch (Throwable e) { // an Error too: the queue must go on, or its later tasks never run
                LOG.warn("A queued task failed", e);
            }
        }
    }
}
