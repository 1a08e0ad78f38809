package dev.skein.core.memory;

import dev.skein.core.Params;
import dev.skein.core.errors.BadRequest;
import dev.skein.core.errors.Conflict;
import dev.skein.core.errors.MethodNotAllowed;
import dev.skein.core.errors.NotFound;
import dev.skein.core.errors.SkeinError;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class MemoryServiceTest {

    public record Todo(String text, boolean done) {
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        return map;
    }

    private static Object join(CompletionStage<Object> stage) {
        return stage.toCompletableFuture().join();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> item(CompletionStage<Object> stage) {
        return (Map<String, Object>) join(stage);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> items(CompletionStage<Object> stage) {
        return (List<Map<String, Object>>) join(stage);
    }

    /** The error a stage failed with; the stage must be a failed one, not a thrown exception. */
    private static SkeinError failure(CompletionStage<Object> stage) {
        Throwable thrown = catchThrowable(() -> join(stage));
        assertThat(thrown).isInstanceOf(CompletionException.class);
        assertThat(thrown.getCause()).isInstanceOf(SkeinError.class);
        return (SkeinError) thrown.getCause();
    }

    private static List<Object> ids(List<Map<String, Object>> items) {
        List<Object> ids = new ArrayList<>();
        for (Map<String, Object> item : items) ids.add(item.get("id"));
        return ids;
    }

    private static Params query(Object... keysAndValues) {
        return Params.query(map(keysAndValues));
    }

    private static MemoryService todos(MemoryOptions options) {
        return MemoryService.withItems(options, List.of(
                map("text", "write", "done", false, "rank", 3),
                map("text", "test", "done", true, "rank", 1),
                map("text", "ship", "done", false, "rank", 2)));
    }

    private static MemoryService todos() {
        return todos(MemoryOptions.defaults());
    }

    @Nested
    class Create {

        @Test
        void dataWithoutAnIdGetsIncreasingLongIdsFromZero() {
            MemoryService service = new MemoryService();
            assertThat(item(service.create(map("text", "a"), null))).isEqualTo(map("id", 0L, "text", "a"));
            assertThat(item(service.create(map("text", "b"), null))).isEqualTo(map("id", 1L, "text", "b"));
        }

        @Test
        void generatedIdsStartAtStartId() {
            MemoryService service = new MemoryService(MemoryOptions.builder().startId(100).build());
            assertThat(item(service.create(map(), null))).containsEntry("id", 100L);
        }

        @Test
        void dataWithAnIdKeepsIt() {
            MemoryService service = new MemoryService();
            assertThat(item(service.create(map("id", "abc", "text", "a"), null))).isEqualTo(map("id", "abc", "text", "a"));
            assertThat(item(service.get("abc", null))).containsEntry("text", "a");
        }

        @Test
        void generatedIdsSkipIdsInUse() {
            MemoryService service = new MemoryService();
            join(service.create(map("id", 0), null));
            join(service.create(map("id", "1"), null));
            assertThat(item(service.create(map(), null))).containsEntry("id", 2L);
        }

        @Test
        void creatingAnExistingIdIsAConflict() {
            MemoryService service = new MemoryService();
            join(service.create(map("id", 1, "text", "first"), null));
            SkeinError error = failure(service.create(map("id", "1", "text", "second"), null));
            assertThat(error).isInstanceOf(Conflict.class).hasMessage("An item with id '1' already exists");
            assertThat(item(service.get(1, null))).containsEntry("text", "first");
        }

        @Test
        void aPojoIsConvertedToAnObject() {
            MemoryService service = new MemoryService();
            assertThat(item(service.create(new Todo("pojo", true), null))).isEqualTo(map("id", 0L, "text", "pojo", "done", true));
        }

        @Test
        void aListNeedsMultiForCreate() {
            MemoryService service = new MemoryService();
            SkeinError error = failure(service.create(List.of(map("text", "a"), map("text", "b")), null));
            assertThat(error).isInstanceOf(MethodNotAllowed.class).hasMessage("Can not create multiple entries");
            assertThat(items(service.find(null))).isEmpty();
        }

        @Test
        void aListCreatesEveryItemWhenMultiAllowsCreate() {
            MemoryService service = new MemoryService(MemoryOptions.builder().multi("create").build());
            List<Map<String, Object>> created = items(service.create(List.of(map("text", "a"), new Todo("b", false), map("id", 9)), null));
            assertThat(created).containsExactly(map("id", 0L, "text", "a"), map("id", 1L, "text", "b", "done", false), map("id", 9));
            assertThat(items(service.find(null))).isEqualTo(created);
        }

        @Test
        void aListWithAnExistingOrRepeatedIdCreatesNothing() {
            MemoryService service = MemoryService.withItems(MemoryOptions.builder().multi(true).build(), List.of(map("id", 1)));
            assertThat(failure(service.create(List.of(map("text", "a"), map("id", 1L)), null)))
                    .isInstanceOf(Conflict.class).hasMessage("An item with id '1' already exists");
            assertThat(failure(service.create(List.of(map("id", "x"), map("id", "x")), null)))
                    .isInstanceOf(Conflict.class).hasMessage("An item with id 'x' already exists");
            assertThat(items(service.find(null))).containsExactly(map("id", 1));
        }

        @Test
        void anEmptyListCreatesNothing() {
            MemoryService service = new MemoryService(MemoryOptions.builder().multi(true).build());
            assertThat(items(service.create(List.of(), null))).isEmpty();
        }

        @Test
        void dataThatIsNotAnObjectIsABadRequest() {
            MemoryService service = new MemoryService(MemoryOptions.builder().multi(true).build());
            assertThat(failure(service.create("text", null))).isInstanceOf(BadRequest.class).hasMessage("Data must be an object, not a string");
            assertThat(failure(service.create(42, null))).isInstanceOf(BadRequest.class).hasMessage("Data must be an object, not a number");
            assertThat(failure(service.create(null, null))).isInstanceOf(BadRequest.class).hasMessage("Data must be an object, not null");
            assertThat(failure(service.create(List.of(map(), "b"), null)))
                    .isInstanceOf(BadRequest.class).hasMessage("Item 1 of the data is not an object but a string");
            assertThat(items(service.find(null))).isEmpty();
        }

        @Test
        void anIdThatIsNotAStringOrANumberIsABadRequest() {
            MemoryService service = new MemoryService();
            assertThat(failure(service.create(map("id", List.of(1)), null)))
                    .isInstanceOf(BadRequest.class).hasMessage("Invalid id '[1]': an id is a string or a number");
        }

        @Test
        void createAppliesSelectToWhatItReturns() {
            MemoryService service = new MemoryService();
            assertThat(item(service.create(map("text", "a", "done", false), query("$select", List.of("done")))))
                    .isEqualTo(map("id", 0L, "done", false));
            assertThat(item(service.get(0, null))).containsKey("text");
        }
    }

    @Nested
    class Get {

        @Test
        void anIdFindsItsItemAsANumberOrAString() {
            MemoryService service = todos();
            assertThat(item(service.get(1, null))).containsEntry("text", "test");
            assertThat(item(service.get("1", null))).containsEntry("text", "test");
            assertThat(item(service.get(1.0, null))).containsEntry("text", "test");
            assertThat(item(service.get("1", null))).containsEntry("id", 1L);
        }

        @Test
        void aMissingIdIsNotFoundNamingIt() {
            assertThat(failure(todos().get(7, null))).isInstanceOf(NotFound.class).hasMessage("No record found for id '7'");
        }

        @Test
        void anItemTheQueryDoesNotMatchIsNotFound() {
            MemoryService service = todos();
            assertThat(failure(service.get(1, query("done", false)))).isInstanceOf(NotFound.class).hasMessage("No record found for id '1'");
            assertThat(item(service.get(1, query("done", true)))).containsEntry("text", "test");
        }

        @Test
        void getAppliesSelect() {
            assertThat(item(todos().get(2, query("$select", "text")))).isEqualTo(map("id", 2L, "text", "ship"));
        }

        @Test
        void aNullIdIsABadRequest() {
            assertThat(failure(todos().get(null, null))).isInstanceOf(BadRequest.class).hasMessage("Method 'get' needs an id");
        }

        @Test
        void aBadQueryIsABadRequest() {
            assertThat(failure(todos().get(1, query("text", map("$like", "t%")))))
                    .isInstanceOf(BadRequest.class).hasMessage("Invalid query operator '$like' on field 'text'");
        }
    }

    @Nested
    class Copies {

        @Test
        void changingAReturnedItemDoesNotChangeTheStore() {
            MemoryService service = new MemoryService();
            Map<String, Object> created = item(service.create(map("text", "a", "tags", List.of("x")), null));
            created.put("text", "changed");
            Map<String, Object> got = item(service.get(0, null));
            got.put("text", "changed");
            @SuppressWarnings("unchecked")
            List<Object> tags = (List<Object>) got.get("tags");
            tags.add("y");
            items(service.find(null)).get(0).clear();
            assertThat(item(service.get(0, null))).isEqualTo(map("id", 0L, "text", "a", "tags", List.of("x")));
        }

        @Test
        void changingTheDataGivenDoesNotChangeTheStore() {
            MemoryService service = new MemoryService();
            List<Object> tags = new ArrayList<>(List.of("x"));
            Map<String, Object> data = map("text", "a", "tags", tags);
            join(service.create(data, null));
            data.put("text", "changed");
            tags.add("y");
            assertThat(item(service.get(0, null))).isEqualTo(map("id", 0L, "text", "a", "tags", List.of("x")));
        }

        @Test
        void createDoesNotAddTheIdToTheDataGiven() {
            Map<String, Object> data = map("text", "a");
            join(new MemoryService().create(data, null));
            assertThat(data).doesNotContainKey("id");
        }
    }

    @Nested
    class Find {

        @Test
        void withoutPaginationFindAnswersEveryItemInCreationOrder() {
            assertThat(ids(items(todos().find(null)))).containsExactly(0L, 1L, 2L);
            assertThat(ids(items(todos().find(Params.of())))).containsExactly(0L, 1L, 2L);
        }

        @Test
        void findAppliesConditionsSortSkipLimitAndSelect() {
            MemoryService service = todos();
            assertThat(ids(items(service.find(query("done", false))))).containsExactly(0L, 2L);
            assertThat(ids(items(service.find(query("$sort", map("rank", "1")))))).containsExactly(1L, 2L, 0L);
            assertThat(ids(items(service.find(query("$sort", map("rank", -1), "$skip", "1", "$limit", "1"))))).containsExactly(2L);
            assertThat(items(service.find(query("rank", map("$gte", 2), "$select", List.of("rank")))))
                    .containsExactly(map("id", 0L, "rank", 3), map("id", 2L, "rank", 2));
        }

        @Test
        void idConditionsMatchStringIds() {
            assertThat(ids(items(todos().find(query("id", map("$in", List.of("0", "2"))))))).containsExactly(0L, 2L);
            assertThat(ids(items(todos().find(query("id", "1"))))).containsExactly(1L);
        }

        @Test
        void aBadQueryIsABadRequest() {
            assertThat(failure(todos().find(query("$limit", "-5"))))
                    .isInstanceOf(BadRequest.class).hasMessage("Invalid $limit '-5': expected a non-negative integer");
        }
    }

    @Nested
    class Pagination {

        private final MemoryOptions paginated = MemoryOptions.builder().paginate(2, 3).build();

        @SuppressWarnings("unchecked")
        private Map<String, Object> page(MemoryService service, Params params) {
            return (Map<String, Object>) join(service.find(params));
        }

        @SuppressWarnings("unchecked")
        private List<Map<String, Object>> data(Map<String, Object> page) {
            return (List<Map<String, Object>>) page.get("data");
        }

        private MemoryService five() {
            MemoryService service = new MemoryService(paginated);
            for (int i = 0; i < 5; i++) join(service.create(map("n", i), null));
            return service;
        }

        @Test
        void aPaginatedFindAnswersAPageWithTheDefaultLimit() {
            Map<String, Object> page = page(five(), null);
            assertThat(page).containsOnlyKeys("total", "limit", "skip", "data");
            assertThat(page).containsEntry("total", 5).containsEntry("limit", 2).containsEntry("skip", 0);
            assertThat(ids(data(page))).containsExactly(0L, 1L);
        }

        @Test
        void skipAndLimitSelectThePage() {
            Map<String, Object> page = page(five(), query("$skip", 3, "$limit", "3"));
            assertThat(page).containsEntry("total", 5).containsEntry("limit", 3).containsEntry("skip", 3);
            assertThat(ids(data(page))).containsExactly(3L, 4L);
        }

        @Test
        void aLimitAboveTheMaximumIsCapped() {
            Map<String, Object> page = page(five(), query("$limit", 100));
            assertThat(page).containsEntry("limit", 3);
            assertThat(data(page)).hasSize(3);
        }

        @Test
        void aLimitOfZeroAnswersOnlyTheTotal() {
            Map<String, Object> page = page(five(), query("n", map("$gt", 1), "$limit", 0));
            assertThat(page).containsEntry("total", 3).containsEntry("limit", 0);
            assertThat(data(page)).isEmpty();
        }

        @Test
        void theTotalCountsMatchesNotThePage() {
            Map<String, Object> page = page(five(), query("n", map("$lt", 4), "$sort", map("n", -1)));
            assertThat(page).containsEntry("total", 4);
            assertThat(ids(data(page))).containsExactly(3L, 2L);
        }

        @Test
        void thePaginateParamTurnsPaginationOffForOneCall() {
            Params params = query("$limit", 4).set(MemoryService.PAGINATE_PARAM, false);
            assertThat(ids(items(five().find(params)))).containsExactly(0L, 1L, 2L, 3L);
        }

        @Test
        void withoutPaginationALimitOfZeroAnswersAnEmptyList() {
            assertThat(items(todos().find(query("$limit", 0)))).isEmpty();
        }
    }

    @Nested
    class Update {

        @Test
        void updateReplacesTheWholeItemKeepingItsId() {
            MemoryService service = todos();
            Map<String, Object> updated = item(service.update("1", map("id", 99, "text", "new"), null));
            assertThat(updated).isEqualTo(map("id", 1L, "text", "new"));
            assertThat(item(service.get(1, null))).isEqualTo(updated);
            assertThat(failure(service.get(99, null))).isInstanceOf(NotFound.class);
            assertThat(ids(items(service.find(null)))).containsExactly(0L, 1L, 2L);
        }

        @Test
        void updateOfAMissingIdIsNotFound() {
            assertThat(failure(todos().update(7, map(), null))).isInstanceOf(NotFound.class).hasMessage("No record found for id '7'");
        }

        @Test
        void updateOfAnItemTheQueryDoesNotMatchIsNotFound() {
            MemoryService service = todos();
            assertThat(failure(service.update(1, map("text", "x"), query("done", false)))).isInstanceOf(NotFound.class);
            assertThat(item(service.get(1, null))).containsEntry("text", "test");
        }

        @Test
        void updateWithoutAnIdIsABadRequest() {
            assertThat(failure(todos().update(null, map(), null)))
                    .isInstanceOf(BadRequest.class).hasMessage("You can not replace multiple instances. Did you mean 'patch'?");
        }

        @Test
        void updateWithDataThatIsNotAnObjectIsABadRequest() {
            assertThat(failure(todos().update(1, List.of(), null))).isInstanceOf(BadRequest.class).hasMessage("Data must be an object, not a list");
        }

        @Test
        void updateAcceptsAPojo() {
            assertThat(item(todos().update(0, new Todo("pojo", true), null))).isEqualTo(map("id", 0L, "text", "pojo", "done", true));
        }
    }

    @Nested
    class Patch {

        @Test
        void patchMergesTopLevelFieldsAndIgnoresTheId() {
            MemoryService service = todos();
            Map<String, Object> patched = item(service.patch("2", map("id", 5, "done", true, "tag", "x"), null));
            assertThat(patched).isEqualTo(map("id", 2L, "text", "ship", "done", true, "rank", 2, "tag", "x"));
            assertThat(item(service.get(2, null))).isEqualTo(patched);
            assertThat(failure(service.get(5, null))).isInstanceOf(NotFound.class);
        }

        @Test
        void patchOfAMissingOrUnmatchedItemIsNotFound() {
            MemoryService service = todos();
            assertThat(failure(service.patch(7, map(), null))).isInstanceOf(NotFound.class).hasMessage("No record found for id '7'");
            assertThat(failure(service.patch(1, map("done", false), query("done", false)))).isInstanceOf(NotFound.class);
            assertThat(item(service.get(1, null))).containsEntry("done", true);
        }

        @Test
        void patchWithoutAnIdNeedsMultiForPatch() {
            MemoryService service = todos(MemoryOptions.builder().multi("create", "remove").build());
            assertThat(failure(service.patch(null, map("done", true), query("done", false))))
                    .isInstanceOf(MethodNotAllowed.class).hasMessage("Can not patch multiple entries");
            assertThat(ids(items(service.find(query("done", true))))).containsExactly(1L);
        }

        @Test
        void patchWithoutAnIdPatchesEveryMatchWhenMultiAllowsPatch() {
            MemoryService service = todos(MemoryOptions.builder().multi("patch").build());
            List<Map<String, Object>> patched = items(service.patch(null, map("done", true), query("done", false, "$select", List.of("done"))));
            assertThat(patched).containsExactly(map("id", 0L, "done", true), map("id", 2L, "done", true));
            assertThat(ids(items(service.find(query("done", true))))).containsExactly(0L, 1L, 2L);
        }

        @Test
        void patchWithoutAnIdHonoursSortAndLimit() {
            MemoryService service = todos(MemoryOptions.builder().multi(true).build());
            List<Map<String, Object>> patched = items(service.patch(null, map("top", true), query("$sort", map("rank", -1), "$limit", 1)));
            assertThat(ids(patched)).containsExactly(0L);
            assertThat(ids(items(service.find(query("top", true))))).containsExactly(0L);
        }

        @Test
        void patchWithDataThatIsNotAnObjectIsABadRequest() {
            assertThat(failure(todos().patch(1, "done", null))).isInstanceOf(BadRequest.class).hasMessage("Data must be an object, not a string");
        }
    }

    @Nested
    class Remove {

        @Test
        void removeAnswersTheRemovedItem() {
            MemoryService service = todos();
            assertThat(item(service.remove("1", null))).isEqualTo(map("id", 1L, "text", "test", "done", true, "rank", 1));
            assertThat(failure(service.get(1, null))).isInstanceOf(NotFound.class);
            assertThat(ids(items(service.find(null)))).containsExactly(0L, 2L);
        }

        @Test
        void removeOfAMissingOrUnmatchedItemIsNotFound() {
            MemoryService service = todos();
            assertThat(failure(service.remove(7, null))).isInstanceOf(NotFound.class).hasMessage("No record found for id '7'");
            assertThat(failure(service.remove(1, query("done", false)))).isInstanceOf(NotFound.class);
            assertThat(items(service.find(null))).hasSize(3);
        }

        @Test
        void removeWithoutAnIdNeedsMultiForRemove() {
            MemoryService service = todos(MemoryOptions.builder().multi("patch").build());
            assertThat(failure(service.remove(null, query("done", false))))
                    .isInstanceOf(MethodNotAllowed.class).hasMessage("Can not remove multiple entries");
            assertThat(items(service.find(null))).hasSize(3);
        }

        @Test
        void removeWithoutAnIdRemovesEveryMatchWhenMultiAllowsRemove() {
            MemoryService service = todos(MemoryOptions.builder().multi(true).build());
            assertThat(ids(items(service.remove(null, query("done", false))))).containsExactly(0L, 2L);
            assertThat(ids(items(service.find(null)))).containsExactly(1L);
            assertThat(ids(items(service.remove(null, null)))).containsExactly(1L);
            assertThat(items(service.find(null))).isEmpty();
        }
    }

    @Nested
    class Contract {

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
}
