package dev.skein.core;

import java.util.concurrent.CompletionStage;

/** A hook whose work completes later: the call goes on when the returned stage completes, and fails if it fails. */
@FunctionalInterface
public interface AsyncHook {
    /** Starts the hook's work on {@code context} and returns a stage that completes when it is done ({@code null}: done now). */

    CompletionStage<?> run(HookContext context);
}
