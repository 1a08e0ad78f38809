package dev.skein.testkit;

import dev.skein.testguard.TestFiles;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * A broker process of a test's own, on a spare port on 127.0.0.1, so a fault test can stop and
 * restart it without disturbing the shared brokers. Closing ends the process.
 */
public final class BrokerProcess implements AutoCloseable {

    /** How long {@link #start()} waits for the port to answer, unless the broker was given another allowance. */
    public static final Duration DEFAULT_START_WITHIN = Duration.ofSeconds(20);

    private final String name;
    private final IntFunction<List<String>> command;
    private final Duration startWithin;
    private final int port;
    private Process process;

    /** @param command the command line for a port, e.g. {@code p -> List.of("nats-server", "-a", "127.0.0.1", "-p", "" + p)} */
    public BrokerProcess(String name, IntFunction<List<String>> command) throws IOException {
        this(name, command, DEFAULT_START_WITHIN);
    }

    /** As {@link #BrokerProcess(String, IntFunction)}, for a broker that may take {@code startWithin} to answer. */
    public BrokerProcess(String name, IntFunction<List<String>> command, Duration startWithin) throws IOException {
        this.name = name;
        this.command = command;
        this.startWithin = startWithin;
        this.port = freePort();
    }

    /** The port on 127.0.0.1 the broker listens on, chosen free when this was made; the same across restarts. */
    public int port() {
        return port;
    }

    /** Starts the broker and waits (at most its start allowance, 20 s by default) until its port answers. */
    public BrokerProcess start() throws IOException, InterruptedException {
        File log = new File(System.getProperty("java.io.tmpdir"), "skein-" + name + "-" + port + ".log");
        TestFiles.deleteAtExit(log.toPath());
        process = new ProcessBuilder(command.apply(port)).redirectErrorStream(true).redirectOutput(log).start();
        long until = System.nanoTime() + startWithin.toNanos();
        while (System.nanoTime() < until) {
            if (!process.isAlive()) {
                throw new IOException(name + " exited at start with code " + process.exitValue() + "; its output ended with:\n" + tail(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return this;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IOException(name + " did not answer on 127.0.0.1:" + port + " within " + startWithin.toSeconds()
                + " s; its output ended with:\n" + tail(log));
    }

    private static String tail(File log) {
        try {
            List<String> lines = Files.readAllLines(log.toPath(), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "(" + log + " cannot be read: " + e + ")";
        }
    }

    /**
     * Stops the broker and every process it started (a wrapper script may start the real server
     * as a child: SIGTERM to all, SIGKILL after 10 s), then checks that its port no longer answers.
     *
     * @throws IllegalStateException when the port still answers: a fault test would test nothing
     */
    public void stop() throws InterruptedException {
        if (process == null) return;
        List<ProcessHandle> tree = new java.util.ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (ProcessHandle p : tree) {
            while (p.isAlive() && System.nanoTime() < until) Thread.sleep(20);
            if (p.isAlive()) p.destroyForcibly();
        }
        process = null;
        long closedBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (answers() && System.nanoTime() < closedBy) Thread.sleep(50);
        if (answers()) throw new IllegalStateException(name + " still answers on 127.0.0.1:" + port + " after it was stopped");
    }

    private boolean answers() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /** A port nothing listens on now, on 127.0.0.1. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
