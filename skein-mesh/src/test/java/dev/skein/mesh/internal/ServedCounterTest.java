package dev.skein.mesh.internal;

import dev.skein.mesh.CallStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(10)
class ServedCounterTest {

    @Test
    void countsCallsTheirLatencyBucketAndWhoCalled() {
        ServedCounter counter = new ServedCounter();
        counter.add("web-1", 1_500_000, false); // 1.5 ms
        counter.add("web-1", 1_500_000, true);
        counter.add("cli-2", 150_000_000, false); // 150 ms
        CallStats stats = counter.read();
        assertThat(stats.calls()).isEqualTo(3);
        assertThat(stats.errors()).isEqualTo(1);
        assertThat(stats.totalMicros()).isEqualTo(153_000);
        assertThat(stats.latency().count(4)).isEqualTo(2);
        assertThat(stats.latency().count(10)).isEqualTo(1);
        assertThat(stats.callers()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("web-1", 2L, "cli-2", 1L));
    }

    @Test
    void pastTheBoundANewCallerTakesThePlaceOfTheOneWithTheFewestCalls() {
        ServedCounter counter = new ServedCounter();
        for (int i = 0; i < ServedCounter.MAX_CALLERS; i++) {
            for (int k = 0; k <= i; k++) counter.add("node-" + i, 1_000, false); // node-0 has the fewest
        }
        counter.add("newcomer", 1_000, false);
        CallStats stats = counter.read();
        assertThat(stats.callers()).hasSize(ServedCounter.MAX_CALLERS).containsEntry("newcomer", 1L).doesNotContainKey("node-0");
        assertThat(stats.calls()).as("every call counted all the same").isEqualTo(ServedCounter.MAX_CALLERS * (ServedCounter.MAX_CALLERS + 1) / 2 + 1);
    }
}
