package dev.skein.core;

/** A hook that does its work before it returns. Throwing fails the call (error hooks then run). */
@FunctionalInterface
public interface Hook {
    /** Does the hook's work on {@code context}: reads or changes its data, params or result, or throws to fail the call. */
    void run(HookContext context) throws Exception;
}
