package dev.skein.core;

import dev.skein.core.errors.BadRequest;
import dev.skein.core.errors.MethodNotAllowed;
import dev.skein.core.errors.SkeinError;
import dev.skein.core.errors.Unavailable;
import dev.skein.core.internal.DirectService;
import dev.skein.core.internal.ExecutorBoundFuture;
import dev.skein.core.internal.ReadAhead;
import dev.skein.core.internal.SerialExecutor;
import dev.skein.core.internal.Stages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a call of a {@link ServiceHandle} goes through: the app's and the service's hooks (around,
 * before, after, error) on the app's executor, the service's method, and the events of a successful
 * call, in the order of the answers. One per handle; it reads the handle's service, options and
 * hooks at each call, so a swap of the implementation behind the handle takes effect at once.
 */
final class CallPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceHandle.class); // its lines keep the handle's logger
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
    static final int MAX_EVENT_BACKLOG = 10_000;

    private final ServiceHandle handle;
    private final App app;
    private final String path;
    /** Where the events of calls from outside are emitted, one after the other, after their answers. */
    private final Executor eventQueue;
    /** Events waiting in {@link #eventQueue} or being delivered from it: past {@link #MAX_EVENT_BACKLOG}, answers wait a little for slow listeners. */
    private final AtomicInteger eventBacklog = new AtomicInteger();

    CallPipeline(ServiceHandle handle) {
        this.handle = handle;
        this.app = handle.app();
        this.path = handle.path();
        this.eventQueue = new SerialExecutor(app.executor());
    }

    /** {@link ServiceHandle#call}: validates, then runs the call on the app's executor, or on the direct path. */
    CompletableFuture<Object> call(String method, Object id, Object data, Params params) {
        Objects.requireNonNull(method, "method");
        Params caller = RUNNING.get();
        if (caller != null && caller.get(Params.DEADLINE) != null && (params == null || params.get(Params.DEADLINE) == null)) {
            // a call made from inside another call's method inherits its deadline
            params = (params == null ? new Params() : params.copy()).set(Params.DEADLINE, caller.get(Params.DEADLINE));
        }
        if (!handle.offers(method)) {
            return Stages.failed(new MethodNotAllowed("Method '" + method + "' is not allowed on service '" + path
                    + "'; it offers " + handle.methods()));
        }
        HookContext context;
        try {
            context = new HookContext(app, handle, method, Methods.takesId(method) ? id : null,
                    Methods.takesData(method) ? Json.toPlain(data) : null, params);
            validate(context);
        } catch (SkeinError e) {
            return Stages.failed(e);
        }
        if (direct(method)) return callDirect(context, (DirectService) handle.service());
        CompletableFuture<Object> started;
        try {
            started = inline() ? runInline(context) : DONE.thenComposeAsync(v -> run(context, true), app.executor());
        } catch (RejectedExecutionException e) {
            return Stages.failed(refused(method, e));
        } catch (RuntimeException e) {
            return Stages.failed(asCallerError(context, e));
        }
        // A completed stage hands a refusal of its executor to the future it returns instead of throwing it.
        if (started.isCompletedExceptionally()) {
            Throwable failure = started.handle((v, t) -> SkeinError.unwrap(t)).join();
            if (failure instanceof RejectedExecutionException e) return Stages.failed(refused(method, e));
        }
        // a caller that gives up (cancel, a blocking call's timeout) stops the method's own work too: a remote call is cancelled on its node
        started.whenComplete((v, t) -> {
            CompletionStage<?> running = context.running;
            if (started.isCancelled() && running != null) running.toCompletableFuture().cancel(false);
        });
        return started;
    }

    /**
     * Whether a call of {@code method} may take the direct path: the service only hands calls on
     * ({@link DirectService}), no hook of the app or the service applies, and the handle emits no
     * standard events (a proxy's events come from its instances).
     */
    private boolean direct(String method) {
        return handle.service() instanceof DirectService && !handle.options().automaticEvents() && handle.hooks().isEmpty() && app.hooks().isEmpty();
    }

    /**
     * The direct path: the service is called on the caller's thread, and the caller's future is
     * completed wherever the answer arrives; its continuations run on the app's executor, or where
     * the answer arrives when the service asks for it ({@link DirectService#directCallbacks}).
     */
    private CompletableFuture<Object> callDirect(HookContext ctx, DirectService service) {
        if (app.isClosed()) return Stages.failed(refused(ctx.method(), new RejectedExecutionException("the app is closed")));
        CompletableFuture<Object> running;
        try {
            running = startService(ctx).toCompletableFuture();
        } catch (Throwable t) {
            return Stages.failed(asCallerError(ctx, t));
        }
        // a caller that gives up stops the remote work too
        Runnable cancel = () -> running.cancel(false);
        ExecutorBoundFuture<Object> answer = service.directCallbacks()
                ? ExecutorBoundFuture.direct(app.executor(), cancel)
                : new ExecutorBoundFuture<>(app.executor(), cancel);
        running.whenComplete((result, failure) -> {
            if (failure != null) answer.completeExceptionally(asCallerError(ctx, failure));
            else answer.complete(result);
        });
        return answer;
    }

    /**
     * Whether a call may run on the thread that makes it: the service promised its methods never
     * block ({@link ServiceOptions#nonBlocking()}), no hook of the app or the service applies, no
     * backlog of events waits for slow listeners (its answer would have to wait for them), and no
     * other call waits behind it on the thread that delivers it ({@link ReadAhead}).
     */
    private boolean inline() {
        return handle.options().nonBlocking() && handle.hooks().isEmpty() && app.hooks().isEmpty() && eventBacklog.get() == 0
                && !ReadAhead.moreWaiting();
    }

    /** Runs the call here, marked as code that never blocks ({@link ExecutorBoundFuture#runNonBlocking}); refused as the executor would once the app closed. */
    private CompletableFuture<Object> runInline(HookContext ctx) {
        if (app.isClosed()) throw new RejectedExecutionException("the app is closed");
        return ExecutorBoundFuture.runNonBlocking(() -> run(ctx, false));
    }

    private Unavailable refused(String method, RejectedExecutionException e) {
        String why = app.isClosed() ? ": the app is closed" : ": too much work is queued";
        return new Unavailable("The app's executor refused the call " + path + "." + method + why, null, null, e);
    }


    /** Runs the hooks and the method; {@code mayWait}: whether the answer may wait for a backlog of events (not on a thread that must not block). */
    private CompletableFuture<Object> run(HookContext ctx, boolean mayWait) {
        List<Hooks.Entry> around = concat(app.hooks().select(HookType.AROUND, ctx.method()),
                handle.hooks().select(HookType.AROUND, ctx.method()));
        CompletableFuture<Void> done = around.isEmpty() ? inner(ctx) : around(ctx, around, 0);
        if (ctx.params().provider() == null) {
            // an internal call: when its future completes, the local listeners have run; while events of
            // outside calls still wait in the queue, its own go after them, so that listeners hear them in order
            CompletableFuture<Object> answered = new CompletableFuture<>();
            done.whenComplete((v, failure) -> {
                if (failure != null) {
                    answered.completeExceptionally(asCallerError(ctx, failure));
                } else if (ctx.event() == null || eventBacklog.get() == 0) {
                    try {
                        emitEvents(ctx);
                        answered.complete(ctx.result());
                    } catch (RuntimeException e) {
                        answered.completeExceptionally(asCallerError(ctx, e));
                    }
                } else {
                    queueEvents(ctx, () -> answered.complete(ctx.result()));
                }
            });
            return answered;
        }
        // a call from outside (another node, REST, WebSocket) has its answer first: a slow listener does
        // not delay it; the events follow on this service's queue, in the order of the answers
        return done.handle((v, failure) -> {
            if (failure != null) throw asCallerError(ctx, failure);
            if (ctx.event() != null) {
                if (mayWait) awaitEventBacklog();
                queueEvents(ctx, () -> { });
            }
            return ctx.result();
        });
    }

    /**
     * Emits the events of {@code ctx} on this service's queue, then runs {@code after}; the backlog
     * counts them until their listeners ran, so later events queue behind them. When the app is
     * closing (its executor refuses), the events are not emitted and {@code after} runs at once.
     */
    private void queueEvents(HookContext ctx, Runnable after) {
        eventBacklog.incrementAndGet();
        try {
            eventQueue.execute(() -> {
                try {
                    emitEvents(ctx);
                } finally {
                    eventBacklog.decrementAndGet();
                    after.run();
                }
            });
        } catch (RejectedExecutionException closing) {
            eventBacklog.decrementAndGet();
            LOG.debug("{} {} not emitted: the app is closing", path, ctx.event());
            after.run();
        }
    }

    private CompletableFuture<Void> around(HookContext ctx, List<Hooks.Entry> around, int index) {
        if (index == around.size()) return inner(ctx);
        Executor executor = app.executor();
        try {
            ctx.type(HookType.AROUND);
            CompletionStage<?> stage = around.get(index).around().run(ctx, () -> around(ctx, around, index + 1));
            return stage == null ? DONE : Stages.then(stage, executor, x -> DONE);
        } catch (Throwable t) {
            return Stages.failed(t);
        }
    }

    private CompletableFuture<Void> inner(HookContext ctx) {
        Executor executor = app.executor();
        String method = ctx.method();
        ctx.type(HookType.BEFORE);
        CompletableFuture<Void> stage = runHooks(ctx, concat(app.hooks().select(HookType.BEFORE, method),
                handle.hooks().select(HookType.BEFORE, method)), 0);
        stage = Stages.then(stage, executor, v -> ctx.hasResult() ? DONE : invokeService(ctx));
        stage = Stages.then(stage, executor, v -> {
            ctx.type(HookType.AFTER);
            return runHooks(ctx, concat(handle.hooks().select(HookType.AFTER, method), app.hooks().select(HookType.AFTER, method)), 0);
        });
        if (stage.isDone() && !stage.isCompletedExceptionally()) return stage;
        return stage.exceptionallyComposeAsync(failure -> {
            ctx.type(HookType.ERROR);
            ctx.error(SkeinError.unwrap(failure));
            List<Hooks.Entry> errorHooks = concat(handle.hooks().select(HookType.ERROR, method), app.hooks().select(HookType.ERROR, method));
            return Stages.then(runHooks(ctx, errorHooks, 0), executor, v -> {
                if (ctx.error() == null) return DONE;
                return Stages.failed(ctx.error());
            });
        }, executor);
    }

    /** The params of the call whose service method runs on this thread now (its synchronous part), or null. */
    private static final ThreadLocal<Params> RUNNING = new ThreadLocal<>();

    private CompletableFuture<Void> invokeService(HookContext ctx) {
        CompletionStage<Object> stage;
        try {
            stage = startService(ctx);
        } catch (Throwable t) {
            return Stages.failed(t);
        }
        ctx.running = stage;
        return Stages.then(stage, app.executor(), result -> {
            ctx.result(result);
            return DONE;
        });
    }

    /** Calls the service's method with {@link #RUNNING} set to the call's params and its {@link CallScope} entered; never null. */
    private CompletionStage<Object> startService(HookContext ctx) {
        CompletionStage<Object> stage;
        Service service = handle.service();
        Params outer = RUNNING.get();
        RUNNING.set(ctx.params());
        CallScope.Entered scope = ctx.params().get(CallScope.PARAM) instanceof CallScope s ? s.enter() : null;
        try {
            stage = service instanceof DirectService direct ? callByName(direct, ctx) : switch (ctx.method()) {
                case Methods.FIND -> service.find(ctx.params());
                case Methods.GET -> service.get(ctx.id(), ctx.params());
                case Methods.CREATE -> service.create(ctx.data(), ctx.params());
                case Methods.UPDATE -> service.update(ctx.id(), ctx.data(), ctx.params());
                case Methods.PATCH -> service.patch(ctx.id(), ctx.data(), ctx.params());
                case Methods.REMOVE -> service.remove(ctx.id(), ctx.params());
                default -> service.invoke(ctx.method(), ctx.data(), ctx.params());
            };
        } finally {
            if (scope != null) scope.close();
            if (outer == null) RUNNING.remove();
            else RUNNING.set(outer);
        }
        if (stage == null) throw new IllegalStateException("service " + path + "." + ctx.method() + " returned no stage");
        return stage;
    }

    /** One call by name: the id and data each only where the method takes them, as its typed method would. */
    private static CompletionStage<Object> callByName(DirectService service, HookContext ctx) {
        String method = ctx.method();
        return service.call(method, Methods.takesId(method) ? ctx.id() : null, Methods.takesData(method) ? ctx.data() : null, ctx.params());
    }

    private CompletableFuture<Void> runHooks(HookContext ctx, List<Hooks.Entry> list, int from) {
        for (int i = from; i < list.size(); i++) {
            CompletableFuture<?> future;
            try {
                CompletionStage<?> stage = list.get(i).hook().run(ctx);
                if (stage == null) continue;
                future = stage.toCompletableFuture();
            } catch (Throwable t) {
                return Stages.failed(t);
            }
            if (future.isDone() && !future.isCompletedExceptionally()) continue;
            int next = i + 1;
            return future.thenComposeAsync(x -> runHooks(ctx, list, next), app.executor());
        }
        return DONE;
    }

    /**
     * Backpressure for slow listeners: while {@value #MAX_EVENT_BACKLOG} events of calls from outside
     * wait for them, the next answer waits too, up to 100 ms (bounded, so that a listener that waits
     * on this service's own calls cannot deadlock it), which slows callers to the listeners' pace.
     */
    private void awaitEventBacklog() {
        long until = System.nanoTime() + 100_000_000L;
        while (eventBacklog.get() >= MAX_EVENT_BACKLOG && System.nanoTime() < until) {
            java.util.concurrent.locks.LockSupport.parkNanos(200_000);
        }
    }

    private void emitEvents(HookContext ctx) {
        String event = ctx.event();
        if (event == null || !handle.options().automaticEvents() && Methods.STANDARD_EVENTS.contains(event)) return;
        if (!handle.emits(event)) {
            LOG.warn("Hook of {}.{} set event '{}', which the service does not declare; not emitted", path, ctx.method(), event);
            return;
        }
        Object result = ctx.result();
        Object dispatch = ctx.dispatch();
        // the call succeeded: an event that cannot go further (too large for the mesh) is logged, not the call's failure
        try {
            if (result instanceof List<?> items && !Methods.FIND.equals(ctx.method())) {
                List<?> safe = dispatch instanceof List<?> d && d.size() == items.size() ? d : null;
                for (int i = 0; i < items.size(); i++) {
                    handle.emit(new ServiceEvent(path, event, items.get(i), ctx, ctx.eventLocal(), null, safe == null ? null : safe.get(i)));
                }
            } else {
                handle.emit(new ServiceEvent(path, event, result, ctx, ctx.eventLocal(), null, dispatch));
            }
        } catch (SkeinError e) {
            LOG.warn("{} {} after {}.{}: {}", path, event, path, ctx.method(), e.getMessage());
        }
    }

    private SkeinError asCallerError(HookContext ctx, Throwable failure) {
        Throwable cause = SkeinError.unwrap(failure);
        SkeinError error = SkeinError.from(cause);
        if (error != cause && cause instanceof java.util.concurrent.CancellationException) {
            // its caller gave up (a remote caller's timeout cancels it here): it did not fail, and nobody waits for the error
            LOG.debug("{}.{} was cancelled", path, ctx.method());
        } else if (error != cause) {
            LOG.warn("{}.{} failed; the caller gets a GeneralError", path, ctx.method(), cause);
        }
        return error;
    }

    private void validate(HookContext ctx) {
        String method = ctx.method();
        if (Methods.GET.equals(method) && ctx.id() == null) {
            throw new BadRequest("get on '" + path + "' needs an id");
        }
        if (Methods.UPDATE.equals(method) && ctx.id() == null) {
            throw new BadRequest("update on '" + path + "' needs an id; use patch with a query to change several items");
        }
        Object data = ctx.data();
        if (Methods.CREATE.equals(method) && !(data instanceof Map || data instanceof List)) {
            throw new BadRequest("create on '" + path + "' needs an object or a list of objects, got " + describe(data));
        }
        if ((Methods.UPDATE.equals(method) || Methods.PATCH.equals(method)) && !(data instanceof Map)) {
            throw new BadRequest(method + " on '" + path + "' needs an object, got " + describe(data));
        }
    }

    private static String describe(Object data) {
        return data == null ? "nothing" : data instanceof String ? "a string" : data instanceof Number ? "a number"
                : data instanceof Boolean ? "a boolean" : data instanceof List ? "a list" : data.getClass().getSimpleName();
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        if (a.isEmpty()) return b;
        if (b.isEmpty()) return a;
        List<T> all = new ArrayList<>(a.size() + b.size());
        all.addAll(a);
        all.addAll(b);
        return all;
    }

}
