package dev.skein.mesh.internal;

import java.util.concurrent.ConcurrentHashMap;

/**
 * How many calls each calling node has running here, so that the cap on calls served
 * ({@code maxServing}) is shared: at the cap a caller still under its fair share (the cap divided
 * among the callers with calls running, itself included) is admitted, and one that holds its share
 * or more is refused. One node flooding this one cannot take every slot from the others; in all at
 * most twice the cap run (the flood's share and everyone else's).
 */
final class CallerShares {

    private final ConcurrentHashMap<String, Integer> running = new ConcurrentHashMap<>();

    /** A call of {@code caller} started. */
    void started(String caller) {
        running.merge(caller, 1, Integer::sum);
    }

    /** A call of {@code caller} ended. */
    void finished(String caller) {
        running.computeIfPresent(caller, (k, n) -> n <= 1 ? null : n - 1);
    }

    /** Calls of {@code caller} running now. */
    int of(String caller) {
        return running.getOrDefault(caller, 0);
    }

    /** Whether {@code caller} holds less than its fair share of {@code cap}, among the callers with calls running and itself. */
    boolean underFairShare(String caller, int cap) {
        int mine = of(caller);
        int callers = running.size() + (mine == 0 ? 1 : 0);
        return mine < Math.max(1, cap / Math.max(1, callers));
    }
}
