package dev.skein.gateway.auth;

import dev.skein.core.errors.TooManyRequests;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * How many login attempts the local strategy takes, per login name and per client address: a
 * token bucket for each, holding {@code n} attempts and refilled at {@code n} a minute. An attempt
 * takes one attempt from both buckets before any work is done (the lookup, the hash), and a
 * successful login gives both back, so only failures count. At most {@code maxKeys} buckets of
 * each kind are kept, the least recently used forgotten first (a forgotten bucket is a full one);
 * login names are kept as digests, so a bucket takes the same memory whatever the name's length.
 *
 * <p>Thread-safe.
 */
final class LoginLimits {

    private static final long MINUTE_NANOS = 60_000_000_000L;

    private final Buckets accounts;
    private final Buckets addresses;

    LoginLimits(int perAccount, int perAddress, int maxKeys, LongSupplier nanoTime) {
        this.accounts = perAccount == 0 ? null : new Buckets(perAccount, maxKeys, nanoTime);
        this.addresses = perAddress == 0 ? null : new Buckets(perAddress, maxKeys, nanoTime);
    }

    /**
     * Takes one attempt for {@code name} from {@code address} (null: an internal call, no address).
     *
     * @return what gives the attempt back (after a successful login)
     * @throws TooManyRequests with {@code data.retryAfter} in seconds when either bucket is empty
     */
    Runnable take(String name, String address) {
        String account = digest(name);
        if (accounts != null) {
            long wait = accounts.take(account);
            if (wait > 0) throw refused("for this account", wait);
        }
        if (addresses != null && address != null) {
            long wait = addresses.take(address);
            if (wait > 0) {
                if (accounts != null) accounts.give(account);
                throw refused("from this address", wait);
            }
        }
        return () -> {
            if (accounts != null) accounts.give(account);
            if (addresses != null && address != null) addresses.give(address);
        };
    }

    /** How many buckets are kept now (accounts and addresses together), for tests of the bound. */
    int size() {
        return (accounts == null ? 0 : accounts.size()) + (addresses == null ? 0 : addresses.size());
    }

    private static TooManyRequests refused(String which, long waitNanos) {
        long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
        return new TooManyRequests("Too many failed login attempts " + which + "; try again in " + seconds + " s",
                Map.of("retryAfter", seconds));
    }

    private static String digest(String name) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Token buckets by key, in least-recently-used order, at most {@code maxKeys} of them. */
    private static final class Buckets {
        private final int capacity;
        private final long nanosPerToken;
        private final LongSupplier nanoTime;
        private final LinkedHashMap<String, long[]> buckets;

        Buckets(int capacity, int maxKeys, LongSupplier nanoTime) {
            this.capacity = capacity;
            this.nanosPerToken = MINUTE_NANOS / capacity;
            this.nanoTime = nanoTime;
            this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
                    return size() > maxKeys;
                }
            };
        }

        /** Takes a token: 0 when taken, else how many nanoseconds until one is there. */
        synchronized long take(String key) {
            long[] b = refill(key);
            if (b[0] >= 1) {
                b[0]--;
                return 0;
            }
            return Math.max(1, nanosPerToken - (nanoTime.getAsLong() - b[1]));
        }

        synchronized void give(String key) {
            long[] b = refill(key);
            b[0] = Math.min(capacity, b[0] + 1);
        }

        synchronized int size() {
            return buckets.size();
        }

        /** The bucket of {@code key} ({tokens, time of the last refill}), refilled for the time since. */
        private long[] refill(String key) {
            long now = nanoTime.getAsLong();
            long[] b = buckets.computeIfAbsent(key, k -> new long[] {capacity, now});
            long earned = (now - b[1]) / nanosPerToken;
            if (earned > 0) {
                b[0] = Math.min(capacity, b[0] + earned);
                b[1] = b[0] == capacity ? now : b[1] + earned * nanosPerToken;
            }
            return b;
        }
    }
}
