package dev.skein.amqp;

import dev.skein.testkit.BrokerFaults;
import dev.skein.testkit.BrokerProcess;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** RabbitMQ stopped and restarted mid-traffic: a RabbitMQ node of the test's own, on spare ports, with its own data folder. */
class AmqpFaultsTest extends BrokerFaults {

    @Override
    protected BrokerProcess broker() throws Exception {
        Path base = Files.createTempDirectory("skein-rabbit");
        // Debian's rabbitmq-server drops to the rabbitmq user when started as root: let it write here
        base.toFile().setWritable(true, false);
        base.toFile().setExecutable(true, false);
        return new BrokerProcess("rabbitmq", port -> List.of("env",
                "RABBITMQ_CONFIG_FILE=" + config(base, port),
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
                "rabbitmq-server"));
    }

    /** The machine's rabbitmq.conf pins port 5672: this node gets a config of its own. */
    private static String config(Path base, int port) {
        Path file = base.resolve("rabbitmq.conf");
        try {
            Files.writeString(file, "listeners.tcp.local = 127.0.0.1:" + port + "\nloopback_users.guest = true\n");
            file.toFile().setReadable(true, false);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return file.toString();
    }

    @Override
    protected String transport(int port) {
        return "amqp://guest:guest@127.0.0.1:" + port;
    }
}
