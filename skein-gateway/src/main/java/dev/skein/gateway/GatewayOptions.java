package dev.skein.gateway;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The settings of a gateway, immutable. Built by {@link Gateway.Builder}; every default is a public
 * constant of {@link Gateway}.
 *
 * @param host            the address to listen on
 * @param port            the port (0: any free one)
 * @param maxBody         largest request body, WebSocket message or Socket.IO packet, in bytes ({@link Gateway#DEFAULT_MAX_BODY}); 0: the mesh's largest frame
 * @param expose          which service paths are reachable under their own path
 * @param mounts          public path to service path, for services reachable under another path
 * @param publisher       which WebSocket connections hear which events; null: the default, chosen per event
 * @param staticRoot      a folder of static files, or null
 * @param staticResources a class-path prefix of static files, or null
 * @param operations      whether it serves {@code /health}, {@code /health/live}, {@code /health/ready}, {@code /fleet} and {@code /metrics}
 * @param dashboard       the path of the live fleet dashboard (without slashes), or null for none
 * @param cors            which other origins may call it from a browser, or null for its own origin only
 * @param socketIo        whether it serves Socket.IO at {@code /socket.io/} (Feathers' realtime clients)
 * @param brokered        public path to the rule of a brokered service (its methods and version range)
 * @param limits          what one client may hold of the gateway: connections, time, JSON depth
 * @param access          who may reach it: the host names it answers, the operations token, whether an open mesh is accepted
 * @param discovery       how long it waits for the mesh: for a path while it settles, for an instance of a path that has none
 */
public record GatewayOptions(String host, int port, int maxBody, Predicate<String> expose, Map<String, String> mounts,
                             Publisher publisher, Path staticRoot, String staticResources, boolean operations, String dashboard,
                             Cors cors, boolean socketIo, Map<String, Brokered> brokered, Limits limits, Access access,
                             Discovery discovery) {

    /** {@link Gateway#ANY_HOST}, here so that the settings do not read the façade. */
    static final String ANY_HOST = "*";

    /**
     * Checks the settings as {@link Gateway.Builder#build()} does: settings made with this
     * constructor cannot hold what the builder refuses.
     *
     * @throws IllegalArgumentException for a port outside 0..65535 or a negative body limit
     */
    public GatewayOptions {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535, got " + port);
        if (maxBody < 0) throw new IllegalArgumentException("maxBodySize must be positive (0: the mesh's frame size), got " + maxBody);
        Objects.requireNonNull(expose, "expose");
        mounts = Map.copyOf(mounts);
        brokered = Map.copyOf(brokered);
        staticRoot = staticRoot == null ? null : staticRoot.toAbsolutePath().normalize();
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(discovery, "discovery");
    }

    /**
     * What the gateway lets one client hold, so that no client exhausts it before it logs in (each
     * default is a public constant of {@link Gateway}).
     *
     * @param maxConnections           open connections in all; more are answered 503 and closed at once (0: no cap)
     * @param maxConnectionsPerAddress open connections from one remote address; more are answered 503 and closed (0: no cap)
     * @param idleTimeout              how long a connection may wait between requests, or a WebSocket between frames
     *                                 (it is pinged halfway), before it is closed
     * @param headersTimeout           from a request's first byte to the end of its headers; later: 408 and closed
     * @param bodyTimeout              from the end of a request's headers to the end of its body; later: 408 and closed
     * @param maxJsonDepth             the deepest nesting of arrays and objects read from any client (REST, WebSocket, Socket.IO)
     */
    public record Limits(int maxConnections, int maxConnectionsPerAddress, java.time.Duration idleTimeout,
                         java.time.Duration headersTimeout, java.time.Duration bodyTimeout, int maxJsonDepth) {

        /**
         * Checks the limits as {@link Gateway.Builder#build()} does.
         *
         * @throws IllegalArgumentException for a negative cap, a timeout that is not positive, or a depth below 1
         */
        public Limits {
            if (maxConnections < 0) throw new IllegalArgumentException("maxConnections must be 0 (no cap) or more, got " + maxConnections);
            if (maxConnectionsPerAddress < 0) {
                throw new IllegalArgumentException("maxConnectionsPerAddress must be 0 (no cap) or more, got " + maxConnectionsPerAddress);
            }
            positive("idleTimeout", idleTimeout);
            positive("headersTimeout", headersTimeout);
            positive("bodyTimeout", bodyTimeout);
            if (maxJsonDepth < 1) throw new IllegalArgumentException("maxJsonDepth must be 1 or more, got " + maxJsonDepth);
        }

        private static void positive(String name, java.time.Duration d) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }

    /** The same settings with another body limit (the mesh's, resolved when the gateway is configured). */
    GatewayOptions withMaxBody(int bytes) {
        return new GatewayOptions(host, port, bytes, expose, mounts, publisher, staticRoot, staticResources, operations, dashboard, cors,
                socketIo, brokered, limits, access, discovery);
    }

    /**
     * How long the gateway waits for services of the mesh before it answers that they are not
     * there (docs/GATEWAY.md, "While it settles and after a service leaves"); each default is a
     * public constant of {@link Gateway}. Without a mesh on the app (configured before the gateway)
     * neither applies.
     *
     * @param settleWindow     from the gateway's start, its first discovery round: a request for a path no
     *                         service is known at waits until the path appears or the window ends (then 404),
     *                         instead of answering 404 at once; zero for no window
     * @param unavailableAfter how long a call to a remote path with no instance known waits for one (at least
     *                         until the settle window ends, never longer than the mesh's call timeout) before
     *                         the gateway answers 503 {@code Unavailable} with {@code Retry-After}; zero: at once
     */
    public record Discovery(java.time.Duration settleWindow, java.time.Duration unavailableAfter) {

        /**
         * Checks the durations as {@link Gateway.Builder#build()} does.
         *
         * @throws IllegalArgumentException for a negative duration
         */
        public Discovery {
            notNegative("settleWindow", settleWindow);
            notNegative("unavailableAfter", unavailableAfter);
        }
    }

    /** {@code d}, checked: not null, not negative. @throws IllegalArgumentException naming {@code name} for a negative one */
    static java.time.Duration notNegative(String name, java.time.Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) throw new IllegalArgumentException(name + " must be zero or more, got " + d);
        return d;
    }

    /**
     * Who may reach the gateway, beside its services' own rules.
     *
     * @param allowedHosts    the host names it answers besides its listen address, {@code localhost} and IP
     *                        literals; {@value Gateway#ANY_HOST} alone for any name
     * @param operationsToken a bearer token that opens {@code /health}, {@code /metrics} and {@code /fleet}
     *                        (for a scraper), or null for none
     * @param allowOpenMesh   whether it starts with authentication on a mesh without credentials
     */
    public record Access(java.util.List<String> allowedHosts, String operationsToken, boolean allowOpenMesh) {

        /** Copies the list. */
        public Access {
            allowedHosts = java.util.List.copyOf(allowedHosts);
        }

        /** Whether any host name is answered. */
        public boolean anyHost() {
            return allowedHosts.contains(ANY_HOST);
        }

        @Override
        public String toString() {
            return "Access[allowedHosts=" + allowedHosts + ", operationsToken=" + (operationsToken == null ? "none" : "(hidden)")
                    + ", allowOpenMesh=" + allowOpenMesh + "]";
        }
    }
}
