package dev.skein.mesh.tcp;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts accepted connections that have not completed their handshake, in all and per remote
 * address, and refuses one beyond either cap: strangers that open connections and never finish
 * the handshake hold at most the caps' worth of small buffers, for at most the handshake timeout.
 * Thread-safe.
 */
final class PendingHandshakes {

    private final int maxInAll;
    private final int maxPerAddress;
    private final AtomicInteger inAll = new AtomicInteger();
    private final Map<String, Integer> perAddress = new ConcurrentHashMap<>();

    PendingHandshakes(int maxInAll, int maxPerAddress) {
        this.maxInAll = maxInAll;
        this.maxPerAddress = maxPerAddress;
    }

    /** Counts one more pending handshake from {@code address}; false (and nothing counted) when a cap is reached. */
    boolean tryAcquire(String address) {
        if (inAll.incrementAndGet() > maxInAll) {
            inAll.decrementAndGet();
            return false;
        }
        boolean[] counted = {false};
        perAddress.compute(address, (a, n) -> {
            int now = n == null ? 0 : n;
            if (now >= maxPerAddress) return n;
            counted[0] = true;
            return now + 1;
        });
        if (!counted[0]) inAll.decrementAndGet();
        return counted[0];
    }

    /** One pending handshake from {@code address} ended (admitted, refused or closed). */
    void release(String address) {
        inAll.decrementAndGet();
        perAddress.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
    }

    int pending() {
        return inAll.get();
    }
}
