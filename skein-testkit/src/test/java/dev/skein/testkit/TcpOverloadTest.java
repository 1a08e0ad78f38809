package dev.skein.testkit;

import dev.skein.core.Params;
import dev.skein.core.errors.TooManyRequests;
import dev.skein.core.memory.MemoryService;
import dev.skein.core.ServiceOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
        long start = System.nanoTime();
        Throwable refused = MeshTck.failure(client.app().service("jobs").create(Map.of("n", 4)));

        assertThat(refused).isInstanceOf(TooManyRequests.class).hasMessageContaining("maxServing").hasMessageContaining("did not run");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(ran.get()).isEqualTo(4);
        synchronized (running) {
            running.forEach(job -> job.complete(Map.of("done", true)));
        }
        for (CompletableFuture<Object> call : calls) assertThat(MeshTck.map(MeshTck.join(call))).containsEntry("done", true);
    }

    @Test
    void aSlowListenerLosesTheEventsPastItsBoundButCallsAndOtherSendersKeepFlowing() throws Exception {
        TestNodes.Node server = nodes.start("server", app -> app.use("feed", new MemoryService(), ServiceOptions.builder().events("tick").build()));
        TestNodes.Node client = nodes.start("client", app -> { }, b -> b.maxQueuedEvents(1_000));
        MeshTck.awaitService(client.app(), "feed");
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger heard = new AtomicInteger();
        client.app().service("feed").on("tick", e -> {
            heard.incrementAndGet();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        });

        for (int i = 0; i < 20_000; i++) server.app().service("feed").emit("tick", Map.of("n", i));
        long start = System.nanoTime();
        Object found = MeshTck.join(client.app().service("feed").find(new Params()));
        assertThat(found).isNotNull();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));

        release.countDown();
        await().atMost(Duration.ofSeconds(20)).until(() -> heard.get() >= 1_000);
        Thread.sleep(500);
        assertThat(heard.get()).isBetween(1_000, 1_001);
    }

    /**
     * A caller with 200,000 gets in flight keeps its connection's queue full of requests for longer
     * than the peers wait for a heartbeat (150 ms here): its heartbeats wait behind its calls. The
     * server hears its requests all along, so it must not take it for silent (which made the caller
     * send every waiting call again, and again, until its executor refused them).
     */
    @Test
    void aCallerWhoseHeartbeatsWaitBehindItsCallsIsNotTakenForSilent() throws Exception {
        java.util.function.Consumer<dev.skein.mesh.Mesh.Builder> quickBeats = b -> b.heartbeat(Duration.ofMillis(50), Duration.ofMillis(150));
        TestNodes.Node server = nodes.start("server", app -> app.use("items", new dev.skein.core.Service() {
            @Override
            public CompletionStage<Object> get(Object id, Params params) {
                return CompletableFuture.completedFuture(Map.of("id", id));
            }
        }), quickBeats);
        // room for every call at once: this test is about silence, not about the caller's bound (TooManyRequests)
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
        Map<String, AtomicInteger> outcomes = new java.util.concurrent.ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(calls);
        for (int i = 0; i < calls; i++) {
            caller.mesh().call("items", dev.skein.core.Methods.GET, i, null, new Params()).whenComplete((r, e) -> {
                String outcome = e == null ? "ok" : dev.skein.core.errors.SkeinError.from(dev.skein.core.errors.SkeinError.unwrap(e)).name();
                outcomes.computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
                done.countDown();
            });
        }
        assertThat(done.await(50, TimeUnit.SECONDS)).isTrue();

        assertThat(lost).isEmpty();
        assertThat(outcomes.keySet()).containsOnly("ok");
    }
}
