package dev.skein.testkit.reliability;

import dev.skein.core.Methods;
import dev.skein.core.Params;
import dev.skein.core.Service;
import dev.skein.core.ServiceOptions;
import dev.skein.core.errors.SkeinError;
import dev.skein.mesh.Mesh;
import dev.skein.testkit.MeshTck;
import dev.skein.testkit.TestNodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A flood: a caller fires a million calls with no limit of its own while one of its listeners is
 * slow and events keep coming. The bounds hold (calls past maxPendingCalls fail at once with
 * TooManyRequests, the slow listener loses events past maxQueuedEvents, a slow reader's connection
 * makes its writers wait), the heap stays under the stated bound, and another node's calls keep
 * their pace. Prints one RELIABILITY line. Its bounds on time are the flood's own: how long the
 * flood took on this machine, whatever else runs on it.
 */
@Timeout(300)
class FloodTest {

    private static final int CALLS = 1_000_000;
    /**
     * The bound this test states for the heap its JVM keeps (both nodes and the flood): the largest
     * heap in use just after a collection while the flood lasts, so garbage not yet collected does
     * not count.
     */
    private static final long HEAP_BOUND = 512L << 20;
    /** How long the flood's calls may wait, each and all together: a bound against a hang, not a pace. */
    private static final Duration FLOOD_WAIT = Duration.ofSeconds(240);

