package dev.skein.core.memory;

import dev.skein.core.errors.BadRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.skein.core.memory.MemoryFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

class MemoryServiceContractTest {

    @Test
    void failuresAreFailedStagesNotThrownExceptions() {
        MemoryService service = new MemoryService();
        CompletableFuture<Object> stage = service.get(Map.of("bad", "id"), null).toCompletableFuture();
        assertThat(stage).isCompletedExceptionally();
        assertThat(failure(stage)).isInstanceOf(BadRequest.class).hasMessage("Invalid id '{bad=id}': an id is a string or a number");
    }

    @Test
    void everyMethodAnswersACompletedStage() {
        MemoryService service = new MemoryService(MemoryOptions.builder().multi(true).build());
        assertThat(service.create(map(), null).toCompletableFuture()).isDone();
        assertThat(service.find(null).toCompletableFuture()).isDone();
        assertThat(service.get(0, null).toCompletableFuture()).isDone();
        assertThat(service.update(0, map(), null).toCompletableFuture()).isDone();
        assertThat(service.patch(0, map(), null).toCompletableFuture()).isDone();
        assertThat(service.remove(0, null).toCompletableFuture()).isDone();
    }

    @Test
    void aCustomIdFieldIsUsedEverywhere() {
        MemoryService service = new MemoryService(MemoryOptions.builder().idField("_id").build());
        assertThat(item(service.create(map("text", "a"), null))).isEqualTo(map("_id", 0L, "text", "a"));
        assertThat(item(service.get("0", query("$select", List.of())))).isEqualTo(map("_id", 0L));
        assertThat(item(service.patch(0, map("_id", 3, "id", 4), null))).isEqualTo(map("_id", 0L, "text", "a", "id", 4));
        assertThat(ids(items(service.find(query("_id", "0"))))).hasSize(1);
    }

    @Test
    void withItemsSeedsTheStoreWhateverMultiSays() {
        MemoryService service = MemoryService.withItems(map("text", "a"), map("id", "b"));
        assertThat(items(service.find(null))).containsExactly(map("id", 0L, "text", "a"), map("id", "b"));
        assertThat(service.options()).isSameAs(MemoryOptions.defaults());
    }

    @Test
    @Timeout(30)
    void concurrentCreatesGetUniqueIdsAndAllCount() throws Exception {
        MemoryService service = new MemoryService(MemoryOptions.builder().paginate(10, 10).build());
        int threads = 8;
        int perThread = 250;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<Object>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    start.await();
                    List<Object> ids = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        ids.add(item(service.create(map("thread", thread, "i", i), null)).get("id"));
                        if (i % 25 == 0) join(service.find(query("thread", thread)));
                    }
                    return ids;
                }));
            }
            start.countDown();
            Set<Object> ids = new HashSet<>();
            for (Future<List<Object>> result : results) ids.addAll(result.get(20, TimeUnit.SECONDS));
            assertThat(ids).hasSize(threads * perThread);
            @SuppressWarnings("unchecked")
            Map<String, Object> page = (Map<String, Object>) join(service.find(query("$limit", 0)));
            assertThat(page).containsEntry("total", threads * perThread);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @Timeout(30)
    void concurrentPatchesAndRemovesLeaveAConsistentStore() throws Exception {
        MemoryService service = new MemoryService(MemoryOptions.builder().multi(true).build());
        for (int i = 0; i < 200; i++) join(service.create(map("n", i, "even", i % 2 == 0), null));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Future<?> patcher = pool.submit(() -> join(service.patch(null, map("seen", true), query("even", true))));
            Future<?> remover = pool.submit(() -> join(service.remove(null, query("even", false))));
            List<Future<?>> getters = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                getters.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i += 2) item(service.get(i, null));
                }));
            }
            patcher.get(20, TimeUnit.SECONDS);
            remover.get(20, TimeUnit.SECONDS);
            for (Future<?> getter : getters) getter.get(20, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        List<Map<String, Object>> left = items(service.find(null));
        assertThat(left).hasSize(100).allSatisfy(item -> assertThat(item).containsEntry("even", true).containsEntry("seen", true));
    }
}
