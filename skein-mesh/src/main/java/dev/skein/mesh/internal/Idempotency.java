package dev.skein.mesh.internal;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The recent calls a node served, by idempotency key: a request that comes again with the key of
 * one it ran (the caller lost the answer and sent it again) gets that call's answer instead of
 * running twice. Bounded by count ({@value #MAX_KEYS}) and age ({@link #KEEP}). The caller makes
 * the key ({@link InboundCalls}: what the sender proved, its id and its key), so one caller's key
 * never answers another's call. Thread-safe.
 */
final class Idempotency {

    static final int MAX_KEYS = 20_000;
    static final Duration KEEP = Duration.ofMinutes(5);

    private record Entry(CompletableFuture<Object> work, long at) {
    }

    private final Map<String, Entry> recent = new LinkedHashMap<>();

    /**
     * The work already started for {@code key}, or null after remembering {@code work} as the
     * work of that key (the caller then runs it).
     */
    synchronized CompletableFuture<Object> claim(String key, CompletableFuture<Object> work) {
        long now = System.nanoTime();
        Iterator<Entry> oldest = recent.values().iterator();
        while (oldest.hasNext()) {
            Entry e = oldest.next();
            if (recent.size() < MAX_KEYS && now - e.at < KEEP.toNanos()) break;
            oldest.remove();
        }
        Entry before = recent.get(key);
        if (before != null) return before.work;
        recent.put(key, new Entry(work, now));
        return null;
    }

    /** The work of {@code key} failed before it ran (refused): forget it, so that a retry may run it. */
    synchronized void forget(String key, CompletableFuture<Object> work) {
        Entry e = recent.get(key);
        if (e != null && e.work == work) recent.remove(key);
    }
}
