package dev.skein.mesh.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The calls a node serves, for its health figures and its graceful stop: how many run now, when
 * the last request came, and a wait until none runs and none came for a while. Thread-safe.
 */
final class Drain {

    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile long lastArrival = System.nanoTime();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    /** A request came, whether it is served or refused. */
    void arrived() {
        lastArrival = System.nanoTime();
    }

    void started() {
        arrived();
        inFlight.incrementAndGet();
    }

    void finished() {
        if (inFlight.decrementAndGet() == 0) {
            lock.lock();
            try {
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    int inFlight() {
        return inFlight.get();
    }

    /**
     * Waits until no call runs and no request came for {@code quiet}, or until {@code timeout}.
     *
     * @return true when drained, false when calls still run at the timeout
     */
    boolean await(Duration timeout, Duration quiet) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                long now = System.nanoTime();
                long quietLeft = lastArrival + quiet.toNanos() - now;
                if (inFlight.get() == 0 && quietLeft <= 0) return true;
                long left = deadline - now;
                if (left <= 0) return inFlight.get() == 0;
                changed.await(Math.min(left, inFlight.get() > 0 ? left : quietLeft), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return inFlight.get() == 0;
        } finally {
            lock.unlock();
        }
    }
}
