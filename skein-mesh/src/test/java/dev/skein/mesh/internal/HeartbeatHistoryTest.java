package dev.skein.mesh.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How late {@link HeartbeatHistory} says a peer's heartbeats come, on a clock of the test's own. */
class HeartbeatHistoryTest {

    private static final long MS = 1_000_000L;
    private static final long INTERVAL = 1000 * MS;

    private final HeartbeatHistory history = new HeartbeatHistory();
    private long now = 5_000 * MS;

    /** Heartbeats {@code gapMs} apart, {@code times} of them. */
    private void beats(long gapMs, int times) {
        for (int i = 0; i < times; i++) history.heartbeat(now += gapMs * MS);
    }

    @Test
    void fewerThanMinSamplesIntervalsSayNothingHoweverLateTheyCame() {
        history.heartbeat(now);
        beats(60_000, HeartbeatHistory.MIN_SAMPLES - 1);

        assertThat(history.latenessNanos(INTERVAL)).isZero();

        beats(60_000, 1);
        assertThat(history.latenessNanos(INTERVAL)).as("at MIN_SAMPLES: 59 s late each").isEqualTo(59_000 * MS);
    }

    @Test
    void theFirstHeartbeatIsNoInterval() {
        beats(1000, HeartbeatHistory.MIN_SAMPLES); // MIN_SAMPLES heartbeats, MIN_SAMPLES - 1 intervals

        assertThat(history.latenessNanos(INTERVAL)).isZero();
        beats(3000, 1);
        assertThat(history.latenessNanos(INTERVAL)).isPositive();
    }

    @Test
    void heartbeatsOnTimeAreNotLateAndEarlyOnesAreNotNegative() {
        history.heartbeat(now);
        beats(1000, 10);
        assertThat(history.latenessNanos(INTERVAL)).isZero();

        HeartbeatHistory early = new HeartbeatHistory();
        for (int i = 0; i < 10; i++) early.heartbeat(now + i * 500 * MS);
        assertThat(early.latenessNanos(INTERVAL)).isZero();
    }

    @Test
    void latenessIsTheMeanExcessPlusFourDeviations() {
        history.heartbeat(now);
        beats(1000, 2);
        beats(3000, 2); // mean 2000 ms, deviation 1000 ms

        assertThat(history.latenessNanos(INTERVAL)).isEqualTo(1000 * MS + 4 * 1000 * MS);
    }

    @Test
    void anOldOutlierDropsOutOfTheWindowAfterWindowMoreIntervals() {
        history.heartbeat(now);
        beats(1000, 10);
        beats(60_000, 1);
        beats(1000, HeartbeatHistory.WINDOW - 1);

        assertThat(history.latenessNanos(INTERVAL)).as("the outlier is the oldest of the window").isPositive();

        beats(1000, 1);
        assertThat(history.latenessNanos(INTERVAL)).as("the window holds only on-time intervals now").isZero();
    }
}
