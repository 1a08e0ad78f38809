package dev.skein.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits on call futures in tests: a bounded wait, so a hung call fails the test instead of hanging it. */
final class Calls {

    static final long WAIT_SECONDS = 10;

    private Calls() {
    }

    /** The result of {@code future}; fails the test if the call failed or did not complete. */
    static <T> T result(CompletableFuture<T> future) {
        try {
            return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("the call failed with " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("the call did not complete within " + WAIT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The exception {@code future} failed with, unwrapped; fails the test if the call succeeded. */
    static Throwable failure(CompletableFuture<?> future) {
        Object value;
        try {
            value = future.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("the call did not complete within " + WAIT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        throw new AssertionError("expected the call to fail, but it answered " + value);
    }
}
