package dev.skein.core;

import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A hook around the rest of the call: it runs {@code next} once (or not, to short-circuit with a
 * result it sets) and may act before and after it. {@code next} completes when the inner hooks and
 * the method are done, exceptionally if they failed.
 */
@FunctionalInterface
public interface AroundHook {
    CompletionStage<?> run(HookContext context, Supplier<CompletionStage<Void>> next);
}
