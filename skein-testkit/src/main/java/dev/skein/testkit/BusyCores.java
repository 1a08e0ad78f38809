package dev.skein.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Busy loops that keep the machine's cores occupied while a test runs, as another build or a
 * noisy neighbour would: one process per core, each spinning one thread at normal priority. A
 * test that passes with them running does not owe its pass to having the cores to itself.
 *
 * <p>Nothing outlives its owner: {@link #close()} kills every process by its PID, a shutdown hook
 * does the same if the test JVM exits without closing, each process exits by itself once its stdin
 * closes (the test JVM is gone, however it ended), and after {@link #MAX_LIFETIME} in any case.
 * Thread-safe; closing is idempotent.
 */
public final class BusyCores implements AutoCloseable {

    /** How long a busy loop spins at most, even if nobody stops it: longer than any test class's timeout. */
    public static final Duration MAX_LIFETIME = Duration.ofMinutes(15);

    private final List<Process> loops;
    private final long startedAt = System.nanoTime();
    private final Thread shutdownHook;
    private boolean closed;

    private BusyCores(List<Process> loops) {
        this.loops = loops;
        this.shutdownHook = new Thread(this::kill, "busy-cores-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts one busy loop per core of this machine ({@link Runtime#availableProcessors()}). */
    public static BusyCores everyCore() throws IOException {
        return start(Runtime.getRuntime().availableProcessors(), MAX_LIFETIME);
    }

    /**
     * Starts {@code count} busy loops, each a JVM of its own spinning one thread, that exit by
     * themselves after {@code maxLifetime}.
     */
    public static BusyCores start(int count, Duration maxLifetime) throws IOException {
        if (count < 1) throw new IllegalArgumentException("count must be at least 1, was " + count);
        List<Process> started = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                started.add(new ProcessBuilder(command(maxLifetime))
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start());
            }
        } catch (IOException | RuntimeException e) {
            started.forEach(Process::destroyForcibly);
            throw e;
        }
        return new BusyCores(started);
    }

    /** The command line of one busy loop: a small JVM running {@link #main} on this class alone. */
    static List<String> command(Duration maxLifetime) {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx16m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "-cp", ownClassPath(), BusyCores.class.getName(), Long.toString(maxLifetime.toMillis()));
    }

    /** Where this class was loaded from, the only class a busy loop needs. */
    private static String ownClassPath() {
        try {
            return Path.of(BusyCores.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot tell where " + BusyCores.class.getName() + " was loaded from", e);
        }
    }

    /** The PIDs of the busy loops. */
    public List<Long> pids() {
        return loops.stream().map(Process::pid).collect(Collectors.toList());
    }

    /** The CPU time the busy loops have used so far, summed: how much of the machine they took. */
    public Duration cpuTime() {
        Duration total = Duration.ZERO;
        for (Process p : loops) total = total.plus(p.info().totalCpuDuration().orElse(Duration.ZERO));
        return total;
    }

    /** How long since they started. */
    public Duration age() {
        return Duration.ofNanos(System.nanoTime() - startedAt);
    }

    /** What runs, for a test's output: how many, their PIDs, and the CPU time they took so far. */
    @Override
    public String toString() {
        return loops.size() + (loops.size() == 1 ? " busy-loop process" : " busy-loop processes")
                + " (one spinning Java thread each, normal priority, pids " + pids() + ") on " + Runtime.getRuntime().availableProcessors()
                + " cores, " + cpuTime().toMillis() / 1000.0 + " s of CPU in " + age().toMillis() / 1000.0 + " s";
    }

    /** Kills every busy loop by its PID and waits for it to end. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs (or ran) anyway
        }
    }

    private void kill() {
        for (Process p : loops) p.destroyForcibly();
        for (Process p : loops) {
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * One busy loop: spins until {@code args[0]} milliseconds have passed or its stdin closes
     * (its parent is gone), whichever comes first.
     */
    public static void main(String[] args) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Long.parseLong(args[0]));
        Thread parentWatch = new Thread(() -> {
            try (InputStream in = System.in) {
                while (in.read() >= 0) {
                    // nothing is ever written: read returns -1 when the parent's end closes
                }
            } catch (IOException ignored) {
                // the pipe broke: the parent is gone too
            }
            Runtime.getRuntime().halt(0);
        }, "parent-watch");
        parentWatch.setDaemon(true);
        parentWatch.start();
        long x = 1;
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < 1_000_000; i++) x ^= (x << 13) ^ (x >>> 7) ^ (x << 17);
        }
        if (x == 42) System.out.println(x); // keeps the loop from being optimised away
        Runtime.getRuntime().halt(0);
    }
}
