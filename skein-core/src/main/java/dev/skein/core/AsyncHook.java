package dev.skein.core;

import java.util.concurrent.CompletionStage;

/** A hook whose work completes later: the call goes on when the returned stage completes, and fails if it fails. */
@FunctionalInterface
public interface AsyncHook {
    CompletionStage<?> run(HookContext context);
}
