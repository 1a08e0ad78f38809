package dev.skein.gateway;

import dev.skein.core.settings.Setting;
import dev.skein.core.settings.SettingType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Every setting of a gateway that has a value a file or a command line can write, declared once,
 * each with the {@link Gateway.Builder} method it sets. The CLI's {@code skein gateway} flags, the
 * node file's {@code gateway.*} keys, the {@code SKEIN_GATEWAY_*} environment variables, the
 * starter's {@code skein.gateway.*} properties and the table in docs/SETTINGS.md are made from
 * this list. What only Java holds (a {@link Publisher}, a {@link Cors} with its options, brokered
 * paths, predicates) stays with the builder.
 */
public final class GatewaySettings {

    private static final String GATEWAY = "gateway";
    private static final Map<Setting<?>, BiConsumer<Gateway.Builder, Object>> BINDINGS = new LinkedHashMap<>();

    /** The address the gateway listens on. */
    public static final Setting<String> HOST = bind(Setting.of(GATEWAY, "host", SettingType.STRING, Gateway.DEFAULT_HOST,
            "The address the gateway listens on; 0.0.0.0 (every interface) needs allowedHosts"), Gateway.Builder::host);
    /** The HTTP port. */
    public static final Setting<Integer> PORT = bind(Setting.of(GATEWAY, "port", SettingType.INTEGER, Gateway.DEFAULT_PORT,
            "The HTTP port, 0 for any free one").atLeast(0).check(p -> p > 65535 ? "must be a port, 0 to 65535" : null), Gateway.Builder::port);
    /** The host names clients use. */
    public static final Setting<List<String>> ALLOWED_HOSTS = bind(Setting.of(GATEWAY, "allowedHosts", SettingType.STRINGS, List.of(),
            "Host names clients use (the Host header), besides the listen address; '*' for any (no protection against DNS rebinding)")
            .alias("--allowed-host"), (b, v) -> b.allowedHosts(v.toArray(String[]::new)));
    /** Origins whose pages may call the gateway. */
    public static final Setting<List<String>> CORS_ORIGINS = bind(Setting.of(GATEWAY, "corsOrigins", SettingType.STRINGS, List.of(),
            "Origins whose pages may call the gateway from a browser (CORS)").alias("--cors-origin"),
            (b, v) -> { if (!v.isEmpty()) b.cors(Cors.allow(v.toArray(String[]::new))); });
    /** Only these services are exposed. */
    public static final Setting<List<String>> EXPOSE = bind(Setting.of(GATEWAY, "expose", SettingType.STRINGS, null,
            "The only services the gateway exposes (default: every one, or none when paths are brokered)"), (b, v) -> b.expose(v.toArray(String[]::new)));
    /** Services served at another public path. */
    public static final Setting<Map<String, String>> MOUNTS = bind(Setting.of(GATEWAY, "mounts", SettingType.NAMED_STRINGS, Map.of(),
            "Services served at another public path: public path=service path"), (b, v) -> v.forEach(b::mount));
    /** The live fleet dashboard's path. */
    public static final Setting<String> DASHBOARD = bind(Setting.of(GATEWAY, "dashboard", SettingType.STRING, null,
            "Serve the live fleet dashboard at this path (/dashboard)"), Gateway.Builder::dashboard);
    /** Whether /health, /fleet and /metrics are served. */
    public static final Setting<Boolean> OPERATIONS = bind(Setting.of(GATEWAY, "operations", SettingType.BOOLEAN, true,
            "Serve /health/live, /health/ready, /health, /fleet and /metrics"), Gateway.Builder::operations);
    /** Whether Socket.IO clients are served. */
    public static final Setting<Boolean> SOCKET_IO = bind(Setting.of(GATEWAY, "socketIo", SettingType.BOOLEAN, true,
            "Serve Feathers' Socket.IO clients at /socket.io/"), Gateway.Builder::socketIo);
    /** The largest request body. */
    public static final Setting<Integer> MAX_BODY_SIZE = bind(Setting.of(GATEWAY, "maxBodySize", SettingType.SIZE, Gateway.DEFAULT_MAX_BODY,
            "The largest request body or WebSocket message; a larger one is answered 413").atLeast(1), Gateway.Builder::maxBodySize);
    /** Open connections in all. */
    public static final Setting<Integer> MAX_CONNECTIONS = bind(Setting.of(GATEWAY, "maxConnections", SettingType.INTEGER,
            Gateway.DEFAULT_MAX_CONNECTIONS, "Open connections in all, 0 for no cap; more are answered 503").check(GatewaySettings::noCap), Gateway.Builder::maxConnections);
    /** Open connections from one address. */
    public static final Setting<Integer> MAX_CONNECTIONS_PER_ADDRESS = bind(Setting.of(GATEWAY, "maxConnectionsPerAddress", SettingType.INTEGER,
            Gateway.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS, "Open connections from one address, 0 for no cap; more are answered 503").check(GatewaySettings::noCap),
            Gateway.Builder::maxConnectionsPerAddress);
    /** How long a connection may be idle. */
    public static final Setting<Duration> IDLE_TIMEOUT = bind(Setting.of(GATEWAY, "idleTimeout", SettingType.DURATION, Gateway.DEFAULT_IDLE_TIMEOUT,
            "How long a connection may say nothing before it is closed").positive(), Gateway.Builder::idleTimeout);
    /** How long a request's headers may take. */
    public static final Setting<Duration> HEADERS_TIMEOUT = bind(Setting.of(GATEWAY, "headersTimeout", SettingType.DURATION,
            Gateway.DEFAULT_HEADERS_TIMEOUT, "How long a request's headers may take to arrive").positive(), Gateway.Builder::headersTimeout);
    /** How long a request's body may take. */
    public static final Setting<Duration> BODY_TIMEOUT = bind(Setting.of(GATEWAY, "bodyTimeout", SettingType.DURATION, Gateway.DEFAULT_BODY_TIMEOUT,
            "How long a request's body may take to arrive").positive(), Gateway.Builder::bodyTimeout);
    /** How deep a JSON body may nest. */
    public static final Setting<Integer> MAX_JSON_DEPTH = bind(Setting.of(GATEWAY, "maxJsonDepth", SettingType.INTEGER, Gateway.DEFAULT_MAX_JSON_DEPTH,
            "How deep a JSON body or query may nest; deeper is answered 400").atLeast(1), Gateway.Builder::maxJsonDepth);
    /** From the start, how long a path no service is discovered at waits. */
    public static final Setting<Duration> SETTLE_WINDOW = bind(Setting.of(GATEWAY, "settleWindow", SettingType.DURATION,
            Gateway.DEFAULT_SETTLE_WINDOW, "From the start, how long a request for a path no service is discovered at yet waits for one "
                    + "before 404").check(GatewaySettings::zeroOrMore), Gateway.Builder::settleWindow);
    /** How long a call to a service whose instances all left waits. */
    public static final Setting<Duration> UNAVAILABLE_AFTER = bind(Setting.of(GATEWAY, "unavailableAfter", SettingType.DURATION,
            Gateway.DEFAULT_UNAVAILABLE_AFTER, "How long a call to a service whose instances all left waits for one before 503")
            .check(GatewaySettings::zeroOrMore), Gateway.Builder::unavailableAfter);
    /** Files served for paths no service takes. */
    public static final Setting<Path> STATIC_FILES = bind(Setting.of(GATEWAY, "staticFiles", SettingType.FILE, null,
            "Serve files from this folder for paths no service takes").alias("--static"), Gateway.Builder::staticFiles);
    /** Class-path resources served for paths no service takes. */
    public static final Setting<String> STATIC_RESOURCES = bind(Setting.of(GATEWAY, "staticResources", SettingType.STRING, null,
            "Serve class-path resources under this prefix ('public') for paths no service takes"), Gateway.Builder::staticResources);
    /** With authentication, start on an open mesh anyway. */
    public static final Setting<Boolean> ALLOW_OPEN_MESH = bind(Setting.of(GATEWAY, "allowOpenMesh", SettingType.BOOLEAN, Gateway.DEFAULT_ALLOW_OPEN_MESH,
            "With authentication: start on a mesh without credentials, where any process that reaches the transport could call the "
                    + "services as any user"), Gateway.Builder::allowOpenMesh);
    /** The bearer token /health, /fleet and /metrics need. */
    public static final Setting<String> OPERATIONS_TOKEN = bind(Setting.of(GATEWAY, "operationsToken", SettingType.STRING, null,
            "A bearer token (16+ characters) that /health, /fleet and /metrics then need; never on a command line "
                    + "(the CLI reads it from --operations-token-file)").secret(), Gateway.Builder::operationsToken);

    /** Every declared gateway setting, in the order of the docs' table. */
    public static final List<Setting<?>> ALL = List.copyOf(BINDINGS.keySet());

    private GatewaySettings() {
    }

    private static String noCap(int connections) {
        return connections < 0 ? "must be 0 (no cap) or more" : null;
    }

    private static String zeroOrMore(Duration d) {
        return d.isNegative() ? "must be zero or more" : null;
    }

    @SuppressWarnings("unchecked")
    private static <T> Setting<T> bind(Setting<T> setting, BiConsumer<Gateway.Builder, T> apply) {
        BINDINGS.put(setting, (BiConsumer<Gateway.Builder, Object>) apply);
        return setting;
    }

    /** Gives {@code builder} the value of {@code setting}, through the builder method it is declared with. */
    static void apply(Gateway.Builder builder, Setting<?> setting, Object value) {
        BiConsumer<Gateway.Builder, Object> apply = BINDINGS.get(setting);
        if (apply == null) throw new IllegalArgumentException(setting + " is not a gateway setting");
        apply.accept(builder, checked(setting, value));
    }

    @SuppressWarnings("unchecked")
    private static <T> T checked(Setting<T> setting, Object value) {
        return setting.checked((T) value);
    }
}
