package dev.skein.core;

import dev.skein.core.errors.BadRequest;
import dev.skein.core.errors.NotFound;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.skein.core.Calls.failure;
import static dev.skein.core.Calls.result;
import static org.assertj.core.api.Assertions.assertThat;

class TypedServiceTest {

    record Todo(Integer id, String text, boolean done) {
    }

    /** A plain class with a no-argument constructor and public fields. */
    public static final class Note {
        public Integer id;
        public String title;

        public Note() {
        }

        Note(Integer id, String title) {
            this.id = id;
            this.title = title;
        }
    }

    /** A tiny store of JSON-shaped items that records the data it is given. */
    static final class Store implements Service {
        final Map<Object, Map<String, Object>> items = new ConcurrentHashMap<>();
        final List<Object> received = new CopyOnWriteArrayList<>();
        final AtomicInteger ids = new AtomicInteger();
        volatile boolean paginate;

        @Override
        public CompletionStage<Object> find(Params params) {
            List<Object> all = new ArrayList<>(items.values());
            if (!paginate) return CompletableFuture.completedFuture(all);
            return CompletableFuture.completedFuture(Map.of("total", 40, "limit", 10, "skip", 20, "data", all));
        }

        @Override
        public CompletionStage<Object> get(Object id, Params params) {
            Map<String, Object> item = items.get(id);
            if (item == null) return CompletableFuture.failedFuture(new NotFound("No item " + id));
            return CompletableFuture.completedFuture(item);
        }

        @Override
        @SuppressWarnings("unchecked")
        public CompletionStage<Object> create(Object data, Params params) {
            received.add(data);
            if (data instanceof List<?> list) {
                List<Object> out = new ArrayList<>();
                for (Object one : list) out.add(store((Map<String, Object>) one));
                return CompletableFuture.completedFuture(out);
            }
            return CompletableFuture.completedFuture(store((Map<String, Object>) data));
        }

        @Override
        @SuppressWarnings("unchecked")
        public CompletionStage<Object> patch(Object id, Object data, Params params) {
            received.add(data);
            Map<String, Object> item = new LinkedHashMap<>(items.get(id));
            item.putAll((Map<String, Object>) data);
            items.put(id, item);
            return CompletableFuture.completedFuture(item);
        }

        private Map<String, Object> store(Map<String, Object> data) {
            Map<String, Object> item = new LinkedHashMap<>(data);
            int id = ids.incrementAndGet();
            item.put("id", id);
            items.put(id, item);
            return item;
        }
    }

    private final App app = App.builder().name("typed-test").build();
    private final Store store = new Store();

    @AfterEach
    void closeApp() {
        app.close();
    }

    @Test
    void aTypedViewMapsDataToRecords() {
        app.use("todos", store);
        TypedService<Todo> todos = app.service("todos", Todo.class);

        Todo created = result(todos.create(new Todo(null, "write tests", false)));
        Todo fetched = result(todos.get(created.id()));

        assertThat(created).isEqualTo(new Todo(1, "write tests", false));
        assertThat(fetched).isEqualTo(created);
    }

    @Test
    void updatePatchAndRemoveOfATypedViewCarryTheirParams() {
        app.use("todos", new dev.skein.core.memory.MemoryService());
        TypedService<Todo> todos = app.service("todos", Todo.class);
        List<Object> seen = new CopyOnWriteArrayList<>();
        app.service("todos").hooks().before(Methods.ALL, ctx -> seen.add(ctx.method() + " " + ctx.params().get("who")));
        Todo created = result(todos.create(new Todo(null, "a", false)));
        Params params = new Params().set("who", "ada");

        assertThat(result(todos.update(created.id(), new Todo(created.id(), "b", false), params)).text()).isEqualTo("b");
        assertThat(result(todos.patch(created.id(), Map.of("done", true), params)).done()).isTrue();
        assertThat(result(todos.remove(created.id(), params)).id()).isEqualTo(created.id());
        assertThat(seen).containsExactly("create null", "update ada", "patch ada", "remove ada");
    }

    @Test
    void theServiceBehindATypedViewReceivesJsonShapedData() {
        app.use("todos", store);

        result(app.service("todos", Todo.class).create(new Todo(null, "write tests", true)));

        assertThat(store.received).hasSize(1);
        assertThat(store.received.get(0)).isInstanceOf(Map.class);
        assertThat((Map<Object, Object>) (Map<?, ?>) store.received.get(0)).containsEntry("text", "write tests").containsEntry("done", true);
    }

