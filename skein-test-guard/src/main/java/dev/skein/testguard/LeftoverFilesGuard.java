package dev.skein.testguard;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Fails a test class that leaves files or folders in the temporary directory: what it made there
 * and did not delete, itself or through the processes it started. The build registers it for every
 * test class (JUnit's extension auto-detection, set in the root pom), so a test that forgets to
 * clean up fails where it runs, not in someone's {@code /tmp} a month later.
 *
 * <p>The directory it watches is {@code java.io.tmpdir}, which the build sets, for each module's
 * test JVM, to a folder of that module's own ({@code target/test-tmp}, emptied before the tests
 * run), and gives to the processes the tests start ({@code TMPDIR}; a test that starts a JVM passes
 * {@code -Djava.io.tmpdir} on, since the JDK ignores {@code TMPDIR}). So only what the tests create
 * lands there: the files other programs of the machine put in {@code /tmp} meanwhile do not count.
 *
 * <p>Not counted: what JUnit's {@code @TempDir} makes (JUnit deletes it itself), what a test
 * registered with {@link TestFiles#deleteAtExit} (a broker's log, still written until the JVM
 * exits), and what the JVM and the browser keep there for themselves while they run. A child
 * process gets {@link #GRACE} to remove its own files as it exits. {@code -Dskein.test.guard=false}
 * turns the guard off (for a run outside the build, whose temporary directory is the shared one).
 */
public final class LeftoverFilesGuard implements BeforeAllCallback, AfterAllCallback {

    /** How long the guard waits for leftovers to go (a child process removing its files as it exits). */
    public static final java.time.Duration GRACE = java.time.Duration.ofSeconds(3);

    /**
     * Entries that belong to JUnit ({@code @TempDir}), to native libraries unpacked while a JVM loads
     * them (Netty, JNA) or to the browser and its driver while they run, not to a test.
     */
    private static final List<String> NOT_OURS = List.of("junit", "libnetty", "jna", ".org.chromium.", ".com.google.Chrome.",
            "scoped_dir");

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LeftoverFilesGuard.class);
    private static final Path TMP = Path.of(System.getProperty("java.io.tmpdir"));

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        if (!enabled()) return;
        Files.createDirectories(TMP); // the build makes it; a run outside the build may not have
        context.getStore(NAMESPACE).put("before", entries());
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        @SuppressWarnings("unchecked")
        Set<String> before = (Set<String>) context.getStore(NAMESPACE).remove("before");
        if (before == null) return;
        long deadline = System.nanoTime() + GRACE.toNanos();
        Set<String> left = leftSince(before);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            left = leftSince(before);
        }
        if (!left.isEmpty()) {
            throw new AssertionError(context.getDisplayName() + " left " + left + " in " + TMP + ": delete what a test creates "
                    + "when it is done (or register it with " + TestFiles.class.getName() + ".deleteAtExit when a process "
                    + "holds it until the JVM exits)");
        }
    }

    /** What appeared in the temporary directory since {@code before}, still there and not excused. */
    static Set<String> leftSince(Set<String> before) {
        Set<String> left = new TreeSet<>(entries());
        left.removeAll(before);
        left.removeIf(name -> TestFiles.deletedAtExit(TMP.resolve(name)));
        return left;
    }

    private static Set<String> entries() {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> list = Files.list(TMP)) {
            list.map(p -> p.getFileName().toString()).filter(LeftoverFilesGuard::ours).forEach(names::add);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot list the temporary directory " + TMP, e);
        }
        return names;
    }

    private static boolean ours(String name) {
        for (String prefix : NOT_OURS) {
            if (name.startsWith(prefix)) return false;
        }
        return true;
    }

    private static boolean enabled() {
        return !"false".equalsIgnoreCase(System.getProperty("skein.test.guard", "true"));
    }
}
