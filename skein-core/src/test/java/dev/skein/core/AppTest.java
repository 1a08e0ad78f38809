package dev.skein.core;

import dev.skein.core.errors.NotFound;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.skein.core.Calls.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class AppTest {

    private final App app = App.builder().name("app-test").build();

    @AfterEach
    void closeApp() {
        app.close();
    }

    /** A service that counts its setup and teardown calls. */
    static final class LifecycleService implements Service {
        final List<String> setups = new CopyOnWriteArrayList<>();
        final List<App> setupApps = new CopyOnWriteArrayList<>();
        final AtomicInteger teardowns = new AtomicInteger();

        @Override
        public java.util.concurrent.CompletionStage<Object> get(Object id, Params params) {
            return java.util.concurrent.CompletableFuture.completedFuture(Map.of("id", id));
        }

        @Override
        public void setup(App app, String path) {
            setupApps.add(app);
            setups.add(path);
        }

        @Override
        public void teardown() {
            teardowns.incrementAndGet();
        }
    }

    /** Records every callback of an app. */
    static final class RecordingListener implements AppListener {
        final List<String> log = new CopyOnWriteArrayList<>();
        final List<ServiceHandle> handles = new CopyOnWriteArrayList<>();
        final List<ServiceEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void serviceAdded(String path, ServiceHandle service) {
            log.add("added " + path);
            handles.add(service);
        }

        @Override
        public void serviceRemoved(String path, ServiceHandle service) {
            log.add("removed " + path);
            handles.add(service);
        }

        @Override
        public void serviceEvent(ServiceEvent event) {
            log.add("event " + event.path() + " " + event.event());
            events.add(event);
        }

        @Override
        public void closing(App app) {
            log.add("closing " + app.name());
        }
    }

    // ---- registration and lookup ----------------------------------------------------------------

    @Test
    void aRegisteredServiceIsFoundAtItsPath() {
        RecordingService service = new RecordingService();
        app.use("todos", service);

        ServiceHandle handle = app.service("todos");

        assertThat(handle.path()).isEqualTo("todos");
        assertThat(handle.service()).isSameAs(service);
        assertThat(handle.app()).isSameAs(app);
        assertThat(app.lookup("todos")).containsSame(handle);
        assertThat(app.services()).containsOnlyKeys("todos").containsEntry("todos", handle);
    }

    @Test
    void callsThroughTheAppReachTheRegisteredService() {
        RecordingService service = new RecordingService();
        app.use("todos", service);

        Object answer = result(app.service("todos").get(1));

        assertThat(answer).isEqualTo(RecordingService.answer("get", 1, null, new Params()));
        assertThat(service.onlyCall().method()).isEqualTo("get");
    }

    @ParameterizedTest
    @ValueSource(strings = {"todos", "/todos", "todos/", "/todos/", "//todos//", " /todos/ "})
    void slashesAtEitherEndOfAPathAreIgnored(String path) {
        app.use("/todos/", new RecordingService());

        assertThat(app.service(path).path()).isEqualTo("todos");
        assertThat(app.lookup(path)).isPresent();
    }

    @Test
    void slashesInsideAPathAreKept() {
        app.use("/api/v1/todos/", new RecordingService());

        assertThat(app.services()).containsOnlyKeys("api/v1/todos");
        assertThat(app.service("api/v1/todos").path()).isEqualTo("api/v1/todos");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "/", "///", " / "})
    void aBlankPathIsRefused(String path) {
        assertThatThrownBy(() -> app.use(path, new RecordingService()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
        assertThat(app.services()).isEmpty();
    }

    @Test
    void registeringTwiceAtTheSamePathIsRefusedWithAClearMessage() {
        RecordingService first = new RecordingService();
        app.use("todos", first);

        assertThatThrownBy(() -> app.use("/todos/", new RecordingService()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'todos'")
                .hasMessageContaining("already registered")
                .hasMessageContaining("unuse");
        assertThat(app.service("todos").service()).isSameAs(first);
    }

    @Test
    void aServiceTakesThePlaceOfAnOpenHandleButNotOfAnotherService() {
        RecordingService placeholder = new RecordingService();
        app.use("todos", placeholder, ServiceOptions.builder().open(true).automaticEvents(false).build());
        ServiceHandle held = app.service("todos");
        RecordingService local = new RecordingService();

        app.use("todos", local);

        assertThat(app.service("todos")).isSameAs(held);
        assertThat(held.service()).isSameAs(local);
        assertThat(held.options().open()).isFalse();
        assertThatThrownBy(() -> app.use("todos", new RecordingService(), ServiceOptions.builder().open(true).build()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already registered");
    }

    @Test
    void serviceOfAMissingPathIsNotFoundNamingThePath() {
        app.use("todos", new RecordingService());

        assertThatThrownBy(() -> app.service("/users/"))
                .isInstanceOf(NotFound.class)
                .hasMessageContaining("'users'")
                .satisfies(e -> assertThat(((NotFound) e).code()).isEqualTo(404));
        assertThat(app.lookup("users")).isEmpty();
    }

    @Test
    @Timeout(10)
    void serviceOfAMissingPathBeforeAnyMeshSaysThatNoMeshIsConfiguredAndWhatToCall() {
        app.use("users", new RecordingService());

        assertThatThrownBy(() -> app.service("todos"))
                .isInstanceOf(NotFound.class)
                .hasMessageContaining("No service is registered at 'todos'; registered: [users]")
                .hasMessageContaining("this app has no mesh configured yet")
                .hasMessageContaining("app.configure(Mesh.join()) before app.service(\"todos\")");
    }

    @Test
    @Timeout(10)
    void serviceOfAPathNoResolverTakesDoesNotBlameAMissingMesh() {
        app.addResolver((a, path) -> false); // a mesh that does not consume the path

        assertThatThrownBy(() -> app.service("todos"))
                .isInstanceOf(NotFound.class)
                .hasMessage("No service is registered at 'todos'; registered: []");
    }

    @Test
    void aTypedViewOfAMissingPathIsNotFound() {
        assertThatThrownBy(() -> app.service("users", Map.class))
                .isInstanceOf(NotFound.class)
                .hasMessageContaining("users");
    }

    @Test
    void servicesIsAnUnmodifiableSnapshot() {
        app.use("todos", new RecordingService());
        Map<String, ServiceHandle> snapshot = app.services();

        app.use("users", new RecordingService());

        assertThat(snapshot).containsOnlyKeys("todos");
        assertThat(app.services()).containsOnlyKeys("todos", "users");
        assertThatThrownBy(() -> snapshot.remove("todos")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void unuseRemovesTheServiceTearsItDownAndReturnsIt() {
        LifecycleService service = new LifecycleService();
        app.use("todos", service);
        ServiceHandle handle = app.service("todos");

        ServiceHandle removed = app.unuse("/todos/");

        assertThat(removed).isSameAs(handle);
        assertThat(service.teardowns).hasValue(1);
        assertThat(app.lookup("todos")).isEmpty();
        assertThat(app.services()).isEmpty();
        assertThatThrownBy(() -> app.service("todos")).isInstanceOf(NotFound.class);
    }

    @Test
    void unuseOfAMissingPathReturnsNull() {
        assertThat(app.unuse("nothing-here")).isNull();
    }

    @Test
    void aPathCanBeReusedAfterUnuse() {
        app.use("todos", new RecordingService());
        app.unuse("todos");
        RecordingService second = new RecordingService();

        app.use("todos", second);

        assertThat(app.service("todos").service()).isSameAs(second);
    }

    // ---- setup ---------------------------------------------------------------------------------

    @Test
    void setupCallsServiceSetupOnceWithTheAppAndThePath() {
        LifecycleService todos = new LifecycleService();
        LifecycleService users = new LifecycleService();
        app.use("/todos/", todos).use("users", users);

        assertThat(todos.setups).as("not set up before app.setup()").isEmpty();

        app.setup();
        app.setup();

        assertThat(todos.setups).containsExactly("todos");
        assertThat(todos.setupApps).containsExactly(app);
        assertThat(users.setups).containsExactly("users");
    }

    @Test
    void aServiceRegisteredAfterSetupIsSetUpAtOnce() {
        app.setup();
        LifecycleService late = new LifecycleService();

        app.use("late", late);

        assertThat(late.setups).containsExactly("late");
        app.setup();
        assertThat(late.setups).hasSize(1);
    }

    @Test
    void aBlockingServiceIsSetUpAndTornDownToo() {
        List<String> log = new CopyOnWriteArrayList<>();
        BlockingService service = new BlockingService() {
            @Override
            public Object get(Object id, Params params) {
                return Map.of("id", id);
            }

            @Override
            public void setup(App app, String path) {
                log.add("setup " + path);
            }

            @Override
            public void teardown() {
                log.add("teardown");
            }
        };
        app.use("blocking", service);

        app.setup();
        app.unuse("blocking");

        assertThat(log).containsExactly("setup blocking", "teardown");
    }

    // ---- plugins and settings --------------------------------------------------------------------

    /** A plugin that registers a service and is closed with the app. */
    static final class ClosingPlugin implements Plugin, AutoCloseable {
        final String name;
        final List<String> log;
        App configuredWith;

        ClosingPlugin(String name, List<String> log) {
            this.name = name;
            this.log = log;
        }

        @Override
        public void configure(App app) {
            configuredWith = app;
            log.add("configure " + name);
        }

        @Override
        public void close() {
            log.add("close " + name);
        }
    }

    @Test
    void configureRunsThePluginAgainstTheApp() {
        List<String> log = new CopyOnWriteArrayList<>();
        ClosingPlugin plugin = new ClosingPlugin("a", log);

        App returned = app.configure(plugin);

        assertThat(returned).isSameAs(app);
        assertThat(plugin.configuredWith).isSameAs(app);
        assertThat(log).containsExactly("configure a");
    }

    @Test
    void aPluginCanRegisterServices() {
        app.configure(a -> a.use("from-plugin", new RecordingService()));

        assertThat(app.lookup("from-plugin")).isPresent();
    }

    @Test
    void closingTheAppClosesCloseablePluginsInReverseOrder() {
        List<String> log = new CopyOnWriteArrayList<>();
        app.configure(new ClosingPlugin("first", log));
        app.configure(a -> log.add("configure plain"));
        app.configure(new ClosingPlugin("second", log));

        app.close();

        assertThat(log).containsExactly("configure first", "configure plain", "configure second",
                "close second", "close first");
    }

    @Test
    void aPluginThatFailsToCloseDoesNotStopTheOthers() {
        List<String> log = new CopyOnWriteArrayList<>();
        app.configure(new ClosingPlugin("first", log));
        app.configure(new ClosingPluginThatThrows());
        LifecycleService service = new LifecycleService();
        app.use("todos", service);

        app.close();

        assertThat(log).contains("close first");
        assertThat(service.teardowns).hasValue(1);
    }

    static final class ClosingPluginThatThrows implements Plugin, AutoCloseable {
        @Override
        public void configure(App app) {
        }

        @Override
        public void close() throws Exception {
            throw new Exception("cannot close");
        }
    }

    @Test
    void pluginFindsTheFirstConfiguredPluginOfAType() {
        List<String> log = new ArrayList<>();
        ClosingPlugin first = new ClosingPlugin("first", log);
        ClosingPlugin second = new ClosingPlugin("second", log);
        app.configure(first).configure(second);

        assertThat(app.plugin(ClosingPlugin.class)).containsSame(first);
        assertThat(app.plugin(AutoCloseable.class)).containsSame(first);
        assertThat(app.plugin(ClosingPluginThatThrows.class)).isEmpty();
    }

    @Test
    void settingsAreReadBackAndNullRemovesThem() {
        assertThat((Object) app.get("port")).isNull();

        app.set("port", 3030).set("name", "demo");

        int port = app.get("port");
        assertThat(port).isEqualTo(3030);
        assertThat((String) app.get("name")).isEqualTo("demo");

        app.set("port", null);
        assertThat((Object) app.get("port")).isNull();
        assertThat((String) app.get("name")).isEqualTo("demo");
    }

    @Test
    void theAppHasTheNameItWasBuiltWith() {
        assertThat(app.name()).isEqualTo("app-test");
        try (App unnamed = App.create()) {
            assertThat(unnamed.name()).isNotBlank();
        }
    }

    // ---- close --------------------------------------------------------------------------------

    @Test
    void closeTearsEveryServiceDown() {
        LifecycleService todos = new LifecycleService();
        LifecycleService users = new LifecycleService();
        app.use("todos", todos).use("users", users);

        app.close();

        assertThat(app.isClosed()).isTrue();
        assertThat(todos.teardowns).hasValue(1);
        assertThat(users.teardowns).hasValue(1);
        assertThat(app.services()).isEmpty();
    }

    @Test
    void closeIsIdempotent() {
        LifecycleService todos = new LifecycleService();
        RecordingListener listener = new RecordingListener();
        List<String> log = new CopyOnWriteArrayList<>();
        app.use("todos", todos).addListener(listener).configure(new ClosingPlugin("p", log));

        app.close();
        app.close();

        assertThat(todos.teardowns).hasValue(1);
        assertThat(log).containsOnlyOnce("close p");
        assertThat(listener.log).containsOnlyOnce("closing app-test");
    }

    @Test
    void useAfterCloseIsRefused() {
        app.close();

        assertThatThrownBy(() -> app.use("todos", new RecordingService()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed")
                .hasMessageContaining("todos");
        assertThat(app.services()).isEmpty();
    }

    @Test
    void configureAfterCloseIsRefused() {
        app.close();
        List<String> log = new ArrayList<>();

        assertThatThrownBy(() -> app.configure(new ClosingPlugin("late", log)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThat(log).isEmpty();
    }

    @Test
    void closeStopsTheExecutorTheAppOwns() {
        app.close();

        assertThat(app.executor().isShutdown()).isTrue();
    }

    @Test
    void closeLeavesAGivenExecutorRunning() {
        ExecutorService executor = Executors.newFixedThreadPool(2);
        try {
            App withExecutor = App.builder().name("given").executor(executor).build();
            withExecutor.use("todos", new RecordingService());
            assertThat(result(withExecutor.service("todos").get(1))).isNotNull();

            withExecutor.close();

            assertThat(executor.isShutdown()).isFalse();
            assertThat(withExecutor.executor()).isSameAs(executor);
        } finally {
            executor.shutdownNow();
        }
    }

    // ---- listeners ----------------------------------------------------------------------------

    @Test
    void listenersHearServicesAddedAndRemoved() {
        RecordingListener listener = new RecordingListener();
        app.addListener(listener);

        app.use("/todos/", new RecordingService());
        ServiceHandle handle = app.service("todos");
        app.unuse("todos");

        assertThat(listener.log).containsExactly("added todos", "removed todos");
        assertThat(listener.handles).containsExactly(handle, handle);
    }

    @Test
    void listenersHearTheEventsOfEveryService() {
        RecordingListener listener = new RecordingListener();
        app.addListener(listener);
        app.use("todos", new RecordingService()).use("users", new RecordingService());

        result(app.service("todos").create(Map.of("text", "a")));
        result(app.service("users").remove(3));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(listener.events).hasSize(2));
        assertThat(listener.events).extracting(ServiceEvent::path, ServiceEvent::event)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("todos", "created"),
                        org.assertj.core.groups.Tuple.tuple("users", "removed"));
    }

    @Test
    void listenersHearTheAppClosingBeforeServicesAreRemoved() {
        RecordingListener listener = new RecordingListener();
        app.use("todos", new RecordingService());
        app.addListener(listener);

        app.close();

        assertThat(listener.log).containsExactly("closing app-test", "removed todos");
    }

    @Test
    void aRemovedListenerHearsNothingMore() {
        RecordingListener listener = new RecordingListener();
        app.addListener(listener);
        app.use("todos", new RecordingService());

        app.removeListener(listener);
        app.use("users", new RecordingService());
        result(app.service("todos").create(Map.of("text", "a")));

        assertThat(listener.log).containsExactly("added todos");
    }
}