    @Test
    void aMillionCallsWithNoLimitAndASlowListenerKeepTheHeapBoundedAndStallNoOtherCaller() throws Exception {
        ScheduledExecutorService timers = Executors.newScheduledThreadPool(2);
        try (TestNodes nodes = new TestNodes("tcp://?beacon=200")) {
            TestNodes.Node server = nodes.start("server", app -> {
                app.use("items", new Service() {
                    @Override
                    public CompletionStage<Object> get(Object id, Params params) {
                        return CompletableFuture.completedFuture(Map.of("id", id));
                    }

                    @Override
                    public CompletionStage<Object> find(Params params) {
                        return CompletableFuture.completedFuture(List.of());
                    }
                });
                app.use("feed", new dev.skein.core.memory.MemoryService(), ServiceOptions.builder().events("tick").build());
            });
            TestNodes.Node flooder = nodes.start("flooder", app -> { }, b -> b.maxQueuedEvents(10_000));
            TestNodes.Node bystander = nodes.start("bystander", app -> { });
            MeshTck.awaitService(flooder.app(), "items");
            MeshTck.awaitService(flooder.app(), "feed");
            MeshTck.awaitService(bystander.app(), "items");
            CountDownLatch release = new CountDownLatch(1);
            flooder.app().service("feed").on("tick", e -> {
                try {
                    release.await(5, TimeUnit.MILLISECONDS); // a slow listener: 5 ms an event
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            });
            AtomicLong seq = new AtomicLong();
            timers.scheduleAtFixedRate(() -> {
                for (int i = 0; i < 50; i++) server.app().service("feed").emit("tick", Map.of("seq", seq.incrementAndGet()));
            }, 1, 1, TimeUnit.MILLISECONDS);
            LongAccumulator peakHeap = new LongAccumulator(Math::max, 0);
            timers.scheduleAtFixedRate(() -> peakHeap.accumulate(heapAfterLastCollection()), 0, 20, TimeUnit.MILLISECONDS);
            LongAccumulator slowestBystander = new LongAccumulator(Math::max, 0);
            AtomicLong bystanderCalls = new AtomicLong();
            List<Throwable> bystanderFailures = new CopyOnWriteArrayList<>();
            AtomicLong bystanderCallSince = new AtomicLong(); // 0 between its calls
            timers.scheduleWithFixedDelay(() -> {
                long start = System.nanoTime();
                bystanderCallSince.set(start);
                try {
                    bystander.app().service("items").find(new Params()).orTimeout(20, TimeUnit.SECONDS).join();
                } catch (RuntimeException e) {
                    bystanderFailures.add(SkeinError.unwrap(e)); // and it goes on: a failure must not end the bystander's calls
                }
                bystanderCallSince.set(0);
                slowestBystander.accumulate(System.nanoTime() - start);
                bystanderCalls.incrementAndGet();
            }, 0, 50, TimeUnit.MILLISECONDS);

            Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
            CountDownLatch done = new CountDownLatch(CALLS);
            // the flood's calls wait as long as the test does: a call queued behind 100,000 others on a busy machine may
            // take longer than the mesh's 10 s, and this test is about bounds and stalls, not about the pace of the machine
            Params params = new Params().set(Mesh.TIMEOUT, FLOOD_WAIT);
            long start = System.nanoTime();
            for (int i = 0; i < CALLS; i++) {
                flooder.mesh().call("items", Methods.GET, i, null, params).whenComplete((r, e) -> {
                    String outcome = e == null ? "ok" : SkeinError.from(SkeinError.unwrap(e)).name();
                    outcomes.computeIfAbsent(outcome, k -> new AtomicLong()).incrementAndGet();
                    done.countDown();
                });
            }
            long fired = System.nanoTime() - start;
            boolean answered = done.await(FLOOD_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            long all = System.nanoTime() - start;
            long bystanderCallsDuringTheFlood = bystanderCalls.get();
            long unfinished = bystanderCallSince.get();
            if (unfinished != 0) slowestBystander.accumulate(System.nanoTime() - unfinished); // one still waiting counts too
            release.countDown();

            System.out.println("RELIABILITY flood of " + CALLS + " gets with no caller limit, a listener at 5 ms an event, 50 events a ms: "
                    + new java.util.TreeMap<>(outcomes) + "; fired in " + TimeUnit.NANOSECONDS.toMillis(fired) + " ms, "
                    + (answered ? "all answered in " : "NOT all answered after ")
                    + TimeUnit.NANOSECONDS.toMillis(all) + " ms; heap kept, at most " + (peakHeap.get() >> 20) + " MB (bound " + (HEAP_BOUND >> 20)
                    + " MB); another node's " + bystanderCallsDuringTheFlood + " calls meanwhile, the slowest "
                    + TimeUnit.NANOSECONDS.toMillis(slowestBystander.get()) + " ms, " + bystanderFailures.size() + " failed");
            assertThat(answered).as("every call answered").isTrue();
            assertThat(outcomes.keySet()).isSubsetOf("ok", "TooManyRequests");
            assertThat(outcomes.get("ok").get()).isPositive();
            assertThat(peakHeap.get()).isLessThan(HEAP_BOUND);
            // nothing stalls: another node's calls all succeed, all along, and none waits a sizable part of the flood (a call
            // queued behind the flood's traffic did: 9.5 s of a 20 s flood, 47 %); they share this JVM's cores with the flood,
            // so the bound is the flood's own duration on this machine now, not a number of seconds. A third: the stall above
            // fails it; what a bystander waits behind the flood's queued calls while busy loops take the cores passes it (up
            // to 26 % seen in CI's loaded run: its request waits in the server's queue behind up to maxServing of the flood's)
            assertThat(bystanderFailures).isEmpty();
            assertThat(bystanderCallsDuringTheFlood).isGreaterThan(1);
            assertThat(Duration.ofNanos(slowestBystander.get())).isLessThan(Duration.ofNanos(all / 3));
        } finally {
            timers.shutdownNow();
        }
    }

    /** The heap in use just after the last collection of each pool, summed. */
    private static long heapAfterLastCollection() {
        long used = 0;
        for (java.lang.management.MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() != java.lang.management.MemoryType.HEAP || !pool.isCollectionUsageThresholdSupported()) continue;
            java.lang.management.MemoryUsage afterGc = pool.getCollectionUsage();
            if (afterGc != null) used += afterGc.getUsed();
        }
        return used;
    }
}
