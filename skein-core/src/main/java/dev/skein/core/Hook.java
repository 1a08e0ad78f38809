package dev.skein.core;

/** A hook that does its work before it returns. Throwing fails the call (error hooks then run). */
@FunctionalInterface
public interface Hook {
    void run(HookContext context) throws Exception;
}
