package dev.skein.mesh.tcp;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the {@code tcp} transport, immutable. Every setting has a default, so {@code tcp://}
 * alone is a working configuration on a LAN that allows multicast.
 *
 * <p>The URI form: {@code tcp://[bind-host][:port]?seeds=h1:p1,h2:p2&multicast=false&interface=lo&group=239.255.43.21&discoveryPort=43210&beacon=1000ms}.
 */
public final class TcpOptions {

    /** The multicast group of discovery beacons (administratively scoped, so routers do not forward it). */
    public static final String DEFAULT_GROUP = "239.255.43.21";
    /** The UDP port discovery beacons are sent to and heard on. */
    public static final int DEFAULT_DISCOVERY_PORT = 43210;
    /** How often a node sends its discovery beacon: every second. */
    public static final Duration DEFAULT_BEACON_INTERVAL = Duration.ofMillis(1000);
    /** System property naming the default discovery interface; the build sets it to {@code lo} for every test. */
    public static final String INTERFACE_PROPERTY = "skein.discovery.interface";
    /** A connection that has not completed its handshake by then is closed. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(5);
    /** Connections accepted but not yet through their handshake, at most, from all addresses. */
    public static final int DEFAULT_MAX_PENDING_HANDSHAKES = 256;
    /** Connections accepted but not yet through their handshake, at most, from one remote address. */
    public static final int DEFAULT_MAX_PENDING_PER_ADDRESS = 32;

    private final String bindHost;
    private final int port;
    private final String advertisedHost;
    private final List<InetSocketAddress> seeds;
    private final boolean multicast;
    private final String networkInterface;
    private final String group;
    private final int discoveryPort;
    private final Duration beaconInterval;
    private final Tls tls;
    private final Duration handshakeTimeout;
    private final int maxPendingHandshakes;
    private final int maxPendingPerAddress;
    private final boolean nativeTransport;
    private final int ioThreads;

    /**
     * The I/O threads of a node by default: one per two processors, one at least and four at most.
     * On a small machine a second loop mostly costs thread hand-offs (a peer's two connections on two
     * loops wake both for one call); measured in docs/BENCHMARKS.md.
     */
    public static final int DEFAULT_IO_THREADS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() / 2));

    /**
     * TLS between nodes, from PEM files.
     *
     * @param certificate this node's certificate chain
     * @param privateKey  its private key (PKCS#8)
     * @param trusted     the CA certificates that peers' certificates must chain to
     * @param mutual      whether a node also requires its peers' client certificates
     */
    public record Tls(Path certificate, Path privateKey, Path trusted, boolean mutual) {
        /** Checks that the three paths are not {@code null}; the files are read when the transport starts. */
        public Tls {
            Objects.requireNonNull(certificate, "certificate");
            Objects.requireNonNull(privateKey, "privateKey");
            Objects.requireNonNull(trusted, "trusted");
        }
    }

    private TcpOptions(Builder b) {
        this.bindHost = b.bindHost;
        this.port = b.port;
        this.advertisedHost = b.advertisedHost;
        this.seeds = List.copyOf(b.seeds);
        this.multicast = b.multicast;
        this.networkInterface = b.networkInterface;
        this.group = b.group;
        this.discoveryPort = b.discoveryPort;
        this.beaconInterval = b.beaconInterval;
        this.tls = b.tls;
        this.handshakeTimeout = b.handshakeTimeout;
        this.maxPendingHandshakes = b.maxPendingHandshakes;
        this.maxPendingPerAddress = b.maxPendingPerAddress;
        this.nativeTransport = b.nativeTransport;
        this.ioThreads = b.ioThreads;
    }

    /** A builder that starts from every default. */
    public static Builder builder() {
        return new Builder();
    }

    /** Every default: an ephemeral port, multicast discovery on {@value #DEFAULT_GROUP}:{@value #DEFAULT_DISCOVERY_PORT}, plain TCP. */
    public static TcpOptions defaults() {
        return builder().build();
    }

    /** Reads the URI form; an unknown parameter or a bad value is an IllegalArgumentException that names it. */
    public static TcpOptions fromUri(URI uri) {
        Builder b = builder();
        if (uri.getHost() != null) b.bindHost(uri.getHost());
        if (uri.getPort() >= 0) b.port(uri.getPort());
        String query = uri.getRawQuery();
        java.util.Map<String, String> tls = new java.util.LinkedHashMap<>();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String key = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "true" : java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
                switch (key) {
                    case "seeds" -> {
                        for (String s : value.split(",")) if (!s.isBlank()) b.seed(parseAddress(s.trim()));
                    }
                    case "multicast" -> b.multicast(parseBoolean(key, value));
                    case "native" -> b.nativeTransport(parseBoolean(key, value));
                    case "ioThreads" -> b.ioThreads(parseInt(key, value));
                    case "interface" -> b.networkInterface(value);
                    case "group" -> b.group(value);
                    case "discoveryPort" -> b.discoveryPort(parseInt(key, value));
                    case "beacon" -> b.beaconInterval(Duration.ofMillis(parseInt(key, value.replace("ms", ""))));
                    case "advertise" -> b.advertisedHost(value);
                    case "handshakeTimeout" -> b.handshakeTimeout(Duration.ofMillis(parseInt(key, value.replace("ms", ""))));
                    case "certificate", "privateKey", "trusted", "mutual" -> tls.put(key, value);
                    case "secret", "password", "credentials" -> throw new IllegalArgumentException("A mesh secret never goes in a "
                            + "transport URI (URIs get logged): use Mesh.builder().credentials(..), or --secret-file / $SKEIN_MESH_SECRET in the CLI");
                    default -> throw new IllegalArgumentException("Unknown tcp transport parameter '" + key + "' in " + uri
                            + "; known: seeds, multicast, interface, group, discoveryPort, beacon, advertise, handshakeTimeout, native, "
                            + "ioThreads, certificate, privateKey, trusted, mutual");
                }
            }
        }
        if (!tls.isEmpty()) b.tls(tls(tls, uri));
        return b.build();
    }

    /** TLS from the URI's {@code certificate}, {@code privateKey} and {@code trusted} (PEM files, all three) and {@code mutual}. */
    private static Tls tls(java.util.Map<String, String> given, URI uri) {
        java.util.List<String> missing = new java.util.ArrayList<>();
        for (String key : java.util.List.of("certificate", "privateKey", "trusted")) if (!given.containsKey(key)) missing.add(key);
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("TLS between nodes needs the tcp transport parameters certificate, privateKey and trusted "
                    + "(PEM files); " + uri.getScheme() + "://" + " is missing " + String.join(", ", missing));
        }
        boolean mutual = parseBoolean("mutual", given.getOrDefault("mutual", "false"));
        return new Tls(Path.of(given.get("certificate")), Path.of(given.get("privateKey")), Path.of(given.get("trusted")), mutual);
    }

    /** {@code true} or {@code false} (a parameter without a value is true); anything else, {@code flase} say, is refused naming {@code key}. */
    private static boolean parseBoolean(String key, String value) {
        if (value.equals("true") || value.equals("false")) return Boolean.parseBoolean(value);
        throw new IllegalArgumentException("tcp transport parameter '" + key + "' must be true or false, got '" + value + "'");
    }

    private static int parseInt(String key, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("tcp transport parameter '" + key + "' must be a number, got '" + value + "'");
        }
    }

    /** {@code host:port} as an unresolved address. */
    public static InetSocketAddress parseAddress(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) throw new IllegalArgumentException("A seed must be host:port, got '" + hostPort + "'");
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        int port = parseInt("seed port", hostPort.substring(colon + 1));
        if (port < 1 || port > 65535) throw new IllegalArgumentException("tcp transport parameter 'seed port' must be 1..65535, got " + port + " in '" + hostPort + "'");
        return InetSocketAddress.createUnresolved(host, port);
    }

    /** The address to listen on, or null for the discovery interface's address (or all interfaces). */
    public String bindHost() {
        return bindHost;
    }

    /** The port to listen on; 0 (default) takes a free one. */
    public int port() {
        return port;
    }

    /** The host other nodes are told to connect to, or null to derive it. */
    public String advertisedHost() {
        return advertisedHost;
    }

    /** The nodes to connect to at start, unresolved until then; empty when there are none. */
    public List<InetSocketAddress> seeds() {
        return seeds;
    }

    /** Whether the node finds others with multicast beacons and sends its own. */
    public boolean multicast() {
        return multicast;
    }

    /** The interface of multicast discovery, or null for the system's default. */
    public String networkInterface() {
        return networkInterface;
    }

    /** The multicast group of discovery beacons. */
    public String group() {
        return group;
    }

    /** The UDP port of discovery beacons. */
    public int discoveryPort() {
        return discoveryPort;
    }

    /** How often the node sends its discovery beacon. */
    public Duration beaconInterval() {
        return beaconInterval;
    }

    /** TLS settings, or null for plain TCP. */
    public Tls tls() {
        return tls;
    }

    /** How long a new connection has to complete its handshake before it is closed. */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /** How many accepted connections may be in their handshake at once, from all addresses. */
    public int maxPendingHandshakes() {
        return maxPendingHandshakes;
    }

    /** How many accepted connections may be in their handshake at once from one remote address. */
    public int maxPendingPerAddress() {
        return maxPendingPerAddress;
    }

    /** Whether connections use Netty's native epoll transport when it loads (Linux); the JDK's NIO otherwise. */
    public boolean nativeTransport() {
        return nativeTransport;
    }

    /** How many threads do the node's network I/O (its event loops), {@link #DEFAULT_IO_THREADS} unless set. */
    public int ioThreads() {
        return ioThreads;
    }

    /** Builds {@link TcpOptions}. */
    public static final class Builder {
        private String bindHost;
        private int port;
        private String advertisedHost;
        private final List<InetSocketAddress> seeds = new ArrayList<>();
        private boolean multicast = true;
        private String networkInterface = System.getProperty(INTERFACE_PROPERTY);
        private String group = DEFAULT_GROUP;
        private int discoveryPort = DEFAULT_DISCOVERY_PORT;
        private Duration beaconInterval = DEFAULT_BEACON_INTERVAL;
        private Tls tls;
        private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
        private int maxPendingHandshakes = DEFAULT_MAX_PENDING_HANDSHAKES;
        private int maxPendingPerAddress = DEFAULT_MAX_PENDING_PER_ADDRESS;
        private boolean nativeTransport = true;
        private int ioThreads = DEFAULT_IO_THREADS;

        private Builder() {
        }

        /**
         * How many threads do the node's network I/O (URI {@code ioThreads=}; by default one per two
         * processors, 1 to 4). Both connections with one peer share a loop where the node can place
         * them so, so a callback that sends the next call from the loop that read the last answer
         * ({@code directCallbacks}) writes without waking another thread.
         */
        public Builder ioThreads(int threads) {
            if (threads < 1 || threads > 64) throw new IllegalArgumentException("ioThreads must be between 1 and 64, got " + threads);
            this.ioThreads = threads;
            return this;
        }

        /**
         * Whether to use Netty's native epoll transport when it loads (on by default; URI
         * {@code native=false} turns it off). Where it does not load (not Linux, or the
         * {@code netty-transport-native-epoll} jar excluded), the JDK's NIO is used either way.
         */
        public Builder nativeTransport(boolean nativeTransport) {
            this.nativeTransport = nativeTransport;
            return this;
        }

        /** How long a new connection has to complete its handshake ({@link #DEFAULT_HANDSHAKE_TIMEOUT}). */
        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * Caps on accepted connections still in their handshake: in all, and from one remote address
         * ({@link #DEFAULT_MAX_PENDING_HANDSHAKES}, {@link #DEFAULT_MAX_PENDING_PER_ADDRESS}). A
         * connection beyond either is closed at once; connections through their handshake are not counted.
         */
        public Builder maxPendingHandshakes(int inAll, int perAddress) {
            this.maxPendingHandshakes = inAll;
            this.maxPendingPerAddress = perAddress;
            return this;
        }

        /** The address to listen on; {@code null} (the default) for the discovery interface's address, or all interfaces. */
        public Builder bindHost(String host) {
            this.bindHost = host;
            return this;
        }

        /** The port to listen on, 0..65535 (checked in {@link #build()}); 0, the default, takes a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The host other nodes are told to connect to (behind NAT, in a container); {@code null}, the default, derives it from the bound address. */
        public Builder advertisedHost(String host) {
            this.advertisedHost = host;
            return this;
        }

        /** A node to connect to at start, for networks without multicast. */
        public Builder seed(InetSocketAddress address) {
            this.seeds.add(Objects.requireNonNull(address, "address"));
            return this;
        }

        /**
         * A node to connect to at start, as {@code host:port} ({@code [v6]:port} for IPv6).
         *
         * @throws IllegalArgumentException when it is not {@code host:port}
         */
        public Builder seed(String hostPort) {
            return seed(parseAddress(hostPort));
        }

        /** Whether to find other nodes with multicast beacons; on by default, off where the network drops multicast (then give seeds). */
        public Builder multicast(boolean multicast) {
            this.multicast = multicast;
            return this;
        }

        /**
         * The interface of multicast discovery, by name ({@code eth0}, {@code lo}); by default the
         * system property {@value #INTERFACE_PROPERTY}, else {@code null}, the system's default.
         */
        public Builder networkInterface(String name) {
            this.networkInterface = name;
            return this;
        }

        /** The multicast group of discovery beacons; {@value #DEFAULT_GROUP} by default. Nodes must agree. */
        public Builder group(String group) {
            this.group = Objects.requireNonNull(group, "group");
            return this;
        }

        /** The UDP port of discovery beacons, 1..65535; {@value #DEFAULT_DISCOVERY_PORT} by default. Nodes must agree. */
        public Builder discoveryPort(int port) {
            this.discoveryPort = port;
            return this;
        }

        /** How often to send the discovery beacon; positive, {@link #DEFAULT_BEACON_INTERVAL} by default. */
        public Builder beaconInterval(Duration interval) {
            this.beaconInterval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        /** TLS between nodes; {@code null}, the default, for plain TCP. */
        public Builder tls(Tls tls) {
            this.tls = tls;
            return this;
        }

        /**
         * The options.
         *
         * @throws IllegalArgumentException for a port, discovery port, interval, timeout or cap out of range
         */
        public TcpOptions build() {

            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("the tcp transport's port (tcp://host:PORT) must be 0..65535, got " + port);
            }
            if (discoveryPort < 1 || discoveryPort > 65535) {
                throw new IllegalArgumentException("discoveryPort must be 1..65535, got " + discoveryPort);
            }
            if (beaconInterval.isNegative() || beaconInterval.isZero()) throw new IllegalArgumentException("beacon interval must be positive");
            if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) throw new IllegalArgumentException("handshake timeout must be positive");
            if (maxPendingHandshakes < 1 || maxPendingPerAddress < 1) {
                throw new IllegalArgumentException("the caps on pending handshakes must be at least 1, got " + maxPendingHandshakes
                        + " and " + maxPendingPerAddress);
            }
            return new TcpOptions(this);
        }
    }
}
