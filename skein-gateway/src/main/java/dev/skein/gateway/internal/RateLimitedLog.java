package dev.skein.gateway.internal;

import org.slf4j.Logger;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A logger's lines for what clients cause (refusals, malformed input, a server error a client can
 * trigger again and again): one line per key per minute, the next one saying how many were left
 * out, so that a flood of bad requests costs a line, not a disk. Thread-safe; it forgets every key
 * once it holds more than {@value #MAX_KEYS}.
 */
final class RateLimitedLog {

    private static final int MAX_KEYS = 256;
    private static final long INTERVAL_NANOS = 60_000_000_000L;

    private final Logger log;
    private final Map<String, long[]> keys = new ConcurrentHashMap<>();

    RateLimitedLog(Logger log) {
        this.log = log;
    }

    /** How many lines of {@code key} were held back since the last one let through, or -1 when this one is held back too. */
    private long allow(String key) {
        long now = System.nanoTime();
        if (keys.size() > MAX_KEYS) keys.clear();
        long[] result = {-1};
        keys.compute(key, (k, state) -> {
            if (state == null) state = new long[]{now - INTERVAL_NANOS, 0};
            if (now - state[0] >= INTERVAL_NANOS) {
                result[0] = state[1];
                state[0] = now;
                state[1] = 0;
            } else {
                state[1]++;
            }
            return state;
        });
        return result[0];
    }

    void info(String key, String format, Object... args) {
        long skipped = allow(key);
        if (skipped >= 0 && log.isInfoEnabled()) log.info(format + suffix(skipped), args);
    }

    /** A warning; a throwable as the last argument keeps its stack trace, in the lines let through only. */
    void warn(String key, String format, Object... args) {
        long skipped = allow(key);
        if (skipped >= 0) log.warn(format + suffix(skipped), args);
    }

    private static String suffix(long skipped) {
        return skipped > 0 ? " (" + skipped + " more like it in the last minute)" : "";
    }
}
