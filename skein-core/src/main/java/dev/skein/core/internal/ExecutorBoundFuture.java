package dev.skein.core.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A future that may be completed on any thread (an I/O thread, say) without running anyone's code
 * there: a continuation added while it is pending runs on {@code executor}; one added after it
 * completed runs at once on the thread that adds it, as with any {@link CompletableFuture}. A
 * thread waiting in {@code join()} or {@code get()} is woken directly by the completing thread,
 * with no executor hop in between. Futures derived from it behave the same way.
 *
 * <p>A future made with {@link #direct} is the opt-in of callers whose continuations never block:
 * they run on the thread that completes it (an I/O thread), one thread hand-off fewer per call.
 * There a blocking wait for a future of this kind that is still pending fails at once
 * ({@link #runNonBlocking}) instead of holding the thread that would bring its answer.
 */
public final class ExecutorBoundFuture<T> extends CompletableFuture<T> {

    /** Set while {@link #runNonBlocking} runs code on this thread. */
    private static final ThreadLocal<Boolean> COMPLETING_HERE = new ThreadLocal<>();
    private static final Executor SAME_THREAD = Runnable::run;

    /** Where continuations added while pending run: the app's executor, or the completing thread. */
    private final Executor executor;
    /** The executor of the *Async methods that name none: the app's, in both kinds. */
    private final Executor defaultExecutor;
    private final Runnable onCancel;

    /** A pending future whose continuations added while it is pending run on {@code executor}. */
    public ExecutorBoundFuture(Executor executor) {
        this(executor, null);
    }

    /** A future that runs {@code onCancel} on the cancelling thread when it is cancelled (not on the executor: no task per call to watch for it). */
    public ExecutorBoundFuture(Executor executor, Runnable onCancel) {
        this(executor, executor, onCancel);
    }

    private ExecutorBoundFuture(Executor executor, Executor defaultExecutor, Runnable onCancel) {
        this.executor = executor;
        this.defaultExecutor = defaultExecutor;
        this.onCancel = onCancel;
    }

    /**
     * A future whose continuations run on the thread that completes it; {@code *Async} methods that
     * name no executor still use {@code appExecutor}. For callers that promised their continuations
     * never block.
     */
    public static <T> ExecutorBoundFuture<T> direct(Executor appExecutor, Runnable onCancel) {
        return new ExecutorBoundFuture<>(SAME_THREAD, appExecutor, onCancel);
    }

    /**
     * Runs {@code code}, promised never to block (a non-blocking service's method; the completion of
     * futures made with {@link #direct}, whose continuations then run here), and returns what it
     * returns: while it runs, a wait ({@code join}, {@code get}) for a future of this kind that is
     * still pending fails at once with an {@link IllegalStateException} instead of blocking this
     * thread, which may be the one to bring that future's answer.
     */
    public static <R> R runNonBlocking(java.util.function.Supplier<R> code) {
        if (COMPLETING_HERE.get() != null) return code.get();
        COMPLETING_HERE.set(Boolean.TRUE);
        try {
            return code.get();
        } finally {
            COMPLETING_HERE.remove();
        }
    }

    private void refuseWaitInCallback() {
        if (!isDone() && COMPLETING_HERE.get() != null) {
            throw new IllegalStateException("Code that promised never to block (a callback with the mesh's directCallbacks on, or a "
                    + "method of a service with ServiceOptions.nonBlocking) waits for a call's answer on a thread that may be the one to "
                    + "deliver it: it would wait for itself. Chain the call (thenCompose) instead of waiting, or turn directCallbacks or "
                    + "nonBlocking off");
        }
    }

    @Override
    public T join() {
        refuseWaitInCallback();
        return super.join();
    }

    @Override
    public T get() throws InterruptedException, java.util.concurrent.ExecutionException {
        refuseWaitInCallback();
        return super.get();
    }

    @Override
    public T get(long timeout, java.util.concurrent.TimeUnit unit)
            throws InterruptedException, java.util.concurrent.ExecutionException, java.util.concurrent.TimeoutException {
        refuseWaitInCallback();
        return super.get(timeout, unit);
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new ExecutorBoundFuture<>(executor, defaultExecutor, null);
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        // as CompletableFuture.cancel, but knowing whether this call is the one that cancelled: the action runs once
        boolean mine = completeExceptionally(new java.util.concurrent.CancellationException());
        if (mine && onCancel != null) onCancel.run();
        return mine || isCancelled();
    }

    @Override
    public Executor defaultExecutor() {
        return defaultExecutor;
    }

    @Override
    public <U> CompletableFuture<U> thenApply(Function<? super T, ? extends U> fn) {
        return isDone() ? super.thenApply(fn) : thenApplyAsync(fn, executor);
    }

    @Override
    public CompletableFuture<Void> thenAccept(Consumer<? super T> action) {
        return isDone() ? super.thenAccept(action) : thenAcceptAsync(action, executor);
    }

    @Override
    public CompletableFuture<Void> thenRun(Runnable action) {
        return isDone() ? super.thenRun(action) : thenRunAsync(action, executor);
    }

    @Override
    public <U> CompletableFuture<U> thenCompose(Function<? super T, ? extends CompletionStage<U>> fn) {
        return isDone() ? super.thenCompose(fn) : thenComposeAsync(fn, executor);
    }

    @Override
    public <U> CompletableFuture<U> handle(BiFunction<? super T, Throwable, ? extends U> fn) {
        return isDone() ? super.handle(fn) : handleAsync(fn, executor);
    }

    @Override
    public CompletableFuture<T> whenComplete(BiConsumer<? super T, ? super Throwable> action) {
        return isDone() ? super.whenComplete(action) : whenCompleteAsync(action, executor);
    }

    @Override
    public CompletableFuture<T> exceptionally(Function<Throwable, ? extends T> fn) {
        return isDone() ? super.exceptionally(fn) : exceptionallyAsync(fn, executor);
    }

    @Override
    public CompletableFuture<T> exceptionallyCompose(Function<Throwable, ? extends CompletionStage<T>> fn) {
        return isDone() ? super.exceptionallyCompose(fn) : exceptionallyComposeAsync(fn, executor);
    }

    // two stages: the other one may complete on any thread, so these always go to the executor unless both are done

    @Override
    public <U, V> CompletableFuture<V> thenCombine(CompletionStage<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn) {
        return bothDone(other) ? super.thenCombine(other, fn) : thenCombineAsync(other, fn, executor);
    }

    @Override
    public <U> CompletableFuture<Void> thenAcceptBoth(CompletionStage<? extends U> other, BiConsumer<? super T, ? super U> action) {
        return bothDone(other) ? super.thenAcceptBoth(other, action) : thenAcceptBothAsync(other, action, executor);
    }

    @Override
    public CompletableFuture<Void> runAfterBoth(CompletionStage<?> other, Runnable action) {
        return bothDone(other) ? super.runAfterBoth(other, action) : runAfterBothAsync(other, action, executor);
    }

    @Override
    public <U> CompletableFuture<U> applyToEither(CompletionStage<? extends T> other, Function<? super T, U> fn) {
        return isDone() ? super.applyToEither(other, fn) : applyToEitherAsync(other, fn, executor);
    }

    @Override
    public CompletableFuture<Void> acceptEither(CompletionStage<? extends T> other, Consumer<? super T> action) {
        return isDone() ? super.acceptEither(other, action) : acceptEitherAsync(other, action, executor);
    }

    @Override
    public CompletableFuture<Void> runAfterEither(CompletionStage<?> other, Runnable action) {
        return isDone() ? super.runAfterEither(other, action) : runAfterEitherAsync(other, action, executor);
    }

    private boolean bothDone(CompletionStage<?> other) {
        return isDone() && other.toCompletableFuture().isDone();
    }
}
