package dev.skein.gateway.auth;

import dev.skein.core.errors.TooManyRequests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The login limits' buckets on a clock of the test's: refill, give-back, the bound on memory. */
@Timeout(60)
class LoginLimitsTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void anAccountHasItsAttemptsAMinuteAndTheNextOneIsToldWhenToComeBack() {
        LoginLimits limits = new LoginLimits(5, 0, 100, now::get);
        for (int i = 0; i < 5; i++) limits.take("ada@example.com", "127.0.0." + (i + 2));

        assertThatThrownBy(() -> limits.take("ada@example.com", "127.0.0.9")).isInstanceOf(TooManyRequests.class)
                .hasMessageContaining("for this account")
                .satisfies(e -> assertThat(((TooManyRequests) e).data()).isEqualTo(Map.of("retryAfter", 12L)));
        limits.take("bob@example.com", "127.0.0.9"); // another account is not held up

        now.addAndGet(12_000_000_000L);
        limits.take("ada@example.com", "127.0.0.9");
        assertThatThrownBy(() -> limits.take("ada@example.com", "127.0.0.9")).isInstanceOf(TooManyRequests.class);
    }

    @Test
    void aSuccessfulLoginGivesItsAttemptBackAndAnAddressSpentDoesNotSpendTheAccount() {
        LoginLimits limits = new LoginLimits(2, 3, 100, now::get);
        for (int i = 0; i < 10; i++) limits.take("ada@example.com", "127.0.0.2").run();

        limits.take("x1", "127.0.0.3");
        limits.take("x2", "127.0.0.3");
        limits.take("x3", "127.0.0.3");
        assertThatThrownBy(() -> limits.take("ada@example.com", "127.0.0.3")).hasMessageContaining("from this address");
        limits.take("ada@example.com", "127.0.0.4");
        limits.take("ada@example.com", "127.0.0.4");
        assertThatThrownBy(() -> limits.take("ada@example.com", "127.0.0.4")).hasMessageContaining("for this account");
    }

    @Test
    void manyNamesAndAddressesKeepAtMostTheBoundOfBuckets() {
        LoginLimits limits = new LoginLimits(10, 30, 1_000, now::get);
        String longName = "x".repeat(1_000);
        for (int i = 0; i < 100_000; i++) limits.take(longName + i, "10.0." + (i / 250) + "." + (i % 250));
        assertThat(limits.size()).isLessThanOrEqualTo(2_000);
    }
}
