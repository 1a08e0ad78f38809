package dev.skein.testkit;

import dev.skein.testguard.LeftoverFilesGuard;
import dev.skein.testguard.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * The build's leftover-file guard fails a test class that leaves a file behind, and only then; it
 * watches the test JVM's own temporary directory, under the module's {@code target}, where what a
 * test and the processes it starts create lands.
 */
class TestGuardTest {

    private static Path left;

    /** {@code target/test-tmp} of the module under test (surefire runs the tests in the module's folder). */
    private static final Path OWN_TMP = Path.of(System.getProperty("basedir", "."), "target", "test-tmp").toAbsolutePath().normalize();

    @Test
    void aTemporaryFileATestCreatesLandsInTheModulesTargetNotTheSharedTemporaryDirectory() throws IOException {
        Path file = Files.createTempFile("skein-guard-where", ".txt");
        try {
            assertThat(file.toAbsolutePath().getParent()).isEqualTo(OWN_TMP);
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void aProcessATestStartsMakesItsTemporaryFilesThereToo() throws Exception {
        Process mktemp = new ProcessBuilder("mktemp").redirectErrorStream(true).start();
        Path file = Path.of(new String(mktemp.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim());
        try {
            assertThat(mktemp.waitFor()).isZero();
            assertThat(file.getParent()).isEqualTo(OWN_TMP);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void aTestClassThatLeavesAFileInTheTemporaryDirectoryFails() throws IOException {
        try {
            List<Event> failed = run(LeavesAFile.class);
            assertThat(failed).hasSize(1);
            Throwable why = failed.get(0).getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                    .getThrowable().orElseThrow();
            assertThat(why).isInstanceOf(AssertionError.class).hasMessageContaining(left.getFileName().toString())
                    .hasMessageContaining("LeavesAFile");
        } finally {
            Files.deleteIfExists(left);
        }
    }

    @Test
    void aTestClassThatCleansUpOrDefersToExitPasses() {
        assertThat(run(CleansUp.class)).isEmpty();
        assertThat(run(DefersToExit.class)).isEmpty();
    }

    /** Runs {@code testClass} with the guard on, whatever the build says (-Dskein.test.guard=false). */
    private static List<Event> run(Class<?> testClass) {
        String was = System.setProperty("skein.test.guard", "true");
        try {
            return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass))
                    .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "false")
                    .execute().allEvents().failed().list();
        } finally {
            if (was == null) System.clearProperty("skein.test.guard");
            else System.setProperty("skein.test.guard", was);
        }
    }

    // Nested classes are not run by the build itself (surefire skips them); only by the engine above.

    @ExtendWith(LeftoverFilesGuard.class)
    static class LeavesAFile {
        @Test
        void makesATemporaryFile() throws IOException {
            left = Files.createTempFile("skein-guard-left", ".txt");
        }
    }

    @ExtendWith(LeftoverFilesGuard.class)
    static class CleansUp {
        @Test
        void makesAndDeletesATemporaryFile() throws IOException {
            Files.delete(Files.createTempFile("skein-guard-clean", ".txt"));
        }
    }

    @ExtendWith(LeftoverFilesGuard.class)
    static class DefersToExit {
        @Test
        void makesATemporaryFileThatGoesAtExit() throws IOException {
            TestFiles.deleteAtExit(Files.createTempFile("skein-guard-exit", ".txt"));
        }
    }
}
