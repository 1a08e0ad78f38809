package dev.skein.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * CPU used during a scenario, from Linux's {@code /proc}: by this JVM, by the server JVM, and by
 * every other process of the machine, in percent of one core. Tells whether a scenario was bound
 * by CPU and whether something else on the machine took some. Answers nothing off Linux.
 */
final class CpuMeter {

    private final long serverPid;
    private final long[] machine0;
    private final long client0;
    private final long server0;
    private final long switches0;
    private final java.util.Map<String, Long> threads0;

    private CpuMeter(long serverPid) {
        this.serverPid = serverPid;
        this.machine0 = machine();
        this.client0 = process(ProcessHandle.current().pid());
        this.server0 = process(serverPid);
        this.switches0 = switches(ProcessHandle.current().pid()) + switches(serverPid);
        this.threads0 = threads(serverPid);
    }

    /**
     * The context switches since the start per call, by thread ("client skein-tcp-io-3-1 1.02"),
     * the threads with at least 0.05 per call, most first: where a call's thread hand-offs happen.
     */
    String switchesByThread(long calls) {
        java.util.Map<String, Double> perCall = new java.util.HashMap<>(); // by "side name": a pool's threads share a name
        threads(serverPid).forEach((thread, n) -> {
            String[] sideTidName = thread.split(" ", 3);
            double delta = (n - threads0.getOrDefault(thread, 0L)) / (double) Math.max(1, calls);
            perCall.merge(sideTidName[0] + " " + sideTidName[2], delta, Double::sum);
        });
        StringBuilder b = new StringBuilder();
        perCall.entrySet().stream().filter(e -> e.getValue() >= 0.05).sorted(java.util.Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> b.append(b.length() == 0 ? "" : ", ").append(e.getKey()).append(String.format(Locale.ROOT, " %.2f", e.getValue())));
        return b.toString();
    }

    /** Switches so far of every thread of both JVMs, keyed "client|server tid name". */
    private static java.util.Map<String, Long> threads(long serverPid) {
        java.util.Map<String, Long> all = new java.util.HashMap<>();
        threads("client", ProcessHandle.current().pid(), all);
        threads("server", serverPid, all);
        return all;
    }

    private static void threads(String side, long pid, java.util.Map<String, Long> into) {
        try (var tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    long sum = 0;
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:") || line.startsWith("nonvoluntary_ctxt_switches:")) {
                            sum += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                    String name = Files.readString(task.resolve("comm")).trim().replaceAll("[0-9]+$", "N");
                    into.put(side + " " + task.getFileName() + " " + name, sum);
                } catch (IOException ended) {
                    // the thread ended while it was read
                }
            }
        } catch (IOException | RuntimeException e) {
            // off Linux: nothing to say
        }
    }

    /**
     * Context switches of both JVMs' threads since the start, voluntary and not: each thread
     * hand-off on the call path costs at least one (the woken thread's), so per call this counts
     * the hand-offs. Threads that ended meanwhile are not counted; -1 off Linux.
     */
    long switchesSinceStart() {
        long now = switches(ProcessHandle.current().pid()) + switches(serverPid);
        return now < 0 || switches0 < 0 ? -1 : now - switches0;
    }

    private static long switches(long pid) {
        try (var tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            long sum = 0;
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:") || line.startsWith("nonvoluntary_ctxt_switches:")) {
                            sum += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                } catch (IOException ended) {
                    // the thread ended while it was read
                }
            }
            return sum;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static CpuMeter start(long serverPid) {
        return new CpuMeter(serverPid);
    }

    /** "95 / 80 / 3": percent of one core used by this JVM, the server and all other processes; "" off Linux. */
    String stop() {
        long[] machine1 = machine();
        long client1 = process(ProcessHandle.current().pid());
        long server1 = process(serverPid);
        if (machine0 == null || machine1 == null || client0 < 0 || client1 < 0 || server0 < 0 || server1 < 0) return "";
        long total = machine1[0] - machine0[0];
        long busy = machine1[1] - machine0[1];
        if (total <= 0) return "";
        int cores = Runtime.getRuntime().availableProcessors();
        double scale = 100.0 * cores / total;
        long client = client1 - client0;
        long server = server1 - server0;
        long others = Math.max(0, busy - client - server);
        return String.format(Locale.ROOT, "%.0f / %.0f / %.0f", client * scale, server * scale, others * scale);
    }

    /** {total, busy} jiffies of the whole machine. */
    private static long[] machine() {
        try {
            String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = first.trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) total += Long.parseLong(f[i]); // user..steal
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[] {total, total - idle};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** utime + stime of a process in jiffies, or -1. */
    private static long process(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
