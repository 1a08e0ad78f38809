package dev.skein.mesh.spi;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lets one log line (or one reply) per key through per interval, so that a peer that keeps failing the same way
 * (a stranger redialing every second, a node forging ids) costs one line, not a flood. Thread-safe;
 * it forgets every key once it holds more than {@value #MAX_KEYS}.
 */
public final class LogLimiter {

    private static final int MAX_KEYS = 1024;
    private final long intervalNanos;
    private final Map<String, Long> last = new ConcurrentHashMap<>();

    /** Lets one line per key through every {@code interval}. */
    public LogLimiter(java.time.Duration interval) {

        this.intervalNanos = interval.toNanos();
    }

    /** True when a line for {@code key} may be logged now. */
    public boolean allow(String key) {
        long now = System.nanoTime();
        if (last.size() > MAX_KEYS) last.clear();
        boolean[] allowed = {false};
        last.compute(key, (k, before) -> {
            if (before == null || now - before >= intervalNanos) {
                allowed[0] = true;
                return now;
            }
            return before;
        });
        return allowed[0];
    }
}
