package dev.skein.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Redis, NATS and RabbitMQ that the broker tests of a test JVM share. Each is the machine's, on
 * its standard port of 127.0.0.1 (6379, 4222, 5672; CI starts them with {@code .ci/brokers.sh}),
 * when something answers there; otherwise one of this JVM's own, started from the broker's program
 * ({@code redis-server}, {@code nats-server}, {@code rabbitmq-server}) on a spare port the first
 * time a test asks for it, and stopped when the JVM exits.
 *
 * <p>{@value #MODE_PROPERTY}{@code =own} starts the JVM's own even where the machine's answer
 * ({@code auto}, the default, uses the machine's). Thread-safe.
 */
public final class SharedBrokers {

    /** The system property that chooses: {@code auto} (the default) or {@code own}. */
    public static final String MODE_PROPERTY = "skein.test.brokers";

    private enum Broker {
        REDIS("Redis", 6379, "redis-server", "redis://127.0.0.1:"),
        NATS("NATS", 4222, "nats-server", "nats://127.0.0.1:"),
        RABBITMQ("RabbitMQ", 5672, "rabbitmq-server", "amqp://guest:guest@127.0.0.1:");

        final String title;
        final int standardPort;
        /** The broker's program, and Debian's package of it. */
        final String program;
        final String uriBeforePort;

        Broker(String title, int standardPort, String program, String uriBeforePort) {
            this.title = title;
            this.standardPort = standardPort;
            this.program = program;
            this.uriBeforePort = uriBeforePort;
        }

        BrokerProcess ownProcess() throws IOException {
            return switch (this) {
                case REDIS -> new BrokerProcess("redis-shared", p -> List.of("redis-server", "--bind", "127.0.0.1",
                        "--port", String.valueOf(p), "--save", "", "--appendonly", "no"));
                case NATS -> new BrokerProcess("nats-shared", p -> List.of("nats-server", "-a", "127.0.0.1", "-p", String.valueOf(p)));
                case RABBITMQ -> RabbitNodes.node("rabbitmq-shared", p -> "listeners.tcp.local = 127.0.0.1:" + p + "\n");
            };
        }
    }

    private static final Map<Broker, Integer> PORTS = new EnumMap<>(Broker.class);

    private SharedBrokers() {
    }

    /** {@code redis://127.0.0.1:PORT} of the shared Redis; starts the JVM's own when none answers on 6379. */
    public static String redis() {
        return Broker.REDIS.uriBeforePort + port(Broker.REDIS);
    }

    /** {@code nats://127.0.0.1:PORT} of the shared NATS; starts the JVM's own when none answers on 4222. */
    public static String nats() {
        return Broker.NATS.uriBeforePort + port(Broker.NATS);
    }

    /** {@code amqp://guest:guest@127.0.0.1:PORT} of the shared RabbitMQ; starts the JVM's own when none answers on 5672. */
    public static String amqp() {
        return Broker.RABBITMQ.uriBeforePort + port(Broker.RABBITMQ);
    }

    /**
     * {@code text} (a command line, a URI) with each standard broker address it names,
     * {@code 127.0.0.1:6379}, {@code :4222} or {@code :5672}, moved to the shared broker's; only the
     * brokers it names are started.
     */
    public static String moved(String text) {
        for (Broker broker : Broker.values()) {
            Matcher m = Pattern.compile("127\\.0\\.0\\.1:" + broker.standardPort + "(?!\\d)").matcher(text);
            if (m.find()) text = m.replaceAll("127.0.0.1:" + port(broker));
        }
        return text;
    }

    /** Whether the JVM starts brokers of its own whatever answers on the standard ports ({@value #MODE_PROPERTY}). */
    static boolean ownOnly() {
        String mode = System.getProperty(MODE_PROPERTY, "auto");
        return switch (mode) {
            case "auto" -> false;
            case "own" -> true;
            default -> throw new IllegalArgumentException("-D" + MODE_PROPERTY + "=" + mode + " is neither auto (the machine's brokers "
                    + "where they answer on their standard ports, else the test JVM's own) nor own (always the test JVM's own)");
        };
    }

    private static synchronized int port(Broker broker) {
        Integer known = PORTS.get(broker);
        if (known != null) return known;
        int port = !ownOnly() && answers(broker.standardPort) ? broker.standardPort : startOwn(broker);
        PORTS.put(broker, port);
        return port;
    }

    private static int startOwn(Broker broker) {
        BrokerProcess process = null;
        try {
            process = broker.ownProcess();
            process.start();
        } catch (IOException e) {
            stopQuietly(process);
            throw new IllegalStateException(broker.title + " does not answer on 127.0.0.1:" + broker.standardPort
                    + (ownOnly() ? " (not asked: -D" + MODE_PROPERTY + "=own)" : "")
                    + ", and one of the tests' own could not be started from " + broker.program + ": " + e.getMessage()
                    + "\nInstall it (Debian: apt-get install " + broker.program + ") with " + broker.program
                    + " on the PATH, or start " + broker.title + " on 127.0.0.1:" + broker.standardPort
                    + " (as root: bash .ci/brokers.sh does both)", e);
        } catch (InterruptedException e) {
            stopQuietly(process);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + broker.title + " started", e);
        }
        BrokerProcess started = process;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopQuietly(started), "skein-stop-" + broker.program));
        System.out.println("SharedBrokers: " + broker.program + " of the test JVM's own on 127.0.0.1:" + started.port()
                + (ownOnly() ? " (-D" + MODE_PROPERTY + "=own)" : " (nothing answers on " + broker.standardPort + ")"));
        return started.port();
    }

    private static void stopQuietly(BrokerProcess process) {
        if (process == null) return;
        try {
            process.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException ignored) {
            // still answering after it was stopped: nothing more to do at exit
        }
    }

    private static boolean answers(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
