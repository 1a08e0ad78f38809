package dev.skein.testkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The busy loops of the loaded run spin, and none outlives its owner. */
@Timeout(60)
class BusyCoresTest {

    @Test
    void theLoopsSpinUntilClosedAndAreGoneAfter() throws Exception {
        List<Long> pids;
        try (BusyCores loops = BusyCores.start(2, Duration.ofSeconds(50))) {
            pids = loops.pids();
            assertThat(pids).hasSize(2).allSatisfy(pid -> assertThat(ProcessHandle.of(pid)).isPresent());
            // they take CPU time, not sleep: together more than a core's worth of a second once they are up
            await().atMost(Duration.ofSeconds(30)).until(() -> loops.cpuTime().compareTo(Duration.ofMillis(1500)) > 0);
            assertThat(loops.toString()).contains("2 busy-loop processes").contains(pids.get(0).toString());
        }
        assertThat(pids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty());
    }

    @Test
    void aLoopEndsByItselfAfterItsLifetime() throws Exception {
        try (BusyCores loop = BusyCores.start(1, Duration.ofMillis(300))) {
            ProcessHandle handle = ProcessHandle.of(loop.pids().get(0)).orElseThrow();
            await().atMost(Duration.ofSeconds(20)).until(() -> !handle.isAlive());
        }
    }

    @Test
    void aLoopEndsWhenItsStdinClosesAsWhenTheTestJvmDies() throws Exception {
        Process loop = new ProcessBuilder(BusyCores.command(Duration.ofSeconds(50))).start();
        try {
            loop.getOutputStream().close();
            await().atMost(Duration.ofSeconds(20)).until(() -> !loop.isAlive());
        } finally {
            loop.destroyForcibly();
        }
    }

    @Test
    void thePropertyAsksForAllCoresANumberOrNone() {
        assertThat(BusyCoresExtension.requested(null)).isZero();
        assertThat(BusyCoresExtension.requested("")).isZero();
        assertThat(BusyCoresExtension.requested("false")).isZero();
        assertThat(BusyCoresExtension.requested("all")).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(BusyCoresExtension.requested("3")).isEqualTo(3);
        assertThatThrownBy(() -> BusyCoresExtension.requested("many")).hasMessageContaining(BusyCoresExtension.PROPERTY);
    }
}
