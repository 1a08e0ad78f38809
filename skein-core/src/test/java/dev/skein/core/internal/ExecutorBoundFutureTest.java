package dev.skein.core.internal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(10)
class ExecutorBoundFutureTest {

    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "the-executor"));

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void continuationsAddedWhilePendingRunOnTheExecutorNotOnTheCompletingThread() throws Exception {
        ExecutorBoundFuture<String> future = new ExecutorBoundFuture<>(executor);
        List<String> threads = new CopyOnWriteArrayList<>();
        CompletableFuture<String> applied = future.thenApply(v -> record(threads, v + "!"));
        CompletableFuture<String> chained = applied.thenApply(v -> record(threads, v + "?"));
        CompletableFuture<Void> combined = future.thenCombine(CompletableFuture.completedFuture(1), (a, b) -> record(threads, a)).thenRun(() -> { });
        CompletableFuture<String> handled = future.whenComplete((v, t) -> record(threads, v)).exceptionally(t -> "failed");

        Thread io = new Thread(() -> future.complete("answer"), "an-io-thread");
        io.start();
        io.join();

        assertThat(chained.get(5, TimeUnit.SECONDS)).isEqualTo("answer!?");
        combined.get(5, TimeUnit.SECONDS);
        assertThat(handled.get(5, TimeUnit.SECONDS)).isEqualTo("answer");
        assertThat(threads).hasSize(4).containsOnly("the-executor");
    }

    @Test
    void aContinuationAddedAfterCompletionRunsAtOnceOnTheAddingThread() {
        ExecutorBoundFuture<String> future = new ExecutorBoundFuture<>(executor);
        future.complete("done");
        List<String> threads = new CopyOnWriteArrayList<>();

        future.thenAccept(v -> record(threads, v));

        assertThat(threads).containsExactly(Thread.currentThread().getName());
    }

    @Test
    void aWaitingThreadIsWokenByTheCompletingThreadWithoutTheExecutor() throws Exception {
        ExecutorService stuck = Executors.newSingleThreadExecutor();
        try {
            stuck.execute(() -> sleep(60_000)); // the executor can run nothing
            ExecutorBoundFuture<String> future = new ExecutorBoundFuture<>(stuck);
            new Thread(() -> future.complete("woken"), "an-io-thread").start();

            assertThat(future.get(5, TimeUnit.SECONDS)).isEqualTo("woken");
        } finally {
            stuck.shutdownNow();
        }
    }

    @Test
    void cancellingRunsTheCancelActionOnTheCancellingThread() {
        List<String> stopped = new CopyOnWriteArrayList<>();
        ExecutorBoundFuture<String> future = new ExecutorBoundFuture<>(executor, () -> record(stopped, "stopped"));

        assertThat(future.cancel(false)).isTrue();
        assertThat(future.cancel(false)).as("cancelled already, as CompletableFuture says").isTrue();

        assertThat(future.isCancelled()).isTrue();
        assertThat(stopped).as("once, on this thread").containsExactly(Thread.currentThread().getName());
        assertThat(future.complete("late")).isFalse();
    }

    private static String record(List<String> threads, String value) {
        threads.add(Thread.currentThread().getName());
        return value;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
