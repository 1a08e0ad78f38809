package dev.skein.mesh;

import dev.skein.core.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

@Timeout(10)
class LatencyHistogramTest {

    /** Counts {@code n} calls of {@code micros} each into {@code counts}. */
    private static void calls(long[] counts, int n, long micros) {
        counts[LatencyHistogram.bucketOf(micros)] += n;
    }

    @Test
    void bucketsGoInOneTwoFiveStepsFromAHundredMicrosecondsToFiftySecondsThenLonger() {
        assertThat(LatencyHistogram.BUCKETS).isEqualTo(19);
        assertThat(LatencyHistogram.bucketOf(0)).isZero();
        assertThat(LatencyHistogram.bucketOf(100)).isZero();
        assertThat(LatencyHistogram.bucketOf(101)).isEqualTo(1);
        assertThat(LatencyHistogram.bucketOf(1_000)).isEqualTo(3);
        assertThat(LatencyHistogram.bucketOf(50_000_000)).isEqualTo(17);
        assertThat(LatencyHistogram.bucketOf(60_000_000)).isEqualTo(18);
    }

    @Test
    void p50AndP99AreTakenWithinTheirBucket() {
        long[] counts = new long[LatencyHistogram.BUCKETS];
        calls(counts, 98, 1_500);   // 98 calls in (1 ms, 2 ms]
        calls(counts, 2, 150_000);  // 2 slow ones in (100 ms, 200 ms]
        LatencyHistogram h = LatencyHistogram.of(counts);

        assertThat(h.total()).isEqualTo(100);
        assertThat(h.percentileMicros(0.5)).isCloseTo(1_000 + 1_000 * 50 / 98.0, within(0.01));
        assertThat(h.percentileMicros(0.99)).isCloseTo(150_000, within(0.01)); // the first of the two slow ones: half way up their bucket
        assertThat(h.percentileMicros(1)).isEqualTo(200_000);
        assertThat(LatencyHistogram.EMPTY.percentileMicros(0.5)).isNaN();
    }

    @Test
    void callsPastFiftySecondsAreReportedAsFiftySecondsALowerBound() {
        long[] counts = new long[LatencyHistogram.BUCKETS];
        calls(counts, 3, 90_000_000);
        assertThat(LatencyHistogram.of(counts).percentileMicros(0.5)).isEqualTo(50_000_000);
    }

    @Test
    void theDifferenceOfTwoReadingsCountsTheCallsBetweenThemAndARestartedNodeGivesNone() {
        LatencyHistogram before = LatencyHistogram.of(5, 1);
        LatencyHistogram after = LatencyHistogram.of(5, 4, 0, 2);
        assertThat(after.minus(before)).isEqualTo(LatencyHistogram.of(0, 3, 0, 2));
        assertThat(after.minus(before).plus(before)).isEqualTo(after);
        assertThat(LatencyHistogram.of(1).minus(before)).isEqualTo(LatencyHistogram.EMPTY);
    }

    @Test
    void theHeartbeatsWireFormCarriesTheHistogramAndTheCallersAndAnOlderNodesHeartbeatWithoutThemStillReads() {
        CallStats stats = new CallStats(7, 1, 9_000, LatencyHistogram.of(0, 0, 0, 6, 0, 1), Map.of("web-1a2b", 5L, "cli-3c4d", 2L));
        Map<?, ?> wire = (Map<?, ?>) Json.read(Json.write(stats.toWire()));
        assertThat(wire.get("h")).asList().hasSize(6); // trailing empty buckets left out
        assertThat(CallStats.fromWire(wire)).isEqualTo(stats);

        Health old = Health.fromWire((Map<?, ?>) Json.read("{\"cpu\":0.5,\"served\":{\"orders\":{\"n\":3,\"err\":0,\"us\":1200}}}"));
        assertThat(old.served().get("orders")).isEqualTo(new CallStats(3, 0, 1200));
        assertThat(old.served().get("orders").latency()).isEqualTo(LatencyHistogram.EMPTY);
        assertThat(new CallStats(3, 0, 1200).toWire()).doesNotContainKey("h"); // what an older reader expects
    }
}
