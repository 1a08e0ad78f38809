package dev.skein.testguard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * Files and folders a test run makes in its temporary directory that outlive the test class that
 * made them (broker logs and data, test certificates): deleted, whole, when the test JVM exits,
 * after every test and broker is done with them.
 */
public final class TestFiles {

    private static final List<Path> LEFT = new CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LEFT.forEach(TestFiles::deleteNow), "skein-test-files"));
    }

    private TestFiles() {
    }

    /**
     * {@code path} (a file or a folder) goes when the JVM exits; answers it. Until then
     * {@link LeftoverFilesGuard} does not count it as left behind.
     */
    public static Path deleteAtExit(Path path) {
        LEFT.add(path);
        return path;
    }

    /** Whether {@code path} is, or lies under, a path that goes when the JVM exits. */
    static boolean deletedAtExit(Path path) {
        for (Path p : LEFT) {
            if (path.startsWith(p)) return true;
        }
        return false;
    }

    /** Deletes {@code path} and everything under it now; what cannot be deleted is left. */
    public static void deleteNow(Path path) {
        if (!Files.exists(path)) return;
        try (Stream<Path> files = Files.walk(path)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException | RuntimeException ignored) {
            // a broker still writing, or a file another user owns: nothing more to do at exit
        }
    }
}
