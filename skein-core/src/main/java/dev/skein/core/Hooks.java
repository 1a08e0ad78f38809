package dev.skein.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The hooks of an app (they run for every service) or of one service. Hooks are registered for one
 * method or for {@link Methods#ALL}; they run in the order they were registered. App hooks run
 * before service hooks for {@code around} and {@code before}, and after them for {@code after} and
 * {@code error}.
 *
 * <p>Thread-safe: hooks may be added while calls run; a call uses the hooks present when its stage
 * starts.
 */
public final class Hooks {

    record Entry(HookType type, String method, AsyncHook hook, AroundHook around) {
        boolean appliesTo(String m) {
            return Methods.ALL.equals(method) || method.equals(m);
        }
    }

    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    Hooks() {
    }

    /** Adds a hook that runs before every method; it may change the id, data or params, or set a result to skip the method. */
    public Hooks before(Hook hook) {
        return before(Methods.ALL, hook);
    }

    /**
     * Adds a hook that runs before {@code method} ({@link Methods#ALL} for every method).
     *
     * @throws IllegalArgumentException when {@code method} is {@code null} or blank
     */
    public Hooks before(String method, Hook hook) {
        return add(HookType.BEFORE, method, sync(hook));
    }

    /** Adds a before hook whose work completes later; the call waits for its stage. */
    public Hooks beforeAsync(String method, AsyncHook hook) {
        return add(HookType.BEFORE, method, hook);
    }

    /** Adds a hook that runs after every method succeeds; it may change the result. */
    public Hooks after(Hook hook) {
        return after(Methods.ALL, hook);
    }

    /** Adds a hook that runs after {@code method} ({@link Methods#ALL} for every method) succeeds; a failure it throws fails the call. */
    public Hooks after(String method, Hook hook) {
        return add(HookType.AFTER, method, sync(hook));
    }

    /** Adds an after hook whose work completes later; the call waits for its stage. */
    public Hooks afterAsync(String method, AsyncHook hook) {
        return add(HookType.AFTER, method, hook);
    }

    /** Adds a hook that runs when any method, or a before or after hook, fails; {@link HookContext#error()} holds the failure. */
    public Hooks error(Hook hook) {
        return error(Methods.ALL, hook);
    }

    /**
     * Adds a hook that runs when {@code method} ({@link Methods#ALL} for every method) fails; it may
     * replace the failure, or clear it and set a result to recover the call.
     */
    public Hooks error(String method, Hook hook) {
        return add(HookType.ERROR, method, sync(hook));
    }

    /** Adds an error hook whose work completes later; the call waits for its stage. */
    public Hooks errorAsync(String method, AsyncHook hook) {
        return add(HookType.ERROR, method, hook);
    }

    /** Adds a hook around every method, with the before, after and error hooks inside it. */
    public Hooks around(AroundHook hook) {
        return around(Methods.ALL, hook);
    }

    /** Adds a hook around {@code method} ({@link Methods#ALL} for every method), with the before, after and error hooks inside it. */
    public Hooks around(String method, AroundHook hook) {

        Objects.requireNonNull(hook, "hook");
        entries.add(new Entry(HookType.AROUND, checkMethod(method), null, hook));
        return this;
    }

    /** Adds every hook of {@code other}, after the ones already here. */
    public Hooks addAll(Hooks other) {
        entries.addAll(other.entries);
        return this;
    }

    /** A new, empty set of hooks to fill and hand to {@link #addAll(Hooks)} (the mesh's proxy hooks use this). */
    public static Hooks create() {
        return new Hooks();
    }

    /**
     * Whether {@code hook} itself (the same instance) runs before {@code method}: registered as a
     * before hook for that method or for {@link Methods#ALL}. The gateway asks this to refuse, from a
     * request's headers, a call that a well-known hook (authentication) would refuse anyway.
     */
    public boolean runsBefore(String method, AsyncHook hook) {
        for (Entry e : entries) {
            if (e.type == HookType.BEFORE && e.hook == hook && e.appliesTo(method)) return true;
        }
        return false;
    }

    /** True when no hook is registered. */
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    List<Entry> select(HookType type, String method) {
        if (entries.isEmpty()) return Collections.emptyList();
        List<Entry> out = new ArrayList<>(2);
        for (Entry e : entries) {
            if (e.type == type && e.appliesTo(method)) out.add(e);
        }
        return out;
    }

    private Hooks add(HookType type, String method, AsyncHook hook) {
        Objects.requireNonNull(hook, "hook");
        entries.add(new Entry(type, checkMethod(method), hook, null));
        return this;
    }

    private static String checkMethod(String method) {
        if (method == null || method.isBlank()) {
            throw new IllegalArgumentException("a hook needs a method name or Methods.ALL");
        }
        return method;
    }

    private static AsyncHook sync(Hook hook) {
        Objects.requireNonNull(hook, "hook");
        return ctx -> {
            try {
                hook.run(ctx);
                return DONE;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return CompletableFuture.failedFuture(e);
            } catch (Throwable t) {
                return CompletableFuture.failedFuture(t);
            }
        };
    }

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
}
