package dev.skein.gateway;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The settings of a gateway, immutable. Built by {@link Gateway.Builder}; every default is a public
 * constant of {@link Gateway}.
 *
 * @param host            the address to listen on
 * @param port            the port (0: any free one)
 * @param maxBody         largest request body or WebSocket message, in bytes
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
 */
public record GatewayOptions(String host, int port, int maxBody, Predicate<String> expose, Map<String, String> mounts,
                             Publisher publisher, Path staticRoot, String staticResources, boolean operations, String dashboard,
                             Cors cors, boolean socketIo, Map<String, Brokered> brokered) {

    /** The settings with the operations endpoints on. */
    public GatewayOptions(String host, int port, int maxBody, Predicate<String> expose, Map<String, String> mounts,
                          Publisher publisher, Path staticRoot, String staticResources) {
        this(host, port, maxBody, expose, mounts, publisher, staticRoot, staticResources, true, null, null, true, Map.of());
    }

    public GatewayOptions {
        mounts = Map.copyOf(mounts);
        brokered = Map.copyOf(brokered);
        staticRoot = staticRoot == null ? null : staticRoot.toAbsolutePath().normalize();
    }
}
