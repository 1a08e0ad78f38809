package dev.skein.testkit.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A {@link ReliabilityServerMain} in its own JVM: started, stopped gracefully, killed, frozen and thawed by its PID. */
final class NodeProcess implements AutoCloseable {

    private final Process process;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    final String nodeId;

    NodeProcess(String namespace, String transport) throws Exception {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "-Dskein.discovery.interface=" + System.getProperty("skein.discovery.interface", "lo"),
                "-Djava.net.preferIPv4Stack=true", "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                ReliabilityServerMain.class.getName(), namespace, transport)
                .redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) lines.add(line);
            } catch (IOException ignored) {
                // the process ended
            }
        }, "node-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        nodeId = awaitReady();
    }

    private String awaitReady() throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < until) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line != null && line.startsWith("READY ")) return line.substring(6);
        }
        process.destroyForcibly();
        throw new AssertionError("the node process never became ready");
    }

    /** SIGKILL. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    /** Closes its stdin: it leaves the mesh gracefully and exits. */
    void stop() throws Exception {
        process.getOutputStream().close();
        if (!process.waitFor(20, TimeUnit.SECONDS)) process.destroyForcibly();
    }

    void freeze() throws Exception {
        signal("STOP");
    }

    void thaw() throws Exception {
        signal("CONT");
    }

    private void signal(String name) throws Exception {
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                signal("CONT");
            } catch (Exception ignored) {
                // it is killed below anyway
            }
            process.destroyForcibly();
        }
    }
}
