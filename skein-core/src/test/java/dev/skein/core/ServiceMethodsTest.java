package dev.skein.core;

import dev.skein.core.errors.BadRequest;
import dev.skein.core.errors.Conflict;
import dev.skein.core.errors.GeneralError;
import dev.skein.core.errors.MethodNotAllowed;
import dev.skein.core.errors.NotFound;
import dev.skein.core.errors.SkeinError;
import dev.skein.core.errors.Timeout;
import dev.skein.core.errors.Unavailable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static dev.skein.core.Calls.failure;
import static dev.skein.core.Calls.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class ServiceMethodsTest {

    private final App app = App.builder().name("methods-test").build();

    @AfterEach
    void closeApp() {
        app.close();
    }

    /** A service that offers only get, and fails with NotFound for ids other than 1. */
    static final class GetOnlyService implements Service {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public CompletionStage<Object> get(Object id, Params params) {
            calls.add("get " + id);
            if (!Integer.valueOf(1).equals(id)) return CompletableFuture.failedFuture(new NotFound("No todo " + id));
            return CompletableFuture.completedFuture(Map.of("id", id));
        }
    }

    /** A blocking service that records its threads and offers get, create and a custom method. */
    static final class BlockingTodos implements BlockingService {
        final List<Thread> threads = new CopyOnWriteArrayList<>();

        @Override
        public Object get(Object id, Params params) throws Exception {
            threads.add(Thread.currentThread());
            if ("io".equals(id)) throw new IOException("disk on fire at /var/secret");
            if ("missing".equals(id)) throw new NotFound("No todo " + id);
            return Map.of("id", id, "text", "todo " + id);
        }

        @Override
        public Object create(Object data, Params params) {
            threads.add(Thread.currentThread());
            return data;
        }

        @Override
        public Object invoke(String method, Object data, Params params) {
            threads.add(Thread.currentThread());
            return Map.of("called", method, "with", data);
        }
    }

    // ---- the standard and custom methods ---------------------------------------------------------

    @Test
    void eachStandardMethodReachesTheServiceWithItsArguments() {
        RecordingService service = new RecordingService();
        app.use("todos", service);
        ServiceHandle todos = app.service("todos");
        Params query = Params.query(Map.of("done", true));

        assertThat(result(todos.find(query))).isEqualTo(RecordingService.answer("find", null, null, query));
        assertThat(result(todos.get(7))).isEqualTo(RecordingService.answer("get", 7, null, new Params()));
        assertThat(result(todos.create(Map.of("text", "a"))))
                .isEqualTo(RecordingService.answer("create", null, Map.of("text", "a"), new Params()));
        assertThat(result(todos.update("7", Map.of("text", "b"))))
                .isEqualTo(RecordingService.answer("update", "7", Map.of("text", "b"), new Params()));
        assertThat(result(todos.patch(7, Map.of("done", true))))
                .isEqualTo(RecordingService.answer("patch", 7, Map.of("done", true), new Params()));
        assertThat(result(todos.remove(7))).isEqualTo(RecordingService.answer("remove", 7, null, new Params()));

        assertThat(service.calls).extracting(RecordingService.Call::method)
                .containsExactly("find", "get", "create", "update", "patch", "remove");
        assertThat(service.calls.get(0).params().query()).containsEntry("done", true);
        assertThat(todos.methods()).containsExactlyInAnyOrderElementsOf(Methods.STANDARD);
    }

    @Test
    void theParamsOfACallReachTheService() {
        RecordingService service = new RecordingService();
        app.use("todos", service);
        Params params = Params.query(Map.of("owner", "ann")).provider(Params.REST).user(Map.of("id", 9));
        params.set("tenant", "acme");

        result(app.service("todos").get(1, params));

        Params seen = service.onlyCall().params();
        assertThat(seen.query()).containsEntry("owner", "ann");
        assertThat(seen.provider()).isEqualTo(Params.REST);
        assertThat(seen.user()).containsEntry("id", 9);
        assertThat((String) seen.get("tenant")).isEqualTo("acme");
    }

    @Test
    void callByNameIgnoresArgumentsAMethodDoesNotTake() {
        RecordingService service = new RecordingService();
        app.use("todos", service);

        result(app.service("todos").call(Methods.GET, 3, Map.of("ignored", true), new Params()));
        result(app.service("todos").call(Methods.CREATE, 3, Map.of("text", "a"), new Params()));

        assertThat(service.calls.get(0).id()).isEqualTo(3);
        assertThat(service.calls.get(0).data()).isNull();
        assertThat(service.calls.get(1).id()).isNull();
        assertThat(service.calls.get(1).data()).isEqualTo(Map.of("text", "a"));
    }

    @Test
    void customMethodsDeclaredInOptionsAreCalledThroughInvoke() {
        RecordingService service = new RecordingService();
        app.use("todos", service, ServiceOptions.builder().methods("get", "approve", "archive").build());
        ServiceHandle todos = app.service("todos");

        Object answer = result(todos.invoke("approve", Map.of("id", 4), Params.of()));

        assertThat(answer).isEqualTo(RecordingService.answer("approve", null, Map.of("id", 4), new Params()));
        assertThat(service.onlyCall().method()).isEqualTo("approve");
        assertThat(todos.methods()).containsExactly("get", "approve", "archive");
        assertThat(todos.offers("archive")).isTrue();
        assertThat(todos.offers("find")).isFalse();
    }

    @Test
    void aCustomMethodOfABlockingServiceIsCalledThroughCall() {
        app.use("todos", new BlockingTodos(), ServiceOptions.builder().methods("get", "reopen").build());

        Object answer = result(app.service("todos").invoke("reopen", Map.of("id", 2), null));

        assertThat(answer).isEqualTo(Map.of("called", "reopen", "with", Map.of("id", 2)));
    }

    @Test
    void aCustomMethodThatWasNotDeclaredIsMethodNotAllowed() {
        RecordingService service = new RecordingService();
        app.use("todos", service);

        Throwable error = failure(app.service("todos").invoke("approve", Map.of(), null));

        assertThat(error).isInstanceOf(MethodNotAllowed.class).hasMessageContaining("approve");
        assertThat(((SkeinError) error).code()).isEqualTo(405);
        assertThat(service.calls).isEmpty();
    }

    @Test
    void aStandardMethodTheServiceDoesNotOverrideIsMethodNotAllowed() {
        GetOnlyService service = new GetOnlyService();
        app.use("todos", service);
        ServiceHandle todos = app.service("todos");

        assertThat(todos.methods()).containsExactly("get");
        for (CompletableFuture<Object> call : List.of(todos.find(), todos.create(Map.of("a", 1)),
                todos.update(1, Map.of("a", 1)), todos.patch(1, Map.of("a", 1)), todos.remove(1))) {
            Throwable error = failure(call);
            assertThat(error).isInstanceOf(MethodNotAllowed.class).hasMessageContaining("todos");
            assertThat(((SkeinError) error).code()).isEqualTo(405);
        }
        assertThat(result(todos.get(1))).isEqualTo(Map.of("id", 1));
        assertThat(service.calls).containsExactly("get 1");
    }

    @Test
    void methodNotAllowedNamesTheMethodAndWhatTheServiceOffers() {
        app.use("todos", new GetOnlyService());

        Throwable error = failure(app.service("todos").find());

        assertThat(error).isInstanceOf(MethodNotAllowed.class)
                .hasMessageContaining("'find'")
                .hasMessageContaining("[get]");
    }

    @Test
    void aStandardMethodLeftOutOfExplicitOptionsIsMethodNotAllowedEvenIfImplemented() {
        RecordingService service = new RecordingService();
        app.use("todos", service, ServiceOptions.builder().methods("get").build());

        assertThat(failure(app.service("todos").find())).isInstanceOf(MethodNotAllowed.class);
        assertThat(failure(app.service("todos").create(Map.of("a", 1)))).isInstanceOf(MethodNotAllowed.class);
        assertThat(service.calls).isEmpty();
    }

    @Test
    void aMethodListedInOptionsButNotImplementedIsMethodNotAllowed() {
        app.use("todos", new GetOnlyService(), ServiceOptions.builder().methods("get", "find").build());

        Throwable error = failure(app.service("todos").find());

        assertThat(error).isInstanceOf(MethodNotAllowed.class).hasMessageContaining("find");
    }

    @Test
    void aBlockingServiceOffersOnlyTheMethodsItOverrides() {
        app.use("todos", new BlockingTodos());
        ServiceHandle todos = app.service("todos");

        assertThat(todos.methods()).containsExactlyInAnyOrder("get", "create");
        assertThat(failure(todos.remove(1))).isInstanceOf(MethodNotAllowed.class);
        assertThat(failure(todos.find())).isInstanceOf(MethodNotAllowed.class);
    }

    @Test
    void aMethodInheritedFromASuperclassCounts() {
        class Base implements Service {
            @Override
            public CompletionStage<Object> find(Params params) {
                return CompletableFuture.completedFuture(List.of());
            }
        }
        class Derived extends Base {
        }
        app.use("todos", new Derived());

        assertThat(app.service("todos").methods()).containsExactly("find");
        assertThat(result(app.service("todos").find())).isEqualTo(List.of());
    }

    // ---- threads ------------------------------------------------------------------------------

    @Test
    void aBlockingServiceRunsOnTheAppsExecutorNotOnTheCallersThread() {
        BlockingTodos service = new BlockingTodos();
        app.use("todos", service);
        ServiceHandle todos = app.service("todos");

        result(todos.get(1));
        result(todos.create(Map.of("text", "a")));
        todos.blocking(Duration.ofSeconds(10)).get(2);

        assertThat(service.threads).hasSize(3).doesNotContain(Thread.currentThread());
    }

    @Test
    void anAsyncServiceNeverRunsOnTheCallersThread() {
        RecordingService service = new RecordingService();
        app.use("todos", service);
        ServiceHandle todos = app.service("todos");

        result(todos.find());
        result(todos.get(1));
        result(todos.create(Map.of("a", 1)));
        todos.blocking(Duration.ofSeconds(10)).remove(1);

        assertThat(service.calls).hasSize(4)
                .extracting(RecordingService.Call::thread)
                .doesNotContain(Thread.currentThread());
    }

    @Test
    void hooksNeverRunOnTheCallersThread() {
        app.use("todos", new RecordingService());
        List<Thread> threads = new CopyOnWriteArrayList<>();
        app.hooks().before(ctx -> threads.add(Thread.currentThread()));
        app.service("todos").hooks().after(ctx -> threads.add(Thread.currentThread()));

        result(app.service("todos").get(1));

        assertThat(threads).hasSize(2).doesNotContain(Thread.currentThread());
    }

    @Test
    void whatFollowsAnAsyncServiceDoesNotRunOnTheThreadThatCompletedIt() throws Exception {
        AtomicReference<Thread> completer = new AtomicReference<>();
        Service lateService = new Service() {
            @Override
            public CompletionStage<Object> get(Object id, Params params) {
                CompletableFuture<Object> answer = new CompletableFuture<>();
                Thread thread = new Thread(() -> answer.complete(Map.of("id", id)), "foreign-completer");
                completer.set(thread);
                thread.start();
                return answer;
            }
        };
        app.use("late", lateService);
        AtomicReference<Thread> afterThread = new AtomicReference<>();
        app.service("late").hooks().after(ctx -> afterThread.set(Thread.currentThread()));

        assertThat(result(app.service("late").get(5))).isEqualTo(Map.of("id", 5));

        completer.get().join(10_000);
        assertThat(afterThread.get()).isNotNull().isNotSameAs(completer.get()).isNotSameAs(Thread.currentThread());
    }

    // ---- the blocking facade ------------------------------------------------------------------

    @Test
    void theBlockingFacadeReturnsResults() {
        app.use("todos", new RecordingService(), ServiceOptions.builder()
                .methods("find", "get", "create", "update", "patch", "remove", "approve").build());
        BlockingHandle todos = app.service("todos").blocking(Duration.ofSeconds(10));

        assertThat(todos.get(1)).isEqualTo(RecordingService.answer("get", 1, null, new Params()));
        assertThat(todos.find(Params.query(Map.of("a", 1))))
                .isEqualTo(RecordingService.answer("find", null, null, Params.query(Map.of("a", 1))));
        assertThat(todos.create(Map.of("t", 1))).isEqualTo(RecordingService.answer("create", null, Map.of("t", 1), new Params()));
        assertThat(todos.update(1, Map.of("t", 2))).isEqualTo(RecordingService.answer("update", 1, Map.of("t", 2), new Params()));
        assertThat(todos.patch(1, Map.of("t", 3))).isEqualTo(RecordingService.answer("patch", 1, Map.of("t", 3), new Params()));
        assertThat(todos.remove(1)).isEqualTo(RecordingService.answer("remove", 1, null, new Params()));
        assertThat(todos.invoke("approve", Map.of("x", 1), null))
                .isEqualTo(RecordingService.answer("approve", null, Map.of("x", 1), new Params()));
    }

    @Test
    void invokeRefusesAStandardMethodInsteadOfCallingItWithoutAnId() {
        RecordingService service = new RecordingService();
        app.use("todos", service, ServiceOptions.builder().methods("remove", "patch", "approve").build());

        assertThat(failure(app.service("todos").invoke("remove", Map.of("x", 1)))).isInstanceOf(BadRequest.class)
                .hasMessageContaining("standard method");
        assertThat(failure(app.service("todos").invoke("patch", Map.of("x", 1), new Params()))).isInstanceOf(BadRequest.class);
        assertThat(service.calls).as("nothing reached the service").isEmpty();
        assertThat(app.service("todos").invoke("approve", Map.of("x", 1)).join())
                .isEqualTo(RecordingService.answer("approve", null, Map.of("x", 1), new Params()));
    }

    @Test
    void theBlockingFacadeOffersEveryCallOfTheHandle() {
        app.use("todos", new RecordingService(), ServiceOptions.builder()
                .methods("find", "get", "create", "update", "patch", "remove", "approve").build());
        BlockingHandle todos = app.service("todos").blocking(Duration.ofSeconds(10));
        Params params = Params.query(Map.of("who", "me"));

        assertThat(todos.find()).isEqualTo(RecordingService.answer("find", null, null, new Params()));
        assertThat(todos.update(1, Map.of("t", 2), params)).isEqualTo(RecordingService.answer("update", 1, Map.of("t", 2), params));
        assertThat(todos.create(Map.of("t", 1), params)).isEqualTo(RecordingService.answer("create", null, Map.of("t", 1), params));
        assertThat(todos.get(1, params)).isEqualTo(RecordingService.answer("get", 1, null, params));
        assertThat(todos.patch(1, Map.of("t", 3), params)).isEqualTo(RecordingService.answer("patch", 1, Map.of("t", 3), params));
        assertThat(todos.remove(1, params)).isEqualTo(RecordingService.answer("remove", 1, null, params));
        assertThat(todos.invoke("approve", Map.of("x", 1))).isEqualTo(RecordingService.answer("approve", null, Map.of("x", 1), new Params()));
        assertThat(todos.call("get", 4, Map.of("ignored", true), params)).isEqualTo(RecordingService.answer("get", 4, null, params));
        assertThat(todos.handle()).isSameAs(app.service("todos"));
        assertThat(todos.timeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void theBlockingFacadeThrowsTheSameErrorClassAsTheCall() {
        app.use("todos", new GetOnlyService());
        BlockingHandle todos = app.service("todos").blocking(Duration.ofSeconds(10));

        assertThatThrownBy(() -> todos.get(2)).isInstanceOf(NotFound.class).hasMessage("No todo 2");
        assertThatThrownBy(() -> todos.find(null)).isInstanceOf(MethodNotAllowed.class);
        assertThatThrownBy(() -> todos.get(null)).isInstanceOf(BadRequest.class);
    }

    @Test
    void theBlockingFacadeThrowsTimeoutWhenTheServiceNeverCompletes() {
        Service never = new Service() {
            @Override
            public CompletionStage<Object> get(Object id, Params params) {
                return new CompletableFuture<>();
            }
        };
        app.use("never", never);

        Throwable error = catchThrowable(() -> app.service("never").blocking(Duration.ofMillis(200)).get(1));

        assertThat(error).isInstanceOf(Timeout.class).hasMessageContaining("never.get").hasMessageContaining("200 ms");
        assertThat(((Timeout) error).code()).isEqualTo(408);
    }

    @Test
    void theBlockingFacadeRefusesATimeoutThatIsNotPositive() {
        app.use("todos", new GetOnlyService());

        assertThatThrownBy(() -> app.service("todos").blocking(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> app.service("todos").blocking(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- argument validation ------------------------------------------------------------------

    @Test
    void getWithoutAnIdIsBadRequest() {
        RecordingService service = new RecordingService();
        app.use("todos", service);

        Throwable error = failure(app.service("todos").get(null));

        assertThat(error).isInstanceOf(BadRequest.class).hasMessageContaining("get").hasMessageContaining("id");
        assertThat(((SkeinError) error).code()).isEqualTo(400);
        assertThat(service.calls).isEmpty();
    }

    @Test
    void updateWithoutAnIdIsBadRequest() {
        RecordingService service = new RecordingService();
        app.use("todos", service);

        assertThat(failure(app.service("todos").update(null, Map.of("text", "a"))))
                .isInstanceOf(BadRequest.class).hasMessageContaining("update").hasMessageContaining("id");
        assertThat(service.calls).isEmpty();
    }

    @Test
    void createWithAStringIsBadRequest() {
        RecordingService service = new RecordingService();
        app.use("todos", service);

        assertThat(failure(app.service("todos").create("buy milk")))
                .isInstanceOf(BadRequest.class).hasMessageContaining("a string");
        assertThat(failure(app.service("todos").create(42))).isInstanceOf(BadRequest.class);
        assertThat(failure(app.service("todos").create(null))).isInstanceOf(BadRequest.class);
        assertThat(service.calls).isEmpty();
    }

    @Test
    void createWithAListOfObjectsIsAccepted() {
        RecordingService service = new RecordingService();
        app.use("todos", service);

        result(app.service("todos").create(List.of(Map.of("a", 1), Map.of("a", 2))));

        assertThat(service.onlyCall().data()).isEqualTo(List.of(Map.of("a", 1), Map.of("a", 2)));
    }

    @Test
    void patchWithSomethingOtherThanAnObjectIsBadRequest() {
        RecordingService service = new RecordingService();
        app.use("todos", service);

        assertThat(failure(app.service("todos").patch(1, "done"))).isInstanceOf(BadRequest.class).hasMessageContaining("patch");
        assertThat(failure(app.service("todos").patch(1, List.of(Map.of("a", 1))))).isInstanceOf(BadRequest.class);
        assertThat(failure(app.service("todos").patch(1, null))).isInstanceOf(BadRequest.class);
        assertThat(failure(app.service("todos").update(1, true))).isInstanceOf(BadRequest.class);
        assertThat(service.calls).isEmpty();
    }

    @Test
    void patchAndRemoveWithoutAnIdReachTheServiceForSeveralItems() {
        RecordingService service = new RecordingService();
        app.use("todos", service);

        result(app.service("todos").patch(null, Map.of("done", true), Params.query(Map.of("done", false))));
        result(app.service("todos").remove(null, Params.query(Map.of("done", true))));

        assertThat(service.calls).extracting(RecordingService.Call::method, RecordingService.Call::id)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("patch", null),
                        org.assertj.core.groups.Tuple.tuple("remove", null));
    }

    // ---- what the caller sees of failures ------------------------------------------------------

    @Test
    void aSkeinErrorThrownByTheServiceReachesTheCallerAsIs() {
        Service conflicting = new Service() {
            @Override
            public CompletionStage<Object> create(Object data, Params params) {
                throw new Conflict("Already there", Map.of("field", "text"));
            }
        };
        app.use("todos", conflicting);

        Throwable error = failure(app.service("todos").create(Map.of("text", "a")));

        assertThat(error).isInstanceOf(Conflict.class).hasMessage("Already there");
        assertThat(((Conflict) error).data()).isEqualTo(Map.of("field", "text"));
    }

    @Test
    void aPlainExceptionReachesTheCallerAsAGeneralErrorWithoutItsMessage() {
        Service leaky = new Service() {
            @Override
            public CompletionStage<Object> get(Object id, Params params) {
                throw new RuntimeException("secret db password");
            }

            @Override
            public CompletionStage<Object> find(Params params) {
                return CompletableFuture.failedFuture(new IllegalStateException("secret db password"));
            }
        };
        app.use("leaky", leaky);

        for (CompletableFuture<Object> call : List.of(app.service("leaky").get(1), app.service("leaky").find())) {
            Throwable error = failure(call);
            assertThat(error).isInstanceOf(GeneralError.class);
            GeneralError general = (GeneralError) error;
            assertThat(general.code()).isEqualTo(500);
            assertThat(general.getMessage()).doesNotContain("secret");
            assertThat(general.toJson()).containsOnlyKeys("name", "message", "code", "className");
            assertThat(general.toJson().toString()).doesNotContain("secret").doesNotContain("at dev.skein");
        }
    }

    @Test
    void aCheckedExceptionOfABlockingServiceReachesTheCallerAsAGeneralError() {
        app.use("todos", new BlockingTodos());

        Throwable error = failure(app.service("todos").get("io"));
        Throwable blocking = catchThrowable(() -> app.service("todos").blocking(Duration.ofSeconds(10)).get("io"));

        assertThat(error).isInstanceOf(GeneralError.class);
        assertThat(error.getMessage()).doesNotContain("secret").doesNotContain("disk");
        assertThat(blocking).isInstanceOf(GeneralError.class);
        assertThat(blocking.getMessage()).doesNotContain("secret");
        assertThat(failure(app.service("todos").get("missing"))).isInstanceOf(NotFound.class).hasMessage("No todo missing");
    }

    @Test
    void aServiceThatReturnsNoStageFailsTheCallWithAGeneralError() {
        Service broken = new Service() {
            @Override
            public CompletionStage<Object> get(Object id, Params params) {
                return null;
            }
        };
        app.use("broken", broken);

        assertThat(failure(app.service("broken").get(1))).isInstanceOf(GeneralError.class);
    }

    @Test
    void aCallOnAHandleOfAClosedAppFailsWithASkeinError() {
        app.use("todos", new RecordingService());
        ServiceHandle todos = app.service("todos");
        app.close();

        Throwable error = failure(todos.get(1));

        assertThat(error).isInstanceOf(Unavailable.class);
        assertThat(((Unavailable) error).code()).isEqualTo(503);
    }
}
