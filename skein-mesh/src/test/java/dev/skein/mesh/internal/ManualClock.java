package dev.skein.mesh.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Clock} that stands still until the test moves it: {@link #advance} runs every timer
 * task and call deadline that falls due on the way, at its due time, on the test's thread. A
 * timeout of 30 s is then tested in microseconds, and the order things happen in is the test's.
 * For one test thread.
 */
final class ManualClock implements Clock {

    /** The time of day when the clock's nanoseconds read {@link #START}. */
    static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
    /** Far from zero, as {@link System#nanoTime()} is: nothing may take 0 for "never". */
    static final long START = 1_000_000_000_000L;

    private final PriorityQueue<Task> due = new PriorityQueue<>();
    private long nanos = START;
    private long sequence;

    @Override
    public long nanoTime() {
        return nanos;
    }

    @Override
    public Instant now() {
        return EPOCH.plusNanos(nanos - START);
    }

    /** How long since the clock was made. */
    Duration elapsed() {
        return Duration.ofNanos(nanos - START);
    }

    /** Moves the time on by {@code by}, running each task that falls due on the way at its due time, in order. */
    void advance(Duration by) {
        long until = nanos + by.toNanos();
        for (Task next = nextDue(until); next != null; next = nextDue(until)) {
            nanos = Math.max(nanos, next.at);
            next.run();
        }
        nanos = until;
    }

    /** Runs what is due now (tasks scheduled with no delay), without moving the time. */
    void runDue() {
        advance(Duration.ZERO);
    }

    /**
     * Moves the time on by {@code by} without running anything: this node stalled (a GC pause, a
     * starved CPU). What fell due meanwhile runs, late, at the next {@link #advance}.
     */
    void stall(Duration by) {
        nanos += by.toNanos();
    }

    /** How many tasks wait, cancelled ones aside. */
    int waiting() {
        return (int) due.stream().filter(t -> !t.isDone()).count();
    }

    private Task nextDue(long until) {
        while (!due.isEmpty()) {
            Task first = due.peek();
            if (first.isDone()) {
                due.poll();
                continue;
            }
            if (first.at > until) return null;
            return due.poll();
        }
        return null;
    }

    private Task add(Timer owner, Callable<?> work, long delayNanos, long periodNanos) {
        Task task = new Task(owner, work, nanos + Math.max(0, delayNanos), periodNanos, sequence++);
        due.add(task);
        return task;
    }

    @Override
    public ScheduledExecutorService newTimer(String nodeId) {
        return new Timer();
    }

    @Override
    public Deadline deadline(Runnable task, long delayNanos) {
        Task t = add(null, java.util.concurrent.Executors.callable(task), delayNanos, 0);
        return () -> t.cancel(false);
    }

    /** A task due at {@link #at}; one with a period is due again a period after each run (fixed rate). */
    private final class Task implements ScheduledFuture<Object>, Comparable<Delayed> {
        private final Timer owner;
        private final Callable<?> work;
        private final long period;
        private final long order;
        private long at;
        private boolean cancelled;
        private boolean done;
        private Object result;
        private Throwable failure;

        Task(Timer owner, Callable<?> work, long at, long period, long order) {
            this.owner = owner;
            this.work = work;
            this.at = at;
            this.period = period;
            this.order = order;
        }

        void run() {
            try {
                result = work.call();
            } catch (Throwable e) {
                failure = e;
                done = true; // a periodic task that throws runs no more, as in a ScheduledThreadPoolExecutor
                return;
            }
            if (period > 0 && (owner == null || !owner.isShutdown())) {
                at += period;
                due.add(this);
            } else {
                done = true;
            }
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(at - nanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            Task o = (Task) other;
            return at != o.at ? Long.compare(at, o.at) : Long.compare(order, o.order);
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            if (done) return false;
            cancelled = true;
            done = true;
            return true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return done;
        }

        @Override
        public Object get() throws ExecutionException {
            if (!done) throw new IllegalStateException("not run yet: advance the clock");
            if (cancelled) throw new java.util.concurrent.CancellationException();
            if (failure != null) throw new ExecutionException(failure);
            return result;
        }

        @Override
        public Object get(long timeout, TimeUnit unit) throws ExecutionException {
            return get();
        }
    }

    /** A node's timer on this clock; shut down, it takes no task and its periodic ones stop. */
    private final class Timer extends TestThreadExecutor implements ScheduledExecutorService {
        private final List<Task> mine = new ArrayList<>();

        private Task schedule(Callable<?> work, long delay, long period, TimeUnit unit) {
            if (isShutdown()) throw new RejectedExecutionException("the node's timer is shut down");
            Task task = add(this, work, unit.toNanos(delay), unit.toNanos(period));
            mine.add(task);
            return task;
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            return schedule(java.util.concurrent.Executors.callable(command), delay, 0, unit);
        }

        @Override
        @SuppressWarnings("unchecked")
        public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
            return (ScheduledFuture<V>) schedule((Callable<?>) callable, delay, 0, unit);
        }

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
            return schedule(java.util.concurrent.Executors.callable(command), initialDelay, period, unit);
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
            return scheduleAtFixedRate(command, initialDelay, delay, unit); // the same here: a task takes no time
        }

        @Override
        public void execute(Runnable command) {
            schedule(command, 0, TimeUnit.NANOSECONDS);
        }

        @Override
        List<Runnable> onShutdownNow() {
            for (Task t : mine) t.cancel(false);
            return List.of();
        }
    }
}
