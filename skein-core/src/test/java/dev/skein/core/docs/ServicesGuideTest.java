package dev.skein.core.docs;

import org.junit.jupiter.api.Test;

import dev.skein.core.App;
import dev.skein.core.AppListener;
import dev.skein.core.BlockingHandle;
import dev.skein.core.BlockingService;
import dev.skein.core.EventListener;
import dev.skein.core.HookContext;
import dev.skein.core.Methods;
import dev.skein.core.Params;
import dev.skein.core.Service;
import dev.skein.core.ServiceEvent;
import dev.skein.core.ServiceHandle;
import dev.skein.core.ServiceOptions;
import dev.skein.core.TypedService;
import dev.skein.core.errors.BadRequest;
import dev.skein.core.errors.GeneralError;
import dev.skein.core.errors.MethodNotAllowed;
import dev.skein.core.errors.NotAuthenticated;
import dev.skein.core.errors.NotFound;
import dev.skein.core.errors.SkeinError;
import dev.skein.core.errors.Timeout;
import dev.skein.core.memory.MemoryOptions;
import dev.skein.core.memory.MemoryService;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The code of {@code docs/SERVICES.md}: each test body is one snippet of the guide, word for word,
 * and {@link #theGuideShowsTheCodeOfThisTestWordForWord()} fails when the two drift apart.
 */
class ServicesGuideTest {

    // ---- an app and a service -----------------------------------------------------------------

    @Test
    void quickStart() {
        try (App app = App.create()) {
            app.use("todos", new MemoryService());

            ServiceHandle todos = app.service("/todos/");            // slashes at either end are dropped
            Object created = todos.create(Map.of("text", "write docs")).join();

            assertThat(created).isEqualTo(Map.of("id", 0L, "text", "write docs"));
            assertThat(todos.path()).isEqualTo("todos");
            assertThat(todos.get(0).join()).isEqualTo(created);
            assertThat(todos.find().join()).isEqualTo(List.of(created));
            assertThat(app.lookup("nothing")).isEmpty();
            assertThatThrownBy(() -> app.service("nothing")).isInstanceOf(NotFound.class);
            assertThatThrownBy(() -> app.use("todos", new MemoryService())).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void asyncService() {
        class Weather implements Service {
            private final Executor io = CompletableFuture.delayedExecutor(10, TimeUnit.MILLISECONDS);

            @Override
            public CompletionStage<Object> get(Object id, Params params) {
                // stands for a non-blocking client: the stage completes later, on another thread
                return CompletableFuture.supplyAsync(() -> Map.of("id", id, "forecast", "sunny"), io);
            }
        }

        try (App app = App.create()) {
            app.use("weather", new Weather());
            ServiceHandle weather = app.service("weather");

            assertThat(weather.get("Lisbon").join()).isEqualTo(Map.of("id", "Lisbon", "forecast", "sunny"));
            assertThat(weather.methods()).containsExactly("get");
            assertThatThrownBy(() -> weather.create(Map.of("id", "Porto")).join())
                    .hasCauseInstanceOf(MethodNotAllowed.class);
        }
    }

    @Test
    void blockingService() {
        class Greetings implements BlockingService {
            @Override
            public Object get(Object id, Params params) throws Exception {
                Thread.sleep(5); // a JDBC query, say: blocking is fine here
                return Map.of("id", id, "text", "Hello " + id);
            }
        }

        try (App app = App.create()) {
            app.use("greetings", new Greetings());
            ServiceHandle greetings = app.service("greetings");

            assertThat(greetings.get("Ada").join()).isEqualTo(Map.of("id", "Ada", "text", "Hello Ada"));
            assertThat(greetings.methods()).containsExactly("get");
        }
    }

    @Test
    void customMethodsEventsAndVersion() {
        class Orders extends MemoryService {
            @Override
            public CompletionStage<Object> invoke(String method, Object data, Params params) {
                if (!method.equals("archive")) return Service.notAllowed(method);
                Object id = ((Map<?, ?>) data).get("id");
                return patch(id, Map.of("archived", true), params);
            }
        }

        ServiceOptions options = ServiceOptions.builder()
                .methods("find", "get", "create", "patch", "archive")  // every method offered, standard and custom
                .events("archived")                                    // custom events, besides the standard ones
                .version("1.2.0")
                .metadata("owner", "billing")
                .build();

        try (App app = App.create()) {
            app.use("orders", new Orders(), options);
            ServiceHandle orders = app.service("orders");
            orders.hooks().after("archive", ctx -> ctx.event("archived")); // custom methods emit no event unless told
            List<Object> archived = new CopyOnWriteArrayList<>();
            orders.on("archived", event -> archived.add(event.data()));

            orders.create(Map.of("item", "book")).join();
            Object result = orders.invoke("archive", Map.of("id", 0), new Params()).join();

            assertThat(result).isEqualTo(Map.of("id", 0L, "item", "book", "archived", true));
            assertThat(archived).containsExactly(result);
            assertThat(orders.methods()).containsExactly("find", "get", "create", "patch", "archive");
            assertThat(orders.events()).containsExactly("created", "updated", "patched", "removed", "archived");
            assertThat(orders.options().version()).isEqualTo("1.2.0");
            assertThatThrownBy(() -> orders.remove(0).join()).hasCauseInstanceOf(MethodNotAllowed.class);
        }
    }

    @Test
    void lifecycle() {
        List<String> log = new CopyOnWriteArrayList<>();
        class Tracked implements BlockingService {
            @Override
            public Object find(Params params) {
                return List.of();
            }

            @Override
            public void setup(App app, String path) {
                log.add("setup " + path);
            }

            @Override
            public void teardown() {
                log.add("teardown");
            }
        }

        try (App app = App.create()) {
            app.use("a", new Tracked());
            app.setup();                  // sets up what is registered...
            app.use("b", new Tracked());  // ...and, from now on, what registers later
            app.unuse("a");               // removes one and tears it down
        }                                 // closing tears down the rest
        assertThat(log).containsExactly("setup a", "setup b", "teardown", "teardown");
    }

    // ---- the memory service and queries ----------------------------------------------------------

    @Test
    void memoryService() {
        MemoryOptions options = MemoryOptions.builder()
                .idField("_id")
                .paginate(2, 5)                        // a page holds 2 items unless $limit says otherwise, 5 at most
                .multi(Methods.CREATE, Methods.PATCH)  // remove stays one item at a time
                .build();

        try (App app = App.create()) {
            app.use("people", new MemoryService(options));
            ServiceHandle people = app.service("people");

            Object created = people.create(List.of(
                    Map.of("name", "Ada", "born", 1815),
                    Map.of("name", "Alan", "born", 1912),
                    Map.of("name", "Grace", "born", 1906))).join();
            assertThat((List<?>) created).hasSize(3);

            Map<?, ?> page = (Map<?, ?>) people.find(Params.query(Map.of("$sort", Map.of("born", 1)))).join();
            assertThat(page.get("total")).isEqualTo(3);
            assertThat(page.get("limit")).isEqualTo(2);
            assertThat(page.get("skip")).isEqualTo(0);
            assertThat(page.get("data")).isEqualTo(List.of(
                    Map.of("_id", 0L, "name", "Ada", "born", 1815),
                    Map.of("_id", 2L, "name", "Grace", "born", 1906)));

            Map<?, ?> large = (Map<?, ?>) people.find(Params.query(Map.of("$limit", 100))).join();
            assertThat(large.get("limit")).isEqualTo(5);

            Object everything = people.find(new Params().set(MemoryService.PAGINATE_PARAM, false)).join();
            assertThat((List<?>) everything).hasSize(3);

            Object patched = people.patch(null, Map.of("century", 20), Params.query(Map.of("born", Map.of("$gte", 1900)))).join();
            assertThat((List<?>) patched).hasSize(2);

            assertThatThrownBy(() -> people.remove(null).join()).hasCauseInstanceOf(MethodNotAllowed.class);
            assertThat(people.remove(1).join()).isEqualTo(Map.of("_id", 1L, "name", "Alan", "born", 1912, "century", 20));
        }
    }

    @Test
    void queryLanguage() {
        MemoryService books = MemoryService.withItems(
                Map.of("id", 1, "title", "Dune", "year", 1965, "tags", List.of("sf"), "author", Map.of("name", "Herbert")),
                Map.of("id", 2, "title", "Emma", "year", 1815, "tags", List.of("romance")),
                Map.of("id", 3, "title", "Ubik", "year", 1969, "tags", List.of("sf")),
                Map.of("id", 4, "title", "Ulysses", "year", 1922));

        try (App app = App.create()) {
            app.use("books", books);
            ServiceHandle service = app.service("books");
            Function<Map<String, Object>, List<String>> titles = query -> ((List<?>) service.find(Params.query(query)).join())
                    .stream().map(book -> String.valueOf(((Map<?, ?>) book).get("title"))).toList();

            assertThat(titles.apply(Map.of("year", 1965))).containsExactly("Dune");
            assertThat(titles.apply(Map.of("year", Map.of("$gt", 1900, "$lte", 1965)))).containsExactly("Dune", "Ulysses");
            assertThat(titles.apply(Map.of("year", Map.of("$lt", 1900)))).containsExactly("Emma");
            assertThat(titles.apply(Map.of("year", Map.of("$gte", 1969)))).containsExactly("Ubik");
            assertThat(titles.apply(Map.of("title", Map.of("$in", List.of("Emma", "Ubik"))))).containsExactly("Emma", "Ubik");
            assertThat(titles.apply(Map.of("title", Map.of("$nin", List.of("Emma", "Ubik"))))).containsExactly("Dune", "Ulysses");
            assertThat(titles.apply(Map.of("tags", Map.of("$ne", List.of("sf"))))).containsExactly("Emma", "Ulysses");
            assertThat(titles.apply(Map.of("$or", List.of(Map.of("year", 1815), Map.of("title", "Ubik"))))).containsExactly("Emma", "Ubik");
            assertThat(titles.apply(Map.of("$and", List.of(Map.of("tags", List.of("sf")), Map.of("year", Map.of("$gt", 1966))))))
                    .containsExactly("Ubik");
            assertThat(titles.apply(Map.of("author.name", "Herbert"))).containsExactly("Dune");
            assertThat(titles.apply(Map.of("id", "3"))).containsExactly("Ubik");
            assertThat(titles.apply(Map.of("$sort", Map.of("year", -1), "$skip", 1, "$limit", 2))).containsExactly("Dune", "Ulysses");
            assertThat(titles.apply(Map.of("$limit", "1"))).containsExactly("Dune");

            Object selected = service.find(Params.query(Map.of("year", 1815, "$select", List.of("title")))).join();
            assertThat(selected).isEqualTo(List.of(Map.of("id", 2, "title", "Emma")));

            assertThatThrownBy(() -> service.find(Params.query(Map.of("title", Map.of("$regex", "U.*")))).join())
                    .hasCauseInstanceOf(BadRequest.class);
        }
    }

    // ---- hooks --------------------------------------------------------------------------------------

    @Test
    void hooks() {
        try (App app = App.create()) {
            app.use("todos", new MemoryService());
            ServiceHandle todos = app.service("todos");
            List<String> log = new CopyOnWriteArrayList<>();

            app.hooks()                                  // app-wide: run for every service
                    .around((ctx, next) -> {
                        log.add("app around: in");
                        return next.get().whenComplete((ok, failure) -> log.add("app around: out"));
                    })
                    .before(ctx -> log.add("app before " + ctx.path() + "." + ctx.method()))
                    .after(ctx -> log.add("app after"));
            todos.hooks()                                // this service only
                    .before(Methods.CREATE, ctx -> {
                        if (!(ctx.data() instanceof Map<?, ?> data) || !(data.get("text") instanceof String)) {
                            throw new BadRequest("A todo needs a text");
                        }
                        log.add("todos before create");
                    })
                    .after(Methods.ALL, ctx -> log.add("todos after " + ctx.method()));

            todos.create(Map.of("text", "write docs")).join();
            assertThat(log).containsExactly("app around: in", "app before todos.create", "todos before create",
                    "todos after create", "app after", "app around: out");

            assertThatThrownBy(() -> todos.create(Map.of("done", true)).join()).hasCauseInstanceOf(BadRequest.class);
        }
    }

    @Test
    void beforeHookSetsTheResult() {
        try (App app = App.create()) {
            app.use("todos", MemoryService.withItems(Map.of("id", 1, "text", "write docs")));
            ServiceHandle todos = app.service("todos");
            Map<Object, Object> cache = new ConcurrentHashMap<>();

            todos.hooks()
                    .before(Methods.GET, ctx -> {
                        Object hit = cache.get(ctx.id());
                        if (hit != null) ctx.result(hit);  // a result set before the method skips the method
                    })
                    .after(Methods.GET, ctx -> cache.put(ctx.id(), ctx.result()));

            Object first = todos.get(1).join();
            todos.service().remove(1, new Params()).toCompletableFuture().join(); // the implementation itself: no hooks, no events

            assertThat(todos.get(1).join()).isEqualTo(first);  // answered from the cache
        }
    }

    @Test
    void errorHooks() {
        try (App app = App.create()) {
            app.use("todos", new MemoryService());
            ServiceHandle todos = app.service("todos");

            todos.hooks().error(Methods.GET, ctx -> {
                if (ctx.error() instanceof NotFound) {
                    ctx.error(null);                                       // recover...
                    ctx.result(Map.of("id", ctx.id(), "text", "(none)"));  // ...with this answer
                }
            });
            app.hooks().error(ctx -> {
                if (ctx.error() instanceof BadRequest bad) ctx.error(new BadRequest("todos: " + bad.getMessage()));
            });

            assertThat(todos.get(42).join()).isEqualTo(Map.of("id", 42, "text", "(none)"));
            assertThatThrownBy(() -> todos.find(Params.query(Map.of("$limit", -1))).join())
                    .cause().isInstanceOf(BadRequest.class).hasMessageStartingWith("todos: Invalid $limit");
        }
    }

    @Test
    void asyncHook() {
        try (App app = App.create()) {
            app.use("users", MemoryService.withItems(Map.of("id", 7, "name", "Ada")));
            app.use("todos", new MemoryService());
            ServiceHandle todos = app.service("todos");

            todos.hooks().beforeAsync(Methods.CREATE, ctx -> app.service("users")
                    .get(ctx.params().user().get("id"))
                    .thenAccept(user -> {
                        Map<Object, Object> data = new LinkedHashMap<>((Map<?, ?>) ctx.data());
                        data.put("owner", ((Map<?, ?>) user).get("name"));
                        ctx.data(data);
                    }));

            Params params = new Params().user(Map.of("id", 7));
            Object created = todos.create(Map.of("text", "write docs"), params).join();

            assertThat(created).isEqualTo(Map.of("id", 0L, "text", "write docs", "owner", "Ada"));
        }
    }

    @Test
    void hooksDecideTheEvent() {
        try (App app = App.create()) {
            app.use("todos", new MemoryService());
            ServiceHandle todos = app.service("todos");
            List<ServiceEvent> heard = new CopyOnWriteArrayList<>();
            todos.on("created", heard::add).on("patched", heard::add).on("removed", heard::add);

            todos.hooks()
                    .before(Methods.PATCH, ctx -> {
                        if (Boolean.TRUE.equals(ctx.params().get("silent"))) ctx.event(null);  // no event for this call
                    })
                    .before(Methods.REMOVE, HookContext::keepEventLocal);  // heard on this node, never sent to others

            todos.create(Map.of("text", "a")).join();
            todos.patch(0, Map.of("done", true), new Params().set("silent", true)).join();
            todos.remove(0).join();

            assertThat(heard).extracting(ServiceEvent::event).containsExactly("created", "removed");
            assertThat(heard).extracting(ServiceEvent::localOnly).containsExactly(false, true);
            assertThat(heard.get(0).context().method()).isEqualTo("create");
            assertThat(heard.get(0).isLocal()).isTrue();
        }
    }

    // ---- events -------------------------------------------------------------------------------------

    @Test
    void events() {
        try (App app = App.create()) {
            app.use("messages", new MemoryService(MemoryOptions.builder().multi(true).build()),
                    ServiceOptions.builder().methods("find", "get", "create", "patch", "remove").events("typing").build());
            ServiceHandle messages = app.service("messages");
            List<String> heard = new CopyOnWriteArrayList<>();

            EventListener created = event -> heard.add("created " + ((Map<?, ?>) event.data()).get("text"));
            messages.on("created", created);
            messages.once("removed", event -> heard.add("removed (once)"));
            messages.on("typing", event -> heard.add("typing " + event.data()));
            app.addListener(new AppListener() {
                @Override
                public void serviceEvent(ServiceEvent event) {
                    heard.add("app heard " + event.path() + " " + event.event());
                }
            });

            messages.create(List.of(Map.of("text", "hi"), Map.of("text", "there"))).join();  // one event per item
            messages.remove(null).join();                    // removes both: two events, the once listener hears the first
            messages.emit("typing", Map.of("user", "ada"));  // a custom event, emitted directly
            messages.off("created", created);
            messages.create(Map.of("text", "unheard")).join();

            assertThat(heard).containsExactly(
                    "created hi", "app heard messages created",
                    "created there", "app heard messages created",
                    "removed (once)", "app heard messages removed",
                    "app heard messages removed",
                    "typing {user=ada}", "app heard messages typing",
                    "app heard messages created");
            assertThatThrownBy(() -> messages.on("deleted", event -> { })).isInstanceOf(IllegalArgumentException.class);
        }
    }

    // ---- errors -------------------------------------------------------------------------------------

    @Test
    void errors() {
        BadRequest invalid = new BadRequest("Invalid todo", Map.of("field", "text"), List.of(Map.of("text", "is required")));

        assertThat(invalid.code()).isEqualTo(400);
        assertThat(invalid.toJson()).isEqualTo(Map.of(
                "name", "BadRequest", "message", "Invalid todo", "code", 400, "className", "bad-request",
                "data", Map.of("field", "text"), "errors", List.of(Map.of("text", "is required"))));

        SkeinError back = SkeinError.fromJson(invalid.toJson());
        assertThat(back).isInstanceOf(BadRequest.class).hasMessage("Invalid todo");
        assertThat(back.data()).isEqualTo(Map.of("field", "text"));
        assertThat(SkeinError.of(404, "No such todo")).isInstanceOf(NotFound.class);
        assertThat(SkeinError.fromJson(Map.of("name", "Teapot", "code", 418, "message", "short and stout")))
                .isInstanceOf(GeneralError.class).hasMessage("short and stout");
    }

    @Test
    void internalFailuresBecomeGeneralErrors() {
        class Flaky implements BlockingService {
            @Override
            public Object get(Object id, Params params) {
                throw new IllegalStateException("password of db01 rejected");
            }
        }

        try (App app = App.create()) {
            app.use("flaky", new Flaky());
            List<Throwable> seenByHooks = new CopyOnWriteArrayList<>();
            app.service("flaky").hooks().error(ctx -> seenByHooks.add(ctx.error()));

            Throwable failure = SkeinError.unwrap(catchThrowable(() -> app.service("flaky").get(1).join()));

            assertThat(failure).isInstanceOf(GeneralError.class).hasMessage(SkeinError.INTERNAL_MESSAGE);
            assertThat(((SkeinError) failure).toJson()).isEqualTo(Map.of(
                    "name", "GeneralError", "message", "Internal server error", "code", 500, "className", "general-error"));
            assertThat(seenByHooks).singleElement().isInstanceOf(IllegalStateException.class);
        }
    }

    // ---- params -------------------------------------------------------------------------------------

    @Test
    void params() {
        Params params = new Params()
                .withQuery(Map.of("done", false))
                .provider(Params.REST)
                .header("Authorization", "Bearer abc")
                .user(Map.of("id", 7, "email", "ada@example.com"))
                .authentication(Map.of("strategy", "jwt", "accessToken", "abc"))
                .set("startedAt", 1_700_000_000_000L);

        assertThat(params.headers()).containsEntry("authorization", "Bearer abc");
        assertThat(Params.WIRE_FIELDS).containsExactly("query", "headers", "user", "authentication");
        assertThat(params.toWire()).containsOnlyKeys("query", "headers", "user", "authentication");

        Params received = Params.fromWire(params.toWire(), Params.MESH);  // what a node that serves the call sees
        Long startedAt = received.get("startedAt");
        assertThat(received.provider()).isEqualTo(Params.MESH);
        assertThat(received.user()).isEqualTo(params.user());
        assertThat(startedAt).isNull();
    }

    @Test
    void paramsInHooks() {
        try (App app = App.create()) {
            app.use("todos", MemoryService.withItems(
                    Map.of("id", 1, "text", "mine", "owner", 7),
                    Map.of("id", 2, "text", "theirs", "owner", 8)));
            ServiceHandle todos = app.service("todos");
            app.hooks().before(ctx -> {
                Params p = ctx.params();
                if (p.provider() == null) return;  // an internal call: trusted
                if (p.user() == null) throw new NotAuthenticated("Log in to use " + ctx.path());
                p.query().put("owner", p.user().get("id"));  // outside callers see their own items only
            });

            assertThat((List<?>) todos.find().join()).hasSize(2);
            assertThatThrownBy(() -> todos.find(new Params().provider(Params.REST)).join())
                    .hasCauseInstanceOf(NotAuthenticated.class);
            assertThat(todos.find(new Params().provider(Params.REST).user(Map.of("id", 7))).join())
                    .isEqualTo(List.of(Map.of("id", 1, "text", "mine", "owner", 7)));
        }
    }

    // ---- typed and blocking views ---------------------------------------------------------------------

    record Todo(Long id, String text, boolean done) {
    }

    @Test
    void typedView() {
        try (App app = App.create()) {
            app.use("todos", new MemoryService());
            TypedService<Todo> todos = app.service("todos", Todo.class);

            Todo created = todos.create(new Todo(null, "write docs", false)).join();
            assertThat(created).isEqualTo(new Todo(0L, "write docs", false));

            Todo done = todos.patch(created.id(), Map.of("done", true)).join();
            assertThat(done.done()).isTrue();
            assertThat(todos.find(Params.query(Map.of("done", true))).join()).containsExactly(done);

            TypedService.Page<Todo> page = todos.findPage(new Params()).join();
            assertThat(page.total()).isEqualTo(1);
            assertThat(page.data()).containsExactly(done);

            app.service("todos").create(Map.of("text", "odd", "done", "maybe")).join();
            assertThatThrownBy(() -> todos.get(1).join()).hasCauseInstanceOf(BadRequest.class);
        }
    }

    @Test
    void blockingFacade() {
        try (App app = App.create()) {
            app.use("todos", new MemoryService());
            BlockingHandle todos = app.service("todos").blocking(Duration.ofSeconds(5));

            Object created = todos.create(Map.of("text", "write docs"));
            assertThat(todos.get(0)).isEqualTo(created);
            assertThatThrownBy(() -> todos.get(99)).isInstanceOf(NotFound.class);  // the SkeinError itself, unwrapped
        }
    }

    @Test
    void blockingFacadeTimesOut() {
        class Stuck implements Service {
            @Override
            public CompletionStage<Object> get(Object id, Params params) {
                return new CompletableFuture<>();  // never completes
            }
        }

        try (App app = App.create()) {
            app.use("stuck", new Stuck());
            BlockingHandle stuck = app.service("stuck").blocking(Duration.ofMillis(100));

            assertThatThrownBy(() -> stuck.get(1))
                    .isInstanceOf(Timeout.class)
                    .hasMessage("Call stuck.get did not complete within 100 ms");
        }
    }

    // ---- threads ------------------------------------------------------------------------------------

    @Test
    void whichThreadRunsServiceCode() {
        class Where implements BlockingService {
            @Override
            public Object get(Object id, Params params) {
                return Thread.currentThread().getName();
            }
        }

        try (App app = App.builder().name("billing").build()) {
            app.use("where", new Where());

            Object thread = app.service("where").get(1).join();

            assertThat(thread).isNotEqualTo(Thread.currentThread().getName());
            // Java 17: a pool thread named skein-billing-<n>; Java 21+: a virtual thread, which has no name
            assertThat((String) thread).satisfiesAnyOf(
                    name -> assertThat(name).startsWith("skein-billing-"),
                    name -> assertThat(name).isEmpty());
        }
    }

    @Test
    void yourOwnExecutor() {
        class Where implements BlockingService {
            @Override
            public Object get(Object id, Params params) {
                return Thread.currentThread().getName();
            }
        }

        ExecutorService executor = Executors.newFixedThreadPool(4, runnable -> new Thread(runnable, "my-pool"));
        try (App app = App.builder().name("billing").executor(executor).build()) {
            app.use("where", new Where());

            assertThat(app.service("where").get(1).join()).isEqualTo("my-pool");
        } finally {
            executor.shutdown();  // an app never shuts down an executor it was given
        }
    }

    // ---- the guide and this test stay the same --------------------------------------------------------

    @Test
    void theGuideShowsTheCodeOfThisTestWordForWord() throws IOException {
        Path root = Path.of("").toAbsolutePath();
        while (root != null && !Files.exists(root.resolve("docs/SERVICES.md"))) root = root.getParent();
        assertThat(root).as("a directory above %s holding docs/SERVICES.md", Path.of("").toAbsolutePath()).isNotNull();
        List<String> guide = Files.readAllLines(root.resolve("docs/SERVICES.md"), StandardCharsets.UTF_8);
        List<String> test = Files.readAllLines(
                root.resolve("skein-core/src/test/java/dev/skein/core/docs/ServicesGuideTest.java"), StandardCharsets.UTF_8);

        List<List<String>> snippets = javaBlocks(guide);
        assertThat(snippets).as("java blocks of the guide").hasSizeGreaterThanOrEqualTo(20);
        for (List<String> snippet : snippets) {
            assertThat(occursIndented(snippet, test))
                    .as("this block of docs/SERVICES.md is not in ServicesGuideTest word for word:%n%s", String.join("\n", snippet))
                    .isTrue();
        }
    }

    private static List<List<String>> javaBlocks(List<String> markdown) {
        List<List<String>> blocks = new ArrayList<>();
        List<String> current = null;
        for (String line : markdown) {
            if (current == null && line.strip().equals("```java")) {
                current = new ArrayList<>();
            } else if (current != null && line.strip().equals("```")) {
                blocks.add(current);
                current = null;
            } else if (current != null) {
                current.add(line);
            }
        }
        return blocks;
    }

    /** True when {@code snippet} appears in {@code source} as consecutive lines, all shifted right by the same indent. */
    private static boolean occursIndented(List<String> snippet, List<String> source) {
        for (int start = 0; start + snippet.size() <= source.size(); start++) {
            String first = source.get(start);
            if (snippet.isEmpty() || first.isBlank() || !first.endsWith(snippet.get(0))) continue;
            String indent = first.substring(0, first.length() - snippet.get(0).length());
            if (!indent.isBlank()) continue;
            boolean all = true;
            for (int i = 0; i < snippet.size() && all; i++) {
                String expected = snippet.get(i).isBlank() ? "" : indent + snippet.get(i);
                all = source.get(start + i).stripTrailing().equals(expected.stripTrailing());
            }
            if (all) return true;
        }
        return false;
    }
}
