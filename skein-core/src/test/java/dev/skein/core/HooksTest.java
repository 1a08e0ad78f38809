package dev.skein.core;

import dev.skein.core.errors.BadRequest;
import dev.skein.core.errors.Conflict;
import dev.skein.core.errors.Forbidden;
import dev.skein.core.errors.GeneralError;
import dev.skein.core.errors.NotFound;
import dev.skein.core.errors.NotAuthenticated;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

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

class HooksTest {

    private final App app = App.builder().name("hooks-test").build();
    private final List<String> log = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeApp() {
        app.close();
    }

    /** A service that logs each call and answers {@code {method, id}}; get of id "boom" fails with NotFound. */
    final class LoggingService extends RecordingService {
        @Override
        CompletionStage<Object> record(String method, Object id, Object data, Params params) {
            log.add("service " + method);
            if ("boom".equals(id)) {
                calls.add(new Call(method, id, data, params, Thread.currentThread()));
                return CompletableFuture.failedFuture(new NotFound("No item boom"));
            }
            return super.record(method, id, data, params);
        }
    }

    private LoggingService registerTodos() {
        LoggingService service = new LoggingService();
        app.use("todos", service, ServiceOptions.builder()
                .methods("find", "get", "create", "update", "patch", "remove", "approve").build());
        return service;
    }

    private Hook logs(String entry) {
        return ctx -> log.add(entry);
    }

    private AroundHook aroundLogs(String name) {
        return (ctx, next) -> {
            log.add(name + " in");
            return next.get().whenComplete((v, e) -> log.add(name + " out"));
        };
    }

    // ---- order ------------------------------------------------------------------------------------

    @Test
    void hooksRunAroundThenBeforeAppFirstThenAfterServiceFirst() {
        registerTodos();
        ServiceHandle todos = app.service("todos");
        app.hooks().before(logs("app before")).after(logs("app after")).around(aroundLogs("app around"));
        todos.hooks().before(logs("service before")).after(logs("service after")).around(aroundLogs("service around"));

        result(todos.get(1));

        assertThat(log).containsExactly("app around in", "service around in", "app before", "service before",
                "service get", "service after", "app after", "service around out", "app around out");
    }

    @Test
    void hooksOfOneKindRunInTheOrderTheyWereRegistered() {
        registerTodos();
        app.service("todos").hooks().before(logs("first")).before(logs("second")).after(logs("third")).after(logs("fourth"));

        result(app.service("todos").get(1));

        assertThat(log).containsExactly("first", "second", "service get", "third", "fourth");
    }

    @Test
    void errorHooksRunServiceFirstThenApp() {
        registerTodos();
        app.hooks().error(logs("app error")).around(aroundLogs("app around"));
        app.service("todos").hooks().error(logs("service error")).after(logs("service after"));

        Throwable error = failure(app.service("todos").get("boom"));

        assertThat(error).isInstanceOf(NotFound.class);
        assertThat(log).containsExactly("app around in", "service get", "service error", "app error", "app around out");
    }

    @Test
    void aHookForOneMethodRunsOnlyForThatMethodAndAllRunsForEveryMethod() {
        registerTodos();
        ServiceHandle todos = app.service("todos");
        todos.hooks().before(Methods.CREATE, ctx -> log.add("create hook " + ctx.method()));
        todos.hooks().before(Methods.ALL, ctx -> log.add("all hook " + ctx.method()));
        app.hooks().after("approve", ctx -> log.add("approve hook " + ctx.method()));

        result(todos.get(1));
        result(todos.create(Map.of("a", 1)));
        result(todos.invoke("approve", Map.of(), null));

        assertThat(log).containsExactly(
                "all hook get", "service get",
                "create hook create", "all hook create", "service create",
                "all hook approve", "service approve", "approve hook approve");
    }

    @Test
    void appHooksRunForEveryService() {
        registerTodos();
        app.use("users", new RecordingService());
        app.hooks().before(ctx -> log.add("app before " + ctx.path()));

        result(app.service("todos").get(1));
        result(app.service("users").get(1));

        assertThat(log).containsExactly("app before todos", "service get", "app before users");
    }

    @Test
    void aHookNeedsAMethodName() {
        assertThatThrownBy(() -> app.hooks().before("", ctx -> { })).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> app.hooks().after(null, ctx -> { })).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- before hooks -----------------------------------------------------------------------------

