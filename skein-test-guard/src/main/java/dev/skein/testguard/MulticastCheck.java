package dev.skein.testguard;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

/**
 * Fails every test class of a test JVM at once, saying what to do, when multicast does not work on
 * the interface the build gives discovery ({@value #INTERFACE_PROPERTY}, {@code lo}): the tests'
 * nodes find each other by multicast there, and without it they would wait for each other until
 * their timeouts. Checked once per JVM, in the modules with the mesh on their class path, by
 * sending a datagram to the discovery group on that interface and receiving it back, as the mesh's
 * discovery does. The build registers it for every test class, beside {@link LeftoverFilesGuard}.
 */
public final class MulticastCheck implements BeforeAllCallback {

    /** The system property that names the interface of multicast discovery (the mesh reads it too). */
    public static final String INTERFACE_PROPERTY = "skein.discovery.interface";

    /** How long the datagram may take to come back: on a working interface it is there at once. */
    public static final Duration WITHIN = Duration.ofSeconds(3);

    /** The mesh's default discovery group ({@code TcpOptions.DEFAULT_GROUP}); the port is a spare one. */
    private static final String GROUP = "239.255.43.21";

    /** A class of the mesh's tcp transport: where it is absent, no test discovers by multicast. */
    private static final String MULTICAST_USER = "dev.skein.mesh.tcp.TcpTransport";

    private static Optional<String> problem;

    @Override
    public void beforeAll(ExtensionContext context) {
        problemOfThisJvm().ifPresent(p -> {
            throw new AssertionError(p);
        });
    }

    private static synchronized Optional<String> problemOfThisJvm() {
        if (problem == null) {
            String name = System.getProperty(INTERFACE_PROPERTY, "");
            problem = name.isEmpty() || !onClassPath(MULTICAST_USER) ? Optional.empty() : problemWith(name);
        }
        return problem;
    }

    /**
     * Why multicast discovery cannot work on the interface {@code name}, with what to do about it;
     * empty when a datagram sent to the discovery group on it comes back within {@link #WITHIN}.
     */
    public static Optional<String> problemWith(String name) {
        NetworkInterface nic;
        try {
            nic = NetworkInterface.getByName(name);
        } catch (SocketException e) {
            nic = null;
        }
        String where = "the interface the tests' nodes find each other on (-D" + INTERFACE_PROPERTY + "=" + name + ")";
        if (nic == null) return Optional.of("There is no network interface " + name + ", " + where + ": name one that exists");
        String failure;
        try {
            failure = roundTrip(nic);
        } catch (IOException e) {
            failure = e.toString();
        }
        if (failure == null) return Optional.empty();
        return Optional.of("Multicast does not work on " + name + ", " + where + ": " + failure + ". " + advice(nic));
    }

    /** Null when a datagram sent to the group on {@code nic} comes back; else what went wrong. */
    private static String roundTrip(NetworkInterface nic) throws IOException {
        InetAddress group = InetAddress.getByName(GROUP);
        try (DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET); Selector selector = Selector.open()) {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(new InetSocketAddress(0));
            channel.setOption(StandardSocketOptions.IP_MULTICAST_IF, nic);
            channel.setOption(StandardSocketOptions.IP_MULTICAST_TTL, 1);
            channel.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
            channel.join(group, nic);
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            byte[] token = UUID.randomUUID().toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            channel.send(ByteBuffer.wrap(token), new InetSocketAddress(group, ((InetSocketAddress) channel.getLocalAddress()).getPort()));
            ByteBuffer in = ByteBuffer.allocate(64);
            long until = System.nanoTime() + WITHIN.toNanos();
            while (true) {
                in.clear();
                if (channel.receive(in) != null && Arrays.equals(Arrays.copyOf(in.array(), in.position()), token)) return null;
                long left = until - System.nanoTime();
                if (left <= 0) break;
                selector.select(Math.max(1, left / 1_000_000));
                selector.selectedKeys().clear();
            }
            return "a datagram sent to " + GROUP + " on it did not come back within " + WITHIN.toSeconds() + " s";
        }
    }

    private static String advice(NetworkInterface nic) {
        boolean multicastFlag;
        boolean up;
        try {
            multicastFlag = nic.supportsMulticast();
            up = nic.isUp();
        } catch (SocketException e) {
            return "Check it with: ip link show " + nic.getName();
        }
        if (!up) return nic.getName() + " is down: bring it up (as root: ip link set " + nic.getName() + " up)";
        if (!multicastFlag) {
            return nic.getName() + " has multicast off: turn it on (as root: ip link set " + nic.getName()
                    + " multicast on; .ci/run does it) and run the tests again";
        }
        return nic.getName() + " has multicast on (ip link show " + nic.getName() + "), so something drops the datagrams: "
                + "look for a firewall rule on " + GROUP + " or 224.0.0.0/4";
    }

    private static boolean onClassPath(String className) {
        try {
            Class.forName(className, false, MulticastCheck.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
