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
    /** Wraps the rest of the call: returns a stage that completes when this hook, and {@code next} if it ran it, are done ({@code null}: done now). */

    CompletionStage<?> run(HookContext context, Supplier<CompletionStage<Void>> next);
}
