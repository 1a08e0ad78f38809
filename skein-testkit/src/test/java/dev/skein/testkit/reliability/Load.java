package dev.skein.testkit.reliability;

import dev.skein.core.Methods;
import dev.skein.core.Params;
import dev.skein.core.errors.SkeinError;
import dev.skein.mesh.Mesh;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;

/**
 * A closed loop of calls with a fixed number in flight against "items": 70% get, 20% find, 10%
 * create. Counts successes and failures per method and error, and the longest call.
 */
final class Load {

    private final Mesh mesh;
    private final int inFlight;
    private final Duration timeout;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final CountDownLatch stopped;
    final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    final LongAccumulator longestNanos = new LongAccumulator(Math::max, 0);

    Load(Mesh mesh, int inFlight, Duration timeout) {
        this.mesh = mesh;
        this.inFlight = inFlight;
        this.timeout = timeout;
        this.stopped = new CountDownLatch(inFlight);
    }

    Load start() {
        for (int i = 0; i < inFlight; i++) next();
        return this;
    }

    private void next() {
        if (!running.get()) {
            stopped.countDown();
            return;
        }
        int dice = ThreadLocalRandom.current().nextInt(10);
        String method = dice < 7 ? Methods.GET : dice < 9 ? Methods.FIND : Methods.CREATE;
        long start = System.nanoTime();
        CompletableFuture<Object> call = mesh.call("items", method, method.equals(Methods.GET) ? 1 : null,
                method.equals(Methods.CREATE) ? Map.of("text", "t") : null, new Params().set(Mesh.TIMEOUT, timeout));
        call.whenComplete((result, failure) -> {
            longestNanos.accumulate(System.nanoTime() - start);
            String outcome = failure == null ? "ok" : SkeinError.from(SkeinError.unwrap(failure)).name();
            counts.computeIfAbsent(method + " " + outcome, k -> new AtomicLong()).incrementAndGet();
            next();
        });
    }

    Load stop() throws InterruptedException {
        running.set(false);
        if (!stopped.await(timeout.toMillis() + 10_000, TimeUnit.MILLISECONDS)) throw new AssertionError("calls still running");
        return this;
    }

    long count(String method, String outcome) {
        AtomicLong n = counts.get(method + " " + outcome);
        return n == null ? 0 : n.get();
    }

    /** Failed calls of {@code method}, whatever the error. */
    long failed(String method) {
        long n = 0;
        for (Map.Entry<String, AtomicLong> e : counts.entrySet()) {
            if (e.getKey().startsWith(method + " ") && !e.getKey().endsWith(" ok")) n += e.getValue().get();
        }
        return n;
    }

    long total() {
        return counts.values().stream().mapToLong(AtomicLong::get).sum();
    }

    @Override
    public String toString() {
        return new java.util.TreeMap<>(counts) + ", longest call " + TimeUnit.NANOSECONDS.toMillis(longestNanos.get()) + " ms";
    }
}
