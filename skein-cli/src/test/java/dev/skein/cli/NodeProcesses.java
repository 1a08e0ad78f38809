package dev.skein.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code skein node} processes of a test, each with the environment it is given (no inherited
 * {@code SKEIN_*} variable): started, their output kept, and stopped by {@link #close()}.
 */
final class NodeProcesses implements AutoCloseable {

    /** A started node: its process, its output so far, and its ready line or its end. */
    record Node(Process process, List<String> output, CompletableFuture<String> ready) {

        /** The output so far, one line each. */
        String text() {
            synchronized (output) {
                return String.join("\n", output);
            }
        }
    }

    private final List<Node> started = new ArrayList<>();

    /** Starts {@code skein node ARGS} with {@code environment} added to an environment without SKEIN_* variables. */
    Node start(Map<String, String> environment, String... args) throws Exception {
        return start(environment, List.of(), args);
    }

    /**
     * Starts {@code skein node ARGS} logging as skein.jar does (its logback.xml, not the tests'
     * logback-test.xml), with {@code environment} added to an environment without SKEIN_* variables.
     */
    Node startLoggingAsTheJar(Map<String, String> environment, String... args) throws Exception {
        java.net.URL shipped = Main.class.getResource("/logback.xml");
        if (shipped == null) throw new AssertionError("skein-cli's logback.xml is not on the class path");
        return start(environment, List.of("-Dlogback.configurationFile=" + Path.of(shipped.toURI())), args);
    }

    private Node start(Map<String, String> environment, List<String> jvmOptions, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dskein.discovery.interface=lo", "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir")));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "node"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("SKEIN_"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        Node node = new Node(process, Collections.synchronizedList(new ArrayList<>()), new CompletableFuture<>());
        started.add(node);
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    node.output().add(line);
                    if (line.startsWith("node ")) node.ready().complete(line);
                }
            } catch (java.io.IOException ignored) {
                // it ended
            }
            node.ready().completeExceptionally(new AssertionError("the node ended before it was ready: " + node.text()));
        }, "node-output");
        reader.setDaemon(true);
        reader.start();
        return node;
    }

    /** Waits for {@code node} to end (a refused start) and gives its exit code. */
    static int exitCode(Node node) throws Exception {
        if (!node.process().waitFor(60, TimeUnit.SECONDS)) throw new AssertionError("the node still runs: " + node.text());
        return node.process().exitValue();
    }

    @Override
    public void close() throws Exception {
        for (Node n : started) {
            n.process().destroy();
            if (!n.process().waitFor(15, TimeUnit.SECONDS)) n.process().destroyForcibly().waitFor(15, TimeUnit.SECONDS);
        }
        started.clear();
    }
}