    @Test
    void aListOfPojosReachesTheServiceAsJsonShapedData() {
        app.use("todos", store);

        List<?> created = (List<?>) result(app.service("todos")
                .create(List.of(new Todo(null, "a", false), new Todo(null, "b", true))));

        assertThat(created).hasSize(2);
        List<?> received = (List<?>) store.received.get(0);
        assertThat(received).allSatisfy(item -> assertThat(item).isInstanceOf(Map.class));
        assertThat((Map<Object, Object>) (Map<?, ?>) received.get(1)).containsEntry("text", "b").containsEntry("done", true);
    }

    @Test
    void aPojoInsideAMapReachesTheServiceAsJsonShapedData() {
        app.use("todos", store);

        result(app.service("todos").create(Map.of("todo", new Todo(3, "nested", false))));

        Map<?, ?> received = (Map<?, ?>) store.received.get(0);
        assertThat(received.get("todo")).isEqualTo(Map.of("id", 3, "text", "nested", "done", false));
    }

    @Test
    void aTypedViewMapsDataToPlainClasses() {
        app.use("notes", store);
        TypedService<Note> notes = app.service("notes", Note.class);

        Note created = result(notes.create(new Note(null, "groceries")));

        assertThat(created.id).isEqualTo(1);
        assertThat(created.title).isEqualTo("groceries");
        assertThat(result(notes.get(1)).title).isEqualTo("groceries");
    }

    @Test
    void aTypedPatchMergesAMapOfChanges() {
        app.use("todos", store);
        TypedService<Todo> todos = app.service("todos", Todo.class);
        Todo created = result(todos.create(new Todo(null, "a", false)));

        Todo patched = result(todos.patch(created.id(), Map.of("done", true)));

        assertThat(patched).isEqualTo(new Todo(created.id(), "a", true));
    }

    @Test
    void aTypedFindMapsEveryItem() {
        app.use("todos", store);
        TypedService<Todo> todos = app.service("todos", Todo.class);
        result(todos.create(new Todo(null, "a", false)));
        result(todos.create(new Todo(null, "b", true)));

        List<Todo> found = result(todos.find(new Params()));

        assertThat(found).containsExactlyInAnyOrder(new Todo(1, "a", false), new Todo(2, "b", true));
    }

    @Test
    void aTypedFindOfAPaginatedServiceGivesTheItemsAndThePage() {
        app.use("todos", store);
        TypedService<Todo> todos = app.service("todos", Todo.class);
        result(todos.create(new Todo(null, "a", false)));
        store.paginate = true;

        List<Todo> items = result(todos.find(new Params()));
        TypedService.Page<Todo> page = result(todos.findPage(new Params()));

        assertThat(items).containsExactly(new Todo(1, "a", false));
        assertThat(page.total()).isEqualTo(40);
        assertThat(page.limit()).isEqualTo(10);
        assertThat(page.skip()).isEqualTo(20);
        assertThat(page.data()).containsExactly(new Todo(1, "a", false));
    }

    @Test
    void dataThatDoesNotFitTheTypeIsBadRequest() {
        app.use("todos", store);
        store.items.put(9, Map.of("id", "not a number", "text", "x", "done", false));
        store.items.put(10, Map.of("id", 10, "text", "x", "done", Map.of("nested", true)));

        Throwable badId = failure(app.service("todos", Todo.class).get(9));
        Throwable badDone = failure(app.service("todos", Todo.class).get(10));

        assertThat(badId).isInstanceOf(BadRequest.class).hasMessageContaining("Todo");
        assertThat(badDone).isInstanceOf(BadRequest.class);
    }

    @Test
    void aTypedCallKeepsTheErrorOfTheService() {
        app.use("todos", store);

        assertThat(failure(app.service("todos", Todo.class).get(404))).isInstanceOf(NotFound.class).hasMessage("No item 404");
    }

    @Test
    void aTypedViewGivesItsUntypedHandle() {
        app.use("todos", store);

        assertThat(app.service("todos", Todo.class).handle()).isSameAs(app.service("todos"));
    }
}
