package dev.skein.testkit;

import dev.skein.core.Params;
import dev.skein.core.errors.TooManyRequests;
import dev.skein.core.memory.MemoryService;
import dev.skein.core.ServiceOptions;
import dev.skein.mesh.Mesh;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Bounds a fast peer cannot push past: calls a node runs at once, and events waiting for a slow listener. */
@Timeout(60)
class TcpOverloadTest {

    private TestNodes nodes;

    @BeforeEach
    void start() {
        nodes = new TestNodes("tcp://?beacon=200");
    }

    @AfterEach
    void stop() {
        nodes.close();
    }

    @Test
    void pastMaxServingACallIsAnsweredTooManyRequestsAtOnceWithoutRunningAndTheOthersFinish() {
        List<CompletableFuture<Object>> running = new ArrayList<>();
        AtomicInteger ran = new AtomicInteger();
        nodes.start("server", app -> app.use("jobs", new MemoryService() {
            @Override
            public CompletionStage<Object> create(Object data, Params params) {
                ran.incrementAndGet();
                CompletableFuture<Object> job = new CompletableFuture<>();
                synchronized (running) {
                    running.add(job);
                }
                return job;
            }
        }), b -> b.maxServing(4));
        TestNodes.Node client = nodes.start("client", app -> { });
        MeshTck.awaitService(client.app(), "jobs");

        List<CompletableFuture<Object>> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) calls.add(client.app().service("jobs").create(Map.of("n", i)));
        await().atMost(Duration.ofSeconds(10)).until(() -> ran.get() == 4);
        Duration timeout = Duration.ofSeconds(15);
        long start = System.nanoTime();
        Throwable refused = MeshTck.failure(client.app().service("jobs").create(Map.of("n", 4), new Params().set(Mesh.TIMEOUT, timeout)));

