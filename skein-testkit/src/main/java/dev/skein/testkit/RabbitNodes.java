package dev.skein.testkit;

import dev.skein.testguard.TestFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntFunction;

/** RabbitMQ nodes of a test's own: spare ports, their own data folder and config file. */
public final class RabbitNodes {

    /** How long a node may take to start: RabbitMQ boots an Erlang VM, far slower than Redis or NATS. */
    public static final java.time.Duration START_WITHIN = java.time.Duration.ofSeconds(90);

    private RabbitNodes() {
    }

    /**
     * A node, not started, whose rabbitmq.conf is {@code config} of its AMQP port (the machine's
     * rabbitmq.conf pins port 5672, so every node gets a config of its own).
     */
    public static BrokerProcess node(String name, IntFunction<String> config) throws IOException {
        Path base = TestFiles.deleteAtExit(Files.createTempDirectory("skein-rabbit"));
        // Debian's rabbitmq-server drops to the rabbitmq user when started as root: let it write here
        base.toFile().setWritable(true, false);
        base.toFile().setExecutable(true, false);
        return new BrokerProcess(name, port -> List.of("env",
                "RABBITMQ_CONFIG_FILE=" + write(base.resolve("rabbitmq.conf"), config.apply(port)),
                "RABBITMQ_NODENAME=skein" + port + "@localhost",
                "RABBITMQ_NODE_IP_ADDRESS=127.0.0.1",
                "RABBITMQ_NODE_PORT=" + port,
                "RABBITMQ_DIST_PORT=" + (port % 20000 + 30000),
                "RABBITMQ_MNESIA_BASE=" + base.resolve("mnesia"),
                "RABBITMQ_LOG_BASE=" + base.resolve("log"),
                "RABBITMQ_ENABLED_PLUGINS_FILE=" + base.resolve("enabled_plugins"),
                "RABBITMQ_FEATURE_FLAGS_FILE=" + base.resolve("feature_flags"),
                "ERL_CRASH_DUMP=" + base.resolve("erl_crash.dump"),
                "RABBITMQ_SERVER_START_ARGS=-kernel inet_dist_use_interface {127,0,0,1}",
                "rabbitmq-server"), START_WITHIN);
    }

    private static String write(Path file, String content) {
        try {
            Files.writeString(file, content);
            file.toFile().setReadable(true, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file.toString();
    }
}
