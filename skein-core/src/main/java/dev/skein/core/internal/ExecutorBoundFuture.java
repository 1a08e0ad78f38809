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
 */
public final class ExecutorBoundFuture<T> extends CompletableFuture<T> {

    private final Executor executor;
    private final Runnable onCancel;

    /** A pending future whose continuations added while it is pending run on {@code executor}. */
    public ExecutorBoundFuture(Executor executor) {

        this(executor, null);
    }

    /** A future that runs {@code onCancel} on the cancelling thread when it is cancelled (not on the executor: no task per call to watch for it). */
    public ExecutorBoundFuture(Executor executor, Runnable onCancel) {
        this.executor = executor;
        this.onCancel = onCancel;
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new ExecutorBoundFuture<>(executor);
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
        return executor;
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