    @Test
    void beforeHookThatSetsResultSkipsTheMethod() {
        LoggingService service = registerTodos();
        ServiceHandle todos = app.service("todos");
        todos.hooks().before(Methods.GET, ctx -> ctx.result(Map.of("cached", true)));
        AtomicReference<Object> afterSaw = new AtomicReference<>();
        todos.hooks().after(Methods.GET, ctx -> afterSaw.set(ctx.result()));

        Object answer = result(todos.get(1));

        assertThat(answer).isEqualTo(Map.of("cached", true));
        assertThat(service.calls).isEmpty();
        assertThat(log).doesNotContain("service get");
        assertThat(afterSaw.get()).as("after hooks still run").isEqualTo(Map.of("cached", true));
    }

    @Test
    void beforeHookThatSetsANullResultSkipsTheMethodToo() {
        LoggingService service = registerTodos();
        app.service("todos").hooks().before(ctx -> ctx.result(null));

        assertThat(result(app.service("todos").get(1))).isNull();
        assertThat(service.calls).isEmpty();
    }

    @Test
    void beforeHooksCanChangeTheIdDataAndParamsTheServiceSees() {
        LoggingService service = registerTodos();
        app.hooks().before(Methods.PATCH, ctx -> ctx.id(42).data(Map.of("changed", true))
                .params(Params.query(Map.of("owner", "hook"))));

        result(app.service("todos").patch(1, Map.of("original", true)));

        RecordingService.Call call = service.onlyCall();
        assertThat(call.id()).isEqualTo(42);
        assertThat(call.data()).isEqualTo(Map.of("changed", true));
        assertThat(call.params().query()).containsEntry("owner", "hook");
    }

    @Test
    void aBeforeHookThatThrowsFailsTheCallAndSkipsTheMethod() {
        LoggingService service = registerTodos();
        app.service("todos").hooks().before(ctx -> {
            throw new NotAuthenticated("Log in first");
        }).after(logs("after"));

        Throwable error = failure(app.service("todos").get(1));

        assertThat(error).isInstanceOf(NotAuthenticated.class).hasMessage("Log in first");
        assertThat(service.calls).isEmpty();
        assertThat(log).doesNotContain("after");
    }

    // ---- after hooks ------------------------------------------------------------------------------

    @Test
    void afterHookReplacesTheResult() {
        registerTodos();
        app.service("todos").hooks().after(Methods.GET, ctx -> ctx.result(Map.of("replaced", ctx.result())));

        Object answer = result(app.service("todos").get(1));

        assertThat(answer).isEqualTo(Map.of("replaced", RecordingService.answer("get", 1, null, new Params())));
    }

    @Test
    void anExceptionInAnAfterHookRunsTheErrorHooks() {
        registerTodos();
        AtomicReference<Throwable> seen = new AtomicReference<>();
        app.service("todos").hooks().after(ctx -> {
            throw new Conflict("after hook says no");
        });
        app.hooks().error(ctx -> seen.set(ctx.error()));

        Throwable error = failure(app.service("todos").get(1));

        assertThat(error).isInstanceOf(Conflict.class).hasMessage("after hook says no");
        assertThat(seen.get()).isInstanceOf(Conflict.class);
        assertThat(log).containsExactly("service get");
    }

    @Test
    void aPlainExceptionInAHookReachesTheCallerAsAGeneralError() {
        registerTodos();
        app.hooks().after(ctx -> {
            throw new IllegalStateException("secret token 1234");
        });

        Throwable error = failure(app.service("todos").get(1));

        assertThat(error).isInstanceOf(GeneralError.class);
        assertThat(error.getMessage()).doesNotContain("secret");
    }

    // ---- error hooks ------------------------------------------------------------------------------

    @Test
    void errorHookReplacesTheError() {
        registerTodos();
        app.service("todos").hooks().error(ctx -> ctx.error(new Forbidden("Hidden: " + ctx.error().getMessage())));

        Throwable error = failure(app.service("todos").get("boom"));

        assertThat(error).isInstanceOf(Forbidden.class).hasMessage("Hidden: No item boom");
    }

    @Test
    void errorHookThatClearsTheErrorAndSetsAResultRecoversTheCall() {
        registerTodos();
        app.service("todos").hooks().error(Methods.GET, ctx -> ctx.error(null).result(Map.of("fallback", true)));
        AtomicReference<Throwable> appHookSaw = new AtomicReference<>(new RuntimeException("not called"));
        app.hooks().error(ctx -> appHookSaw.set(ctx.error()));

        Object answer = result(app.service("todos").get("boom"));

        assertThat(answer).isEqualTo(Map.of("fallback", true));
        assertThat(appHookSaw.get()).as("later error hooks see the cleared error").isNull();
    }

