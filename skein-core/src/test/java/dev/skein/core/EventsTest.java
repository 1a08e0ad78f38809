package dev.skein.core;

import dev.skein.core.errors.NotFound;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.skein.core.Calls.failure;
import static dev.skein.core.Calls.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

class EventsTest {

    private final App app = App.builder().name("events-test").build();
    private final List<ServiceEvent> heard = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeApp() {
        app.close();
    }

    /**
     * A service whose methods answer {@code {id, method}}; create of a list answers one item per
     * element, remove without an id answers two items, and the id "boom" fails with NotFound.
     */
    static final class ItemService implements Service {
        @Override
        public CompletionStage<Object> find(Params params) {
            return CompletableFuture.completedFuture(List.of(Map.of("id", 1), Map.of("id", 2)));
        }

        @Override
        public CompletionStage<Object> get(Object id, Params params) {
            return answer("get", id);
        }

        @Override
        public CompletionStage<Object> create(Object data, Params params) {
            if (data instanceof List<?> list) {
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) items.add(Map.of("id", i + 1, "method", "create"));
                return CompletableFuture.completedFuture(items);
            }
            if (((Map<?, ?>) data).containsKey("boom")) return CompletableFuture.failedFuture(new NotFound("boom"));
            return answer("create", 1);
        }

        @Override
        public CompletionStage<Object> update(Object id, Object data, Params params) {
            return answer("update", id);
        }

        @Override
        public CompletionStage<Object> patch(Object id, Object data, Params params) {
            return answer("patch", id);
        }

        @Override
        public CompletionStage<Object> remove(Object id, Params params) {
            if (id == null) {
                return CompletableFuture.completedFuture(List.of(Map.of("id", 1, "method", "remove"),
                        Map.of("id", 2, "method", "remove")));
            }
            return answer("remove", id);
        }

        @Override
        public CompletionStage<Object> invoke(String method, Object data, Params params) {
            return answer(method, null);
        }

