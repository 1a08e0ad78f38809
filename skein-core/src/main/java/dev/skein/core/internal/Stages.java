package dev.skein.core.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;

/** Continuations that stay on the calling thread when a stage is already done, and hop to the executor when not. */
public final class Stages {

    private Stages() {
    }

    /**
     * Applies {@code next} to the result of {@code stage}: at once when the stage is already
     * complete (no thread hop), else on {@code executor}, so code never continues on the thread
     * that completed the stage (an I/O thread, say).
     */
    public static <T, R> CompletableFuture<R> then(CompletionStage<T> stage, Executor executor,
                                                   Function<? super T, ? extends CompletionStage<R>> next) {
        CompletableFuture<T> future = stage.toCompletableFuture();
        if (future.isDone() && !future.isCompletedExceptionally()) {
            try {
                return next.apply(future.join()).toCompletableFuture();
            } catch (Throwable t) {
                return CompletableFuture.failedFuture(t);
            }
        }
        return future.thenComposeAsync(next, executor);
    }

    /** A stage that fails with {@code t}. */
    public static <T> CompletableFuture<T> failed(Throwable t) {
        return CompletableFuture.failedFuture(t);
    }
}