    @Test
    void errorHooksDoNotRunWhenTheCallSucceeds() {
        registerTodos();
        app.hooks().error(logs("app error"));
        app.service("todos").hooks().error(logs("service error"));

        result(app.service("todos").get(1));

        assertThat(log).containsExactly("service get");
    }

    @Test
    void anErrorHookForAnotherMethodDoesNotRun() {
        registerTodos();
        app.service("todos").hooks().error(Methods.CREATE, logs("create error"));

        assertThat(failure(app.service("todos").get("boom"))).isInstanceOf(NotFound.class);
        assertThat(log).containsExactly("service get");
    }

    // ---- around hooks -----------------------------------------------------------------------------

    @Test
    void anAroundHookCanShortCircuitWithAResult() {
        LoggingService service = registerTodos();
        app.service("todos").hooks().around(Methods.GET, (ctx, next) -> {
            ctx.result(Map.of("short", "circuit"));
            return CompletableFuture.completedFuture(null);
        });

        assertThat(result(app.service("todos").get(1))).isEqualTo(Map.of("short", "circuit"));
        assertThat(service.calls).isEmpty();
    }

    @Test
    void anAroundHookSeesTheResultAfterNextAndMayReplaceIt() {
        registerTodos();
        app.hooks().around((ctx, next) -> next.get().thenRun(() -> ctx.result(Map.of("wrapped", ctx.result()))));

        Object answer = result(app.service("todos").get(1));

        assertThat(answer).isEqualTo(Map.of("wrapped", RecordingService.answer("get", 1, null, new Params())));
    }

    @Test
    void anAroundHookSeesTheFailureOfNextAndMayRecover() {
        registerTodos();
        AtomicReference<Throwable> seen = new AtomicReference<>();
        app.hooks().around((ctx, next) -> next.get().handle((v, failure) -> {
            seen.set(failure);
            ctx.result("recovered by around");
            return null;
        }));

        Object answer = result(app.service("todos").get("boom"));

        assertThat(answer).isEqualTo("recovered by around");
        assertThat(seen.get()).isNotNull();
    }

    // ---- async hooks ------------------------------------------------------------------------------

    @Test
    void anAsyncBeforeHookDelaysTheMethodUntilItsStageCompletes() {
        LoggingService service = registerTodos();
        CompletableFuture<Void> gate = new CompletableFuture<>();
        CompletableFuture<Void> hookStarted = new CompletableFuture<>();
        app.service("todos").hooks().beforeAsync(Methods.GET, ctx -> {
            log.add("hook started");
            hookStarted.complete(null);
            return gate.thenRun(() -> ctx.params().set("fromHook", "yes"));
        });

        CompletableFuture<Object> call = app.service("todos").get(1);
        result(hookStarted);
        assertThat(call).isNotDone();
        assertThat(service.calls).isEmpty();

        Thread opener = new Thread(() -> {
            log.add("gate opened");
            gate.complete(null);
        }, "gate-opener");
        opener.start();

        assertThat(result(call)).isNotNull();
        assertThat(log).containsExactly("hook started", "gate opened", "service get");
        assertThat(service.onlyCall().thread()).isNotSameAs(opener).isNotSameAs(Thread.currentThread());
        assertThat((String) service.onlyCall().params().get("fromHook")).isEqualTo("yes");
    }

    @Test
    void anAsyncAfterHookDelaysTheAnswerAndMayReplaceTheResult() {
        registerTodos();
        CompletableFuture<String> gate = new CompletableFuture<>();
        CompletableFuture<Void> hookStarted = new CompletableFuture<>();
        app.hooks().afterAsync(Methods.GET, ctx -> {
            hookStarted.complete(null);
            return gate.thenAccept(ctx::result);
        });

        CompletableFuture<Object> call = app.service("todos").get(1);
        result(hookStarted);
        assertThat(call).isNotDone();
        new Thread(() -> gate.complete("from another thread"), "gate-opener").start();

        assertThat(result(call)).isEqualTo("from another thread");
    }

    @Test
    void anAsyncErrorHookCanRecoverLater() {
        registerTodos();
        CompletableFuture<Void> gate = new CompletableFuture<>();
        app.service("todos").hooks().errorAsync(Methods.GET, ctx -> gate.thenRun(() -> ctx.error(null).result("later")));

        CompletableFuture<Object> call = app.service("todos").get("boom");
        new Thread(() -> gate.complete(null), "gate-opener").start();

        assertThat(result(call)).isEqualTo("later");
    }