        private static CompletionStage<Object> answer(String method, Object id) {
            if ("boom".equals(id)) return CompletableFuture.failedFuture(new NotFound("No item boom"));
            return CompletableFuture.completedFuture(id == null ? Map.of("method", method) : Map.of("id", id, "method", method));
        }
    }

    private ServiceHandle register(ServiceOptions options) {
        app.use("items", new ItemService(), options);
        ServiceHandle items = app.service("items");
        for (String event : items.events()) items.on(event, heard::add);
        return items;
    }

    private ServiceHandle register() {
        return register(ServiceOptions.defaults());
    }

    /** Emits a marker event and waits for it: every event emitted before it has been heard by then. */
    private void awaitMarker(ServiceHandle items) {
        result(items.patch("marker", Map.of()));
        await().atMost(Duration.ofSeconds(10)).until(() -> heard.stream().anyMatch(e -> isMarker(e)));
    }

    private static boolean isMarker(ServiceEvent event) {
        return event.data() instanceof Map<?, ?> data && "marker".equals(data.get("id"));
    }

    private List<ServiceEvent> heardBeforeMarker() {
        List<ServiceEvent> out = new ArrayList<>();
        for (ServiceEvent event : heard) {
            if (isMarker(event)) break;
            out.add(event);
        }
        return out;
    }

    // ---- standard events --------------------------------------------------------------------------

    @Test
    void successfulCallsEmitTheirStandardEvents() {
        ServiceHandle items = register();

        result(items.create(Map.of("text", "a")));
        result(items.update(2, Map.of("text", "b")));
        result(items.patch(3, Map.of("done", true)));
        result(items.remove(4));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(heard).hasSize(4));
        assertThat(heard).extracting(ServiceEvent::path, ServiceEvent::event, ServiceEvent::data).containsExactly(
                tuple("items", "created", Map.of("id", 1, "method", "create")),
                tuple("items", "updated", Map.of("id", 2, "method", "update")),
                tuple("items", "patched", Map.of("id", 3, "method", "patch")),
                tuple("items", "removed", Map.of("id", 4, "method", "remove")));
        assertThat(heard).allSatisfy(event -> {
            assertThat(event.isLocal()).isTrue();
            assertThat(event.origin()).isNull();
            assertThat(event.localOnly()).isFalse();
            assertThat(event.context()).isNotNull();
        });
        assertThat(heard.get(0).context().method()).isEqualTo("create");
    }

    @Test
    void findGetAndCustomMethodsEmitNoEvent() {
        ServiceHandle items = register(ServiceOptions.builder()
                .methods("find", "get", "create", "update", "patch", "remove", "approve").build());

        result(items.find());
        result(items.get(1));
        result(items.invoke("approve", Map.of(), null));
        awaitMarker(items);

        assertThat(heardBeforeMarker()).isEmpty();
    }

    @Test
    void aFailedCallEmitsNoEvent() {
        ServiceHandle items = register();

        failure(items.create(Map.of("boom", true)));
        failure(items.remove("boom"));
        failure(items.patch("boom", Map.of()));
        failure(items.create("not an object"));
        awaitMarker(items);

        assertThat(heardBeforeMarker()).isEmpty();
    }

    @Test
    void aCallWhoseAfterHookFailsEmitsNoEvent() {
        ServiceHandle items = register();
        items.hooks().after(Methods.CREATE, ctx -> {
            throw new IllegalStateException("after hook failed");
        });

        failure(items.create(Map.of("text", "a")));
        awaitMarker(items);

        assertThat(heardBeforeMarker()).isEmpty();
    }

    @Test
    void aMultiItemResultEmitsOneEventPerItem() {
        ServiceHandle items = register();

        result(items.create(List.of(Map.of("text", "a"), Map.of("text", "b"), Map.of("text", "c"))));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(heard).hasSize(3));
        assertThat(heard).extracting(ServiceEvent::event).containsOnly("created");
        assertThat(heard).extracting(e -> (Object) ((Map<?, ?>) e.data()).get("id")).containsExactly(1, 2, 3);
    }

    @Test
    void aMultiItemRemoveEmitsOneRemovedEventPerItem() {
        ServiceHandle items = register();

        result(items.remove(null, Params.query(Map.of("done", true))));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(heard).hasSize(2));
        assertThat(heard).extracting(ServiceEvent::event, e -> ((Map<?, ?>) e.data()).get("id"))
                .containsExactly(tuple("removed", 1), tuple("removed", 2));
    }

    @Test
    void theServiceListenersHearAnEventBeforeTheAppListeners() {
        ServiceHandle items = register();
        List<String> order = new CopyOnWriteArrayList<>();
        items.on("created", e -> order.add("service listener"));
        app.addListener(new AppListener() {
            @Override
            public void serviceEvent(ServiceEvent event) {
                order.add("app listener " + event.event());
            }
        });

        result(items.create(Map.of("text", "a")));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(order).containsExactly("service listener", "app listener created"));
    }

    @Test
    void automaticEventsOffEmitsNoStandardEvent() {
        ServiceHandle items = register(ServiceOptions.builder().automaticEvents(false).events("marked").build());
        List<ServiceEvent> appHeard = new CopyOnWriteArrayList<>();
        app.addListener(new AppListener() {
            @Override
            public void serviceEvent(ServiceEvent event) {
                appHeard.add(event);
            }
        });

        result(items.create(Map.of("text", "a")));
        result(items.patch(1, Map.of("text", "a")));
        result(items.remove(1));
        items.emit("marked", Map.of("id", "marker"));

        await().atMost(Duration.ofSeconds(10)).until(() -> heard.stream().anyMatch(EventsTest::isMarker));
        assertThat(heard).extracting(ServiceEvent::event).containsExactly("marked");
        assertThat(appHeard).extracting(ServiceEvent::event).containsExactly("marked");
    }

    // ---- custom events ----------------------------------------------------------------------------

    @Test
    void aDeclaredCustomEventIsEmittedWithEmit() {
        ServiceHandle items = register(ServiceOptions.builder().events("progress", "done").build());

        assertThat(items.events()).containsExactly("created", "updated", "patched", "removed", "progress", "done");
        items.emit("progress", Map.of("percent", 50));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(heard).hasSize(1));
        ServiceEvent event = heard.get(0);
        assertThat(event.path()).isEqualTo("items");
        assertThat(event.event()).isEqualTo("progress");
        assertThat(event.data()).isEqualTo(Map.of("percent", 50));
        assertThat(event.context()).isNull();
        assertThat(event.isLocal()).isTrue();
    }

    @Test
    void aCustomEventCarriesAPojoAsJsonShapedData() {
        record Progress(int percent, String step) {
        }
        ServiceHandle items = register(ServiceOptions.builder().events("progress").build());

        items.emit("progress", new Progress(75, "copying"));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(heard).hasSize(1));
        assertThat(heard.get(0).data()).isEqualTo(Map.of("percent", 75, "step", "copying"));
    }

    @Test
    void emittingAnUndeclaredEventIsRefusedNamingIt() {
        ServiceHandle items = register(ServiceOptions.builder().events("progress").build());

        assertThatThrownBy(() -> items.emit("exploded", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'exploded'")
                .hasMessageContaining("progress");
        assertThat(heard).isEmpty();
    }

    @Test
    void listeningToAnUndeclaredEventIsRefusedNamingIt() {
        ServiceHandle items = register();

        assertThatThrownBy(() -> items.on("exploded", e -> { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exploded");
        assertThatThrownBy(() -> items.once("exploded", e -> { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exploded");
    }

    @Test
    void aHookCanChangeTheEventToADeclaredCustomOne() {
        ServiceHandle items = register(ServiceOptions.builder().events("archived").build());
        items.hooks().before(Methods.REMOVE, ctx -> ctx.event("archived"));

        result(items.remove(5));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(heard).hasSize(1));
        assertThat(heard.get(0).event()).isEqualTo("archived");
        assertThat(heard.get(0).data()).isEqualTo(Map.of("id", 5, "method", "remove"));
    }

    @Test
    void aCustomMethodCanEmitACustomEventThroughItsHook() {
        ServiceHandle items = register(ServiceOptions.builder().methods("approve").events("approved").build());
        items.hooks().before("approve", ctx -> ctx.event("approved"));

        result(items.invoke("approve", Map.of(), null));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(heard).extracting(ServiceEvent::event).containsExactly("approved"));
    }

    // ---- on, once, off ----------------------------------------------------------------------------

    @Test
    void onceHearsOnlyTheNextEvent() {
        ServiceHandle items = register();
        List<ServiceEvent> once = new CopyOnWriteArrayList<>();
        items.once("created", once::add);

        result(items.create(Map.of("n", 1)));
        result(items.create(Map.of("n", 2)));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(heard).hasSize(2));
        assertThat(once).hasSize(1);
        assertThat(once.get(0)).isSameAs(heard.get(0));
    }

    @Test
    void offStopsAListener() {
        ServiceHandle items = register();
        List<ServiceEvent> mine = new CopyOnWriteArrayList<>();
        EventListener listener = mine::add;
        items.on("created", listener);
        result(items.create(Map.of("n", 1)));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(mine).hasSize(1));

        items.off("created", listener);
        result(items.create(Map.of("n", 2)));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(heard).hasSize(2));

        assertThat(mine).hasSize(1);
    }

    @Test
    void offWithoutAListenerStopsEveryListenerOfTheEvent() {
        ServiceHandle items = register();
        List<ServiceEvent> mine = new CopyOnWriteArrayList<>();
        items.on("created", mine::add).on("created", mine::add);

        items.off("created");
        result(items.create(Map.of("n", 1)));
        awaitMarker(items);

        assertThat(mine).isEmpty();
        assertThat(heard).extracting(ServiceEvent::event).containsExactly("patched");
    }

    // ---- hooks and events -------------------------------------------------------------------------

    @Test
    void aHookThatSetsTheEventToNullEmitsNoEvent() {
        ServiceHandle items = register();
        items.hooks().after(Methods.CREATE, ctx -> ctx.event(null));

        result(items.create(Map.of("text", "quiet")));
        awaitMarker(items);

        assertThat(heardBeforeMarker()).isEmpty();
    }

    @Test
    void keepEventLocalGivesAnEventThatIsLocalOnly() {
        ServiceHandle items = register();
        items.hooks().before(Methods.CREATE, HookContext::keepEventLocal);

        result(items.create(Map.of("text", "local")));
        result(items.update(1, Map.of("text", "shared")));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(heard).hasSize(2));
        assertThat(heard).extracting(ServiceEvent::event, ServiceEvent::localOnly)
                .containsExactly(tuple("created", true), tuple("updated", false));
    }

    @Test
    void aBeforeHookResultIsWhatTheEventCarries() {
        ServiceHandle items = register();
        items.hooks().before(Methods.CREATE, ctx -> ctx.result(Map.of("id", 99, "from", "hook")));

        result(items.create(Map.of("text", "a")));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(heard).hasSize(1));
        assertThat(heard.get(0).data()).isEqualTo(Map.of("id", 99, "from", "hook"));
    }

    // ---- failing listeners ------------------------------------------------------------------------

    @Test
    void aListenerThatThrowsBreaksNeitherTheCallNorOtherListeners() {
        ServiceHandle items = register();
        List<String> others = new CopyOnWriteArrayList<>();
        items.on("created", e -> {
            throw new IllegalStateException("listener failed");
        });
        items.on("created", e -> others.add("second listener"));
        app.addListener(new AppListener() {
            @Override
            public void serviceEvent(ServiceEvent event) {
                throw new IllegalStateException("app listener failed");
            }
        });
        app.addListener(new AppListener() {
            @Override
            public void serviceEvent(ServiceEvent event) {
                others.add("second app listener");
            }
        });

        Object answer = result(items.create(Map.of("text", "a")));

        assertThat(answer).isEqualTo(Map.of("id", 1, "method", "create"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(others).containsExactly("second listener", "second app listener"));
    }

    @Test
    void aListenerThatThrowsACheckedExceptionDoesNotBreakEmit() {
        ServiceHandle items = register(ServiceOptions.builder().events("progress").build());
        items.on("progress", e -> {
            throw new Exception("checked");
        });

        items.emit("progress", Map.of("p", 1));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(heard).hasSize(1));
    }

    /** Calls from outside are answered before their events; an internal call's events still come after theirs, in order. */
    @Test
    void anOutsideCallIsAnsweredBeforeASlowListenerRunsAndAnInternalCallsEventsFollowItsEventsInOrder() throws Exception {
        app.use("todos", new dev.skein.core.memory.MemoryService());
        CountDownLatch release = new CountDownLatch(1);
        List<String> order = new CopyOnWriteArrayList<>();
        app.service("todos").on("created", e -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            order.add("created");
        });
        app.service("todos").on("removed", e -> order.add("removed"));

        Object created = app.service("todos").create(Map.of("text", "t"), new Params().provider(Params.REST)).get(5, TimeUnit.SECONDS);
        assertThat(order).isEmpty(); // answered while its listener still waits
        CompletableFuture<Object> removed = app.service("todos").remove(((Map<?, ?>) created).get("id"));
        release.countDown();
        removed.get(5, TimeUnit.SECONDS);

        assertThat(order).containsExactly("created", "removed"); // and the internal call's join() came after its listeners
    }
}
