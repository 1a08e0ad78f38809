package dev.skein.mesh.internal;

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;

import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The {@link Clock} of running nodes: {@link System#nanoTime()}, {@link Instant#now()}, a thread per node's timer. */
final class SystemClock implements Clock {

    static final SystemClock INSTANCE = new SystemClock();

    /**
     * The deadlines of every call in flight, of every node in this JVM: a wheel ticking every 5 ms,
     * where adding and cancelling a deadline take no lock (a per-call task on the node's timer took
     * its lock twice per call). One for the JVM: a wheel per node would be stopped by the node's
     * close, which can run on the wheel's own thread (a caller closing its node when a call timed
     * out), where stopping it fails.
     */
    private static final HashedWheelTimer CALL_DEADLINES = new HashedWheelTimer(r -> {
        Thread t = new Thread(r, "skein-mesh-timer-calls");
        t.setDaemon(true);
        return t;
    }, 5, TimeUnit.MILLISECONDS, 512);

    private SystemClock() {
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Instant now() {
        return Instant.now();
    }

    @Override
    public ScheduledExecutorService newTimer(String nodeId) {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "skein-mesh-timer-" + nodeId);
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        return Executors.unconfigurableScheduledExecutorService(timer);
    }

    @Override
    public Deadline deadline(Runnable task, long delayNanos) {
        Timeout timeout = CALL_DEADLINES.newTimeout(t -> task.run(), delayNanos, TimeUnit.NANOSECONDS);
        return timeout::cancel;
    }
}