    @Test
    void anAsyncHookWhoseStageFailsFailsTheCall() {
        LoggingService service = registerTodos();
        CompletableFuture<Void> gate = new CompletableFuture<>();
        app.service("todos").hooks().beforeAsync(Methods.ALL, ctx -> gate);
        AtomicReference<Throwable> errorHookSaw = new AtomicReference<>();
        app.hooks().error(ctx -> errorHookSaw.set(ctx.error()));

        CompletableFuture<Object> call = app.service("todos").get(1);
        new Thread(() -> gate.completeExceptionally(new BadRequest("rejected later")), "gate-opener").start();

        assertThat(failure(call)).isInstanceOf(BadRequest.class).hasMessage("rejected later");
        assertThat(errorHookSaw.get()).isInstanceOf(BadRequest.class);
        assertThat(service.calls).isEmpty();
    }

    @Test
    void anAsyncHookThatReturnsNullContinuesAtOnce() {
        registerTodos();
        app.hooks().beforeAsync(Methods.ALL, ctx -> null);

        assertThat(result(app.service("todos").get(1))).isNotNull();
    }

    // ---- the context ------------------------------------------------------------------------------

    @Test
    void theHookContextExposesTheCall() {
        registerTodos();
        ServiceHandle todos = app.service("todos");
        AtomicReference<String> around = new AtomicReference<>();
        AtomicReference<String> before = new AtomicReference<>();
        AtomicReference<String> after = new AtomicReference<>();
        app.hooks().around((ctx, next) -> {
            around.set(ctx.type() + " " + ctx.method());
            return next.get();
        });
        todos.hooks().before(ctx -> {
            assertThat(ctx.app()).isSameAs(app);
            assertThat(ctx.service()).isSameAs(todos);
            before.set(String.join("|", ctx.path(), ctx.method(), String.valueOf(ctx.type()), String.valueOf(ctx.id()),
                    String.valueOf(ctx.data()), String.valueOf(ctx.params().query()), String.valueOf(ctx.params().provider()),
                    String.valueOf(ctx.result()), String.valueOf(ctx.hasResult()), String.valueOf(ctx.error()),
                    String.valueOf(ctx.event())));
        });
        todos.hooks().after(ctx -> after.set(String.join("|", String.valueOf(ctx.type()),
                String.valueOf(ctx.hasResult()), String.valueOf(((Map<?, ?>) ctx.result()).get("method")),
                String.valueOf(ctx.error()), ctx.event())));

        result(todos.patch(7, Map.of("done", true), Params.query(Map.of("owner", "ann")).provider(Params.REST)));

        assertThat(around.get()).isEqualTo("AROUND patch");
        assertThat(before.get()).isEqualTo("todos|patch|BEFORE|7|{done=true}|{owner=ann}|rest|null|false|null|patched");
        assertThat(after.get()).isEqualTo("AFTER|true|patch|null|patched");
    }

    @Test
    void theHookContextOfAFailedCallExposesTheError() {
        registerTodos();
        AtomicReference<HookType> type = new AtomicReference<>();
        AtomicReference<Throwable> error = new AtomicReference<>();
        app.hooks().error(ctx -> {
            type.set(ctx.type());
            error.set(ctx.error());
        });

        failure(app.service("todos").get("boom"));

        assertThat(type.get()).isEqualTo(HookType.ERROR);
        assertThat(error.get()).isInstanceOf(NotFound.class).hasMessage("No item boom");
    }

    @Test
    void theEventOfACallDependsOnItsMethod() {
        registerTodos();
        List<String> events = new CopyOnWriteArrayList<>();
        app.hooks().before(ctx -> events.add(ctx.method() + "=" + ctx.event()));
        ServiceHandle todos = app.service("todos");

        result(todos.find());
        result(todos.get(1));
        result(todos.create(Map.of()));
        result(todos.update(1, Map.of()));
        result(todos.patch(1, Map.of()));
        result(todos.remove(1));
        result(todos.invoke("approve", Map.of(), null));

        assertThat(events).containsExactly("find=null", "get=null", "create=created", "update=updated",
                "patch=patched", "remove=removed", "approve=null");
    }

    @Test
    void hooksAddedFromAnotherSetRunAfterTheOnesAlreadyThere() {
        registerTodos();
        Hooks extra = Hooks.create().before(logs("extra"));
        assertThat(extra.isEmpty()).isFalse();
        app.service("todos").hooks().before(logs("own")).addAll(extra);

        result(app.service("todos").get(1));

        assertThat(log).containsExactly("own", "extra", "service get");
    }
}