        // at once: while the four still run (they end only below), and not at the call's timeout
        assertThat(refused).isInstanceOf(TooManyRequests.class).hasMessageContaining("maxServing").hasMessageContaining("did not run");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(timeout);
        assertThat(calls).noneMatch(CompletableFuture::isDone);
        assertThat(ran.get()).isEqualTo(4);
        synchronized (running) {
            running.forEach(job -> job.complete(Map.of("done", true)));
        }
        for (CompletableFuture<Object> call : calls) assertThat(MeshTck.map(MeshTck.join(call))).containsEntry("done", true);
    }

    @Test
    @Timeout(120)
    void aSlowListenerLosesTheEventsPastItsBoundButCallsAndOtherSendersKeepFlowing() throws Exception {
        TestNodes.Node server = nodes.start("server", app -> app.use("feed", new MemoryService(), ServiceOptions.builder().events("tick").build()));
        MeterRegistry meters = new SimpleMeterRegistry();
        TestNodes.Node client = nodes.start("client", app -> { }, b -> b.maxQueuedEvents(1_000).metrics(meters));
        MeshTck.awaitService(client.app(), "feed");
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger heard = new AtomicInteger();
        client.app().service("feed").on("tick", e -> {
            heard.incrementAndGet();
            try {
                release.await(60, TimeUnit.SECONDS); // the test's own timeout ends it first
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        });
        String from = server.mesh().nodeId();
        DoubleSupplier received = () -> count(meters.find("skein.events.received").tags("service", "feed", "node", from).counter());
        DoubleSupplier dropped = () -> count(meters.find("skein.events.dropped").tag("node", from).counter());

        int events = 20_000;
        try {
            for (int i = 0; i < events; i++) server.app().service("feed").emit("tick", Map.of("n", i));
            Object found = MeshTck.join(client.app().service("feed").find(new Params()));
            // a call is answered while the listener still blocks on the first event: calls do not wait behind events
            assertThat(found).isNotNull();
            assertThat(heard.get()).isLessThanOrEqualTo(1);
            // every event has reached the client, queued for the listener or dropped, before the listener is released
            await().atMost(Duration.ofSeconds(50)).until(() -> received.getAsDouble() == events);
        } finally {
            release.countDown();
        }
        await().atMost(Duration.ofSeconds(50)).until(() -> heard.get() + dropped.getAsDouble() == events);
        assertThat(heard.get()).isBetween(1_000, 1_001);
    }

    private static double count(Counter counter) {
        return counter == null ? 0 : counter.count();
    }

    /**
     * A caller with 200,000 gets in flight keeps its connection's queue full of requests for longer
     * than the peers wait for a heartbeat: its heartbeats wait behind its calls. The server hears its
     * requests all along, so it must not take it for silent (which made the caller send every waiting
     * call again, and again, until its executor refused them). The wait for a heartbeat is short
     * (150 ms, three 50 ms beats) but never shorter than four times the longest this JVM was seen to
     * oversleep just before ({@link Lateness}): a JVM that is not run for longer than that does not
     * hear anyone, whatever they send. The calls' timeout is the test's: this test is about silence.
     */
    @Test
    @Timeout(120)
    void aCallerWhoseHeartbeatsWaitBehindItsCallsIsNotTakenForSilent() throws Exception {
        Duration lateness = Lateness.over(Duration.ofSeconds(1));
        Duration deadAfter = Collections.max(List.of(Duration.ofMillis(150), lateness.multipliedBy(4)));
        Duration beat = deadAfter.dividedBy(3);
        java.util.function.Consumer<dev.skein.mesh.Mesh.Builder> quickBeats = b -> b.heartbeat(beat, deadAfter);
        TestNodes.Node server = nodes.start("server", app -> app.use("items", new dev.skein.core.Service() {
            @Override
            public CompletionStage<Object> get(Object id, Params params) {
                return CompletableFuture.completedFuture(Map.of("id", id));
            }
        }), quickBeats.andThen(b -> b.maxServing(250_000)));
        // room for every call at once, on both sides: this test is about silence, not about the bounds (TooManyRequests) that
        // a server slower than the caller meets (on a busy machine, more than maxServing's 10,000 waited to run at once)
        TestNodes.Node caller = nodes.start("caller", app -> { }, quickBeats.andThen(b -> b.maxPendingCalls(250_000)));
        MeshTck.awaitService(caller.app(), "items");
        List<String> lost = new java.util.concurrent.CopyOnWriteArrayList<>();
        server.mesh().addListener(new dev.skein.mesh.MeshListener() {
            @Override
            public void nodeLeft(dev.skein.mesh.NodeInfo node, boolean graceful) {
                lost.add(node.id() + " " + node.offlineReason());
            }
        });

        int calls = 200_000;
        Duration timeout = Duration.ofSeconds(60);
        Map<String, AtomicInteger> outcomes = new java.util.concurrent.ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(calls);
        long start = System.nanoTime();
        boolean all;
        try (Lateness during = Lateness.start()) {
            for (int i = 0; i < calls; i++) {
                caller.mesh().call("items", dev.skein.core.Methods.GET, i, null, new Params().set(Mesh.TIMEOUT, timeout)).whenComplete((r, e) -> {
                    String outcome = e == null ? "ok" : dev.skein.core.errors.SkeinError.from(dev.skein.core.errors.SkeinError.unwrap(e)).name();
                    outcomes.computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
                    done.countDown();
                });
            }
            all = done.await(timeout.plusSeconds(20).toMillis(), TimeUnit.MILLISECONDS);
            System.out.println("OVERLOAD " + calls + " gets at once, heartbeats every " + beat.toMillis() + " ms, deadAfter " + deadAfter.toMillis()
                    + " ms (this JVM overslept up to " + lateness.toMillis() + " ms before, " + during.max().toMillis() + " ms during): "
                    + new java.util.TreeMap<>(outcomes) + (all ? " in " : ", not all answered after ")
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms; taken for gone by the server: " + lost);
        }
        assertThat(all).as("every call answered").isTrue();
        assertThat(lost).isEmpty();
        assertThat(outcomes.keySet()).containsOnly("ok");
    }
}
