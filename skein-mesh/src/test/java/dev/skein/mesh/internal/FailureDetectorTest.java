package dev.skein.mesh.internal;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.skein.mesh.internal.FailureDetector.Verdict.ALIVE;
import static dev.skein.mesh.internal.FailureDetector.Verdict.GONE;
import static dev.skein.mesh.internal.FailureDetector.Verdict.SUSPECTED;
import static org.assertj.core.api.Assertions.assertThat;

/** The verdicts of {@link FailureDetector} on a clock of the test's own (nanoseconds from 1 s on). */
class FailureDetectorTest {

    private static final long MS = 1_000_000L;
    private static final long START = 1_000 * MS;
    private final FailureDetector detector = new FailureDetector(Duration.ofMillis(1000), Duration.ofMillis(3500));

    /** Heartbeats that came {@code gaps} milliseconds apart; returns when the last came. */
    private static long heartbeats(HeartbeatHistory history, long... gaps) {
        long t = START;
        history.heartbeat(t);
        for (long gap : gaps) history.heartbeat(t += gap * MS);
        return t;
    }

    @Test
    void aPeerWithRegularHeartbeatsIsSuspectedAfterAMissedOneAndGoneAfterDeadAfter() {
        HeartbeatHistory history = new HeartbeatHistory();
        long last = heartbeats(history, 1000, 1000, 1000, 1000, 1000, 1000);

        assertThat(detector.verdict(last + 1500 * MS, last, history)).isEqualTo(ALIVE);
        assertThat(detector.verdict(last + 2100 * MS, last, history)).isEqualTo(SUSPECTED);
        assertThat(detector.verdict(last + 3400 * MS, last, history)).isEqualTo(SUSPECTED);
        assertThat(detector.verdict(last + 3600 * MS, last, history)).isEqualTo(GONE);
        assertThat(detector.goneAfterNanos(history)).isEqualTo(3500 * MS);
    }

    @Test
    void aPeerWhoseHeartbeatsComeLateAndIrregularIsGivenMoreSilenceButAtMostTwiceDeadAfter() {
        HeartbeatHistory busy = new HeartbeatHistory();
        long last = heartbeats(busy, 1200, 1900, 1100, 2400, 1300, 1800, 1000, 2200);

        long goneAfter = detector.goneAfterNanos(busy);
        assertThat(goneAfter).isGreaterThan(5000 * MS).isLessThanOrEqualTo(7000 * MS);
        assertThat(detector.verdict(last + 3600 * MS, last, busy)).as("past deadAfter, within its lateness").isNotEqualTo(GONE);
        assertThat(detector.verdict(last + goneAfter - 10 * MS, last, busy)).isEqualTo(SUSPECTED);
        assertThat(detector.verdict(last + goneAfter + 10 * MS, last, busy)).isEqualTo(GONE);

        HeartbeatHistory frozenOnce = new HeartbeatHistory();
        heartbeats(frozenOnce, 1000, 1000, 1000, 60_000, 1000);
        assertThat(detector.goneAfterNanos(frozenOnce)).as("capped").isEqualTo(7000 * MS);
    }

    @Test
    void tooFewHeartbeatsSayNothingOfLateness() {
        HeartbeatHistory history = new HeartbeatHistory();
        heartbeats(history, 3000, 3000);
        assertThat(detector.goneAfterNanos(history)).isEqualTo(3500 * MS);
    }

    @Test
    void noPeerIsJudgedForAnIntervalAfterThisNodeItselfStalled() {
        assertThat(detector.roundStarts(START)).isTrue();
        assertThat(detector.roundStarts(START + 1000 * MS)).isTrue();
        assertThat(detector.roundStarts(START + 2400 * MS)).as("400 ms late: within half an interval").isTrue();
        assertThat(detector.roundStarts(START + 4000 * MS)).as("600 ms late: this node stalled").isFalse();
        assertThat(detector.lastStallNanos()).isEqualTo(600 * MS);
        assertThat(detector.roundStarts(START + 4500 * MS)).as("still within the interval after").isFalse();
        assertThat(detector.roundStarts(START + 5001 * MS)).isTrue();
        assertThat(detector.roundStarts(START + 6001 * MS)).isTrue();
    }
}
