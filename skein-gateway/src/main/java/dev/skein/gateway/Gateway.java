package dev.skein.gateway;

import dev.skein.core.App;
import dev.skein.core.Plugin;
import dev.skein.gateway.intercept.AfterInterceptor;
import dev.skein.gateway.intercept.BeforeInterceptor;
import dev.skein.gateway.internal.HttpServer;
import dev.skein.gateway.internal.Interception;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * The front door of a node for outside clients: REST with the Feathers conventions and a
 * WebSocket at {@value #WEBSOCKET_PATH}, for every exposed service the node can reach, local or
 * remote (through the mesh).
 *
 * <pre>{@code
 * app.configure(Mesh.join());
 * app.configure(Gateway.builder().port(3030).build());
 * }</pre>
 *
 * <p>Besides the services, it answers {@code /health/live}, {@code /health/ready} and
 * {@code /health} (Kubernetes probe semantics) and {@code /fleet} ({@link Builder#operations}).
 *
 * <p>Which services are exposed: all (default; none besides the brokered ones when it brokers),
 * a predicate over service paths, or explicit mounts of a service at a public path
 * ({@link Builder#mount}) — the way an edge node brokers chosen internal services to outside
 * clients. Closing releases the port and every connection.
 *
 * <p>Before any route, every request is checked as a browser's could be abused
 * (docs/GATEWAY.md, "Browsers, origins and host names"): its {@code Host} must be one the gateway
 * answers ({@link Builder#allowedHosts}), a WebSocket or Socket.IO handshake and a write from a page
 * must come from its own origin or one {@link Builder#cors} lists, and a write must carry JSON.
 *
 * <p>Code of the gateway's own may run around the REST calls of the services, as
 * feathers-distributed's {@code middlewares}: {@link Builder#before(dev.skein.gateway.intercept.BeforeInterceptor)}
 * and {@link Builder#after(dev.skein.gateway.intercept.AfterInterceptor)} (REST only; docs/GATEWAY.md, "Interceptors").
 */
public final class Gateway implements Plugin, AutoCloseable {

    /** The port when none is given, as Feathers apps use. */
    public static final int DEFAULT_PORT = 3030;
    /** The address to listen on when none is given: loopback, this machine only; a wider one only when asked. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** In {@link Builder#allowedHosts}, alone: any host name (no protection against DNS rebinding). */
    public static final String ANY_HOST = GatewayOptions.ANY_HOST;
    /** The host names answered besides the listen address, {@code localhost} and IP literals when none are given: none. */
    public static final List<String> DEFAULT_ALLOWED_HOSTS = List.of();
    /** Whether a gateway with authentication starts on a mesh without credentials when not told: no. */
    public static final boolean DEFAULT_ALLOW_OPEN_MESH = false;
    /**
     * The body limit when none is set: 1 MiB, or the mesh's {@code maxFrameSize} when that is smaller
     * (a value that travels on must fit a frame). Larger request bodies, WebSocket messages and
     * Socket.IO packets are refused (413, or the socket closed) from their declared length, before
     * they are read. 0 stands for the mesh's {@code maxFrameSize} itself.
     */
    public static final int DEFAULT_MAX_BODY = 1024 * 1024;
    /** Open connections in all when no cap is set; more are answered 503 and closed. */
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
    /**
     * Open connections from one remote address when no cap is set; more are answered 503 and closed.
     * Behind a reverse proxy every client shares its address: raise it there (0: no cap).
     */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 256;
    /** How long a connection may wait between requests (a WebSocket between frames) when none is set. */
    public static final java.time.Duration DEFAULT_IDLE_TIMEOUT = java.time.Duration.ofSeconds(60);
    /** How long a request's headers may take to arrive, from its first byte, when none is set. */
    public static final java.time.Duration DEFAULT_HEADERS_TIMEOUT = java.time.Duration.ofSeconds(10);
    /** How long a request's body may take to arrive, after its headers, when none is set. */
    public static final java.time.Duration DEFAULT_BODY_TIMEOUT = java.time.Duration.ofSeconds(30);
    /** The deepest nesting of JSON arrays and objects read from a client when none is set. */
    public static final int DEFAULT_MAX_JSON_DEPTH = 64;
    /**
     * How long a fresh gateway's first discovery round lasts when none is set: 3 s, three heartbeats
     * at the mesh's default, time for every node to hear its hello or its heartbeat and answer.
     */
    public static final java.time.Duration DEFAULT_SETTLE_WINDOW = java.time.Duration.ofSeconds(3);
    /** How long a call waits for an instance of a remote path that has none before 503, when none is set. */
    public static final java.time.Duration DEFAULT_UNAVAILABLE_AFTER = java.time.Duration.ofSeconds(2);
    /** The path of the plain WebSocket endpoint (Socket.IO has its own, {@code /socket.io/}). */
    public static final String WEBSOCKET_PATH = HttpServer.WEBSOCKET_PATH;
    /**
     * Free entry of {@link dev.skein.core.Params} (a String): the address of the outside client a
     * call came from (REST, WebSocket, Socket.IO), the peer of its connection, set by the gateway;
     * free entries never leave the node, so no caller can set it. The login limits read it.
     * The same key as {@link dev.skein.core.Params#CLIENT_ADDRESS}.
     */
    public static final String CLIENT_ADDRESS = dev.skein.core.Params.CLIENT_ADDRESS;

    private final GatewayOptions options;
    private final Interception interception;
    private volatile HttpServer server;

    private Gateway(Builder b) {
        this.options = new GatewayOptions(b.host, b.port, b.maxBody, b.expose, b.mounts, b.publisher, b.staticRoot, b.staticResources, b.operations, b.dashboard, b.cors, b.socketIo, b.brokered,
                new GatewayOptions.Limits(b.maxConnections, b.maxConnectionsPerAddress, b.idleTimeout, b.headersTimeout, b.bodyTimeout, b.maxJsonDepth),
                new GatewayOptions.Access(b.allowedHosts, b.operationsToken, b.allowOpenMesh),
                new GatewayOptions.Discovery(b.settleWindow, b.unavailableAfter));
        this.interception = new Interception(b.before, b.after);
    }

    /** The settings the gateway was built with; the body limit is resolved against the mesh's {@code maxFrameSize} only when it is configured. */
    public GatewayOptions options() {
        return options;
    }

    /** A builder that starts from every default. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A node's HTTP port for operations alone, on a loopback address: {@code /health/live},
     * {@code /health/ready}, {@code /health}, {@code /fleet} and {@code /metrics}, no service
     * ({@code skein node --http-port}).
     *
     * @throws IllegalArgumentException for an address other than loopback: that one needs a token, {@link #operationsOnly(String, int, String)}
     */
    public static Gateway operationsOnly(String host, int port) {
        return operationsOnly(host, port, null);
    }

    /**
     * A node's HTTP port for operations alone, whose {@code /health}, {@code /fleet} and
     * {@code /metrics} need {@code Authorization: Bearer <token>}; the probes {@code /health/live}
     * and {@code /health/ready} stay open. On loopback the token may be null (open to this machine).
     *
     * @throws IllegalArgumentException for an address other than loopback without a token
     */
    public static Gateway operationsOnly(String host, int port, String token) {
        if (token == null && !isLoopback(host)) {
            throw new IllegalArgumentException("The node's HTTP port on " + host + " would show the fleet, its services and metrics to "
                    + "anyone who reaches it: give it a token (--http-token-file, Gateway.operationsOnly(host, port, token)) or listen on 127.0.0.1");
        }
        Builder b = builder().host(host).port(port).expose(path -> false).socketIo(false);
        if (token != null) b.operationsToken(token);
        if (isWildcard(host)) b.allowedHosts(ANY_HOST); // the details need the token; the probes come by IP
        return b.build();
    }

    /** Whether {@code host} is a loopback address written out ({@code 127.x.x.x}, {@code ::1}, {@code localhost}); no name is looked up. */
    static boolean isLoopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return h.equalsIgnoreCase("localhost") || h.matches("127(\\.\\d{1,3}){3}") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1");
    }

    /** Whether {@code host} stands for every interface. */
    static boolean isWildcard(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return h.equals("0.0.0.0") || h.equals("::") || h.equals("0:0:0:0:0:0:0:0");
    }

    /**
     * Starts serving {@code app}: binds the port in the background ({@link #started()} says when).
     *
     * @throws IllegalStateException when this gateway is already configured on an app, or when the app has
     *                               authentication and a mesh without credentials and {@link Builder#allowOpenMesh} was not given
     * @throws IllegalArgumentException when its {@code maxBodySize} is above the mesh's {@code maxFrameSize}
     */
    @Override
    public void configure(App app) {
        if (server != null) throw new IllegalStateException("This gateway is already configured on an app");
        OpenMesh.refuse(app, options.access().allowOpenMesh());
        GatewayOptions effective = options;
        java.util.Optional<Integer> frame = app.plugin(dev.skein.mesh.Mesh.class).map(m -> m.options().maxFrameSize());
        int limit = options.maxBody();
        if (limit == 0) {
            limit = frame.orElse(dev.skein.mesh.Mesh.DEFAULT_MAX_FRAME_SIZE);
        } else if (frame.isPresent() && limit > frame.get()) {
            if (limit != DEFAULT_MAX_BODY) {
                throw new IllegalArgumentException("The gateway's maxBodySize (" + limit + " bytes) is above the mesh's maxFrameSize ("
                        + frame.get() + " bytes): a body that large could not travel on; lower it or raise maxFrameSize");
            }
            limit = frame.get();
        }
        if (limit != options.maxBody()) {
            effective = options.withMaxBody(limit);
        }
        server = new HttpServer(app, effective, interception);
        server.start();
    }

    /** Completes when the port is bound; fails with the reason (port in use...) otherwise. */
    public CompletableFuture<Void> started() {
        return server().started();
    }

    /** The bound port (useful with port 0); waits up to 10 s for the bind, and fails if it failed. */

    public int port() {
        return server().port();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:3030}, once started. */
    public String url() {
        String h = isWildcard(options.host()) ? "127.0.0.1" : options.host().contains(":") && !options.host().startsWith("[")
                ? "[" + options.host() + "]" : options.host();
        return "http://" + h + ":" + port();
    }

    /** Releases the port and closes every connection. Idempotent; does nothing before {@link #configure}. */
    @Override
    public void close() {
        HttpServer s = server;
        if (s != null) s.close();
    }

    private HttpServer server() {
        HttpServer s = server;
        if (s == null) throw new IllegalStateException("The gateway is not configured yet: app.configure(gateway) first");
        return s;
    }

    /** Builds a {@link Gateway}. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private int maxBody = DEFAULT_MAX_BODY;
        private Predicate<String> expose = p -> true;
        private boolean exposeSet;
        private final List<String> allowedHosts = new java.util.ArrayList<>(DEFAULT_ALLOWED_HOSTS);
        private String operationsToken;
        private boolean allowOpenMesh = DEFAULT_ALLOW_OPEN_MESH;
        private final Map<String, String> mounts = new LinkedHashMap<>();
        private Publisher publisher;
        private Path staticRoot;
        private String staticResources;
        private boolean operations = true;
        private String dashboard;
        private Cors cors;
        private boolean socketIo = true;
        private final Map<String, Brokered> brokered = new LinkedHashMap<>();
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private int maxConnectionsPerAddress = DEFAULT_MAX_CONNECTIONS_PER_ADDRESS;
        private java.time.Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private java.time.Duration headersTimeout = DEFAULT_HEADERS_TIMEOUT;
        private java.time.Duration bodyTimeout = DEFAULT_BODY_TIMEOUT;
        private int maxJsonDepth = DEFAULT_MAX_JSON_DEPTH;
        private java.time.Duration settleWindow = DEFAULT_SETTLE_WINDOW;
        private java.time.Duration unavailableAfter = DEFAULT_UNAVAILABLE_AFTER;
        private final List<Interception.Scoped<BeforeInterceptor>> before = new java.util.ArrayList<>();
        private final List<Interception.Scoped<AfterInterceptor>> after = new java.util.ArrayList<>();

        private Builder() {
        }

        /**
         * The address to listen on; {@value #DEFAULT_HOST}, this machine only, by default. Every
         * interface ({@code 0.0.0.0}) needs the host names clients use too ({@link #allowedHosts}).
         */
        public Builder host(String host) {

            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** The port; 0 takes a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /**
         * The largest request body, WebSocket message or Socket.IO packet, refused from its declared
         * length; {@value #DEFAULT_MAX_BODY} bytes by default (see {@link #DEFAULT_MAX_BODY}). A value
         * above the mesh's {@code maxFrameSize} fails {@link #configure}.
         */
        public Builder maxBodySize(int bytes) {
            if (bytes < 1) throw new IllegalArgumentException("maxBodySize must be positive, got " + bytes);
            this.maxBody = bytes;
            return this;
        }

        /**
         * Exposes the services whose paths pass {@code paths}: all by default, none by default when
         * the gateway {@link #broker brokers} a service (its internal path stays closed unless this says otherwise).
         */
        public Builder expose(Predicate<String> paths) {
            this.expose = Objects.requireNonNull(paths, "paths");
            this.exposeSet = true;
            return this;
        }

        /** Exposes exactly these service paths (each at its own path). */
        public Builder expose(String... paths) {
            java.util.Set<String> set = new java.util.HashSet<>();
            for (String p : paths) set.add(App.normalize(p));
            this.expose = set::contains;
            this.exposeSet = true;
            return this;
        }

        /**
         * Serves the service at {@code servicePath} at {@code publicPath} (brokering an internal
         * service under another name). Mounted services are exposed whatever {@link #expose} says.
         *
         * @throws IllegalArgumentException at {@link #build()} when two services are mounted at one public path
         */
        public Builder mount(String publicPath, String servicePath) {
            String key = App.normalize(publicPath);
            String previous = mounts.putIfAbsent(key, App.normalize(servicePath));
            if (previous != null) {
                duplicate = "Two services are exposed at '/" + key + "': '" + previous + "' and '" + App.normalize(servicePath) + "'";
            }
            return this;
        }

        private String duplicate;

        /**
         * Brokers the internal service at {@code servicePath} to outside clients under
         * {@code publicPath}, as happner's {@code $broker}: only {@code methods} are callable (any
         * other answers 405 {@code MethodNotAllowed}), and only instances whose version satisfies
         * {@code versionRange} serve them (null: any version). Its events pass through the publisher.
         * A gateway that brokers exposes no other service, its internal path included, unless
         * {@link #expose} says so.
         *
         * @throws IllegalArgumentException at {@link #build()} when two services are exposed at one public path
         */
        public Builder broker(String publicPath, String servicePath, String versionRange, String... methods) {
            mount(publicPath, servicePath);
            brokered.putIfAbsent(App.normalize(publicPath), new Brokered(App.normalize(servicePath), versionRange, java.util.Set.of(methods)));
            return this;
        }

        /**
         * Runs {@code interceptor} on every REST request to a service route (local or remote, exposed,
         * mounted or brokered) before the service is called, after the ones given before it: it may
         * change what the service gets, answer, or refuse with a {@code SkeinError}, as a
         * feathers-distributed {@code before} middleware (docs/GATEWAY.md, "Interceptors"). REST only:
         * WebSocket and Socket.IO calls do not pass through it (a service hook sees every provider).
         */
        public Builder before(BeforeInterceptor interceptor) {
            before.add(new Interception.Scoped<>(null, interceptor));
            return this;
        }

        /** As {@link #before(BeforeInterceptor)}, for the REST requests to the public path {@code path} alone (a mount's public path). */
        public Builder before(String path, BeforeInterceptor interceptor) {
            before.add(new Interception.Scoped<>(Objects.requireNonNull(path, "path"), interceptor));
            return this;
        }

        /**
         * Runs {@code interceptor} on the answer of every REST request to a service route before it is
         * sent, after the ones given before it: the service's result or error, or a before
         * interceptor's answer; it may change the status, the body and the headers. REST only, as {@link #before(BeforeInterceptor)}.
         */
        public Builder after(AfterInterceptor interceptor) {
            after.add(new Interception.Scoped<>(null, interceptor));
            return this;
        }

        /** As {@link #after(AfterInterceptor)}, for the REST requests to the public path {@code path} alone (a mount's public path). */
        public Builder after(String path, AfterInterceptor interceptor) {
            after.add(new Interception.Scoped<>(Objects.requireNonNull(path, "path"), interceptor));
            return this;
        }

        /**
         * Who receives which events over WebSocket and Socket.IO; by default {@link Publisher#byDefault}: with
         * authentication on the app, authenticated connections, and a user's record only to that user and
         * administrators; else everyone. The publisher set here decides for the users service too.
         */
        public Builder publisher(Publisher publisher) {
            this.publisher = Objects.requireNonNull(publisher, "publisher");
            return this;
        }

        /** Serves files under {@code root} for paths that no service takes ({@code /} is {@code index.html}). */
        public Builder staticFiles(Path root) {
            this.staticRoot = Objects.requireNonNull(root, "root");
            return this;
        }

        /** Serves class-path resources under {@code prefix} (e.g. {@code "public"}) for paths that no service takes. */
        public Builder staticResources(String prefix) {
            this.staticResources = Objects.requireNonNull(prefix, "prefix");
            return this;
        }

        /**
         * Whether the gateway answers the operations paths (default true): {@code /health/live},
         * {@code /health/ready} (Kubernetes probes), {@code /health} and {@code /fleet}. A service
         * exposed at one of those paths takes it either way.
         */
        public Builder operations(boolean serve) {
            this.operations = serve;
            return this;
        }

        /**
         * Serves the live fleet dashboard at {@code path} (e.g. {@code "/dashboard"}): every node
         * with its health, online or offline, every service with its instances, versions, call rate
         * and latency, and a feed of events, updated over the WebSocket. With authentication on the
         * app, the page asks for a login and the feed goes only to an authenticated connection.
         */
        public Builder dashboard(String path) {
            String p = App.normalize(Objects.requireNonNull(path, "path"));
            if (p.isEmpty()) throw new IllegalArgumentException("the dashboard needs a path of its own, such as /dashboard");
            this.dashboard = p;
            return this;
        }

        /**
         * Lets browsers call the gateway from the origins {@code cors} lists: preflights answered,
         * {@code Access-Control-*} headers on the answers. Another origin gets no such header, so its
         * browser keeps the answer from it. Without this, only pages of the gateway's own origin may call it.
         */
        public Builder cors(Cors cors) {
            this.cors = Objects.requireNonNull(cors, "cors");
            return this;
        }

        /**
         * Whether the gateway serves Socket.IO at {@code /socket.io/} (default true), as a Feathers
         * server does: {@code @feathersjs/socketio-client} calls services, hears their events and
         * authenticates over it (docs/GATEWAY.md).
         */
        public Builder socketIo(boolean serve) {
            this.socketIo = serve;
            return this;
        }

        /** Open connections in all ({@value #DEFAULT_MAX_CONNECTIONS} by default, 0: no cap); more are answered 503 and closed. */
        public Builder maxConnections(int connections) {
            if (connections < 0) throw new IllegalArgumentException("maxConnections must be 0 (no cap) or more, got " + connections);
            this.maxConnections = connections;
            return this;
        }

        /**
         * Open connections from one remote address ({@value #DEFAULT_MAX_CONNECTIONS_PER_ADDRESS} by
         * default, 0: no cap); more are answered 503 and closed. Behind a reverse proxy, raise it.
         */
        public Builder maxConnectionsPerAddress(int connections) {
            if (connections < 0) throw new IllegalArgumentException("maxConnectionsPerAddress must be 0 (no cap) or more, got " + connections);
            this.maxConnectionsPerAddress = connections;
            return this;
        }

        /**
         * How long a connection may wait for its next request, or a WebSocket for its next frame
         * (it is pinged halfway, so a live client answers), before it is closed; {@link #DEFAULT_IDLE_TIMEOUT} by default.
         */
        public Builder idleTimeout(java.time.Duration timeout) {
            this.idleTimeout = positive("idleTimeout", timeout);
            return this;
        }

        /** How long a request's headers may take, from its first byte; then 408 and the connection closed. {@link #DEFAULT_HEADERS_TIMEOUT} by default. */
        public Builder headersTimeout(java.time.Duration timeout) {
            this.headersTimeout = positive("headersTimeout", timeout);
            return this;
        }

        /** How long a request's body may take, after its headers; then 408 and the connection closed. {@link #DEFAULT_BODY_TIMEOUT} by default. */
        public Builder bodyTimeout(java.time.Duration timeout) {
            this.bodyTimeout = positive("bodyTimeout", timeout);
            return this;
        }

        /** The deepest nesting of JSON arrays and objects a client may send (REST, WebSocket, Socket.IO); {@value #DEFAULT_MAX_JSON_DEPTH} by default. */
        public Builder maxJsonDepth(int depth) {
            if (depth < 1) throw new IllegalArgumentException("maxJsonDepth must be 1 or more, got " + depth);
            this.maxJsonDepth = depth;
            return this;
        }

        /**
         * The first discovery round, from the gateway's start ({@link #DEFAULT_SETTLE_WINDOW} by default):
         * a request for a path no service is known at yet waits until one is, or the window ends (404),
         * instead of answering 404 at once. Raise it with a longer heartbeat interval; zero for none.
         */
        public Builder settleWindow(java.time.Duration window) {
            this.settleWindow = GatewayOptions.notNegative("settleWindow", window);
            return this;
        }

        /**
         * How long a call to a remote path with no instance known (its last one left) waits for one
         * before 503 {@code Unavailable} with {@code Retry-After} ({@link #DEFAULT_UNAVAILABLE_AFTER} by
         * default): at least until the settle window ends, never longer than the mesh's call timeout; zero: at once.
         */
        public Builder unavailableAfter(java.time.Duration wait) {
            this.unavailableAfter = GatewayOptions.notNegative("unavailableAfter", wait);
            return this;
        }

        private static java.time.Duration positive(String name, java.time.Duration timeout) {
            Objects.requireNonNull(timeout, name);
            if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException(name + " must be positive, got " + timeout);
            return timeout;
        }

        /**
         * The host names the gateway answers (the {@code Host} header) besides its listen address,
         * {@code localhost} and IP literals, which it always answers; another name is answered 421
         * (a page of another site whose name was made to resolve here: DNS rebinding).
         * {@value Gateway#ANY_HOST} alone answers any name. None by default; required on every
         * interface ({@code 0.0.0.0}), which has no name of its own.
         *
         * @throws IllegalArgumentException for a name with a scheme, a port, a path or a space
         */
        public Builder allowedHosts(String... names) {
            for (String n : names) {
                Objects.requireNonNull(n, "name");
                if (!n.equals(ANY_HOST) && !n.matches("[A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\]")) {
                    throw new IllegalArgumentException("A host name is a name alone, as in the Host header without its port: "
                            + "api.example.com, not '" + n + "'");
                }
                allowedHosts.add(n.toLowerCase(java.util.Locale.ROOT));
            }
            return this;
        }

        /**
         * A bearer token that opens {@code /health}, {@code /metrics} and {@code /fleet}
         * ({@code Authorization: Bearer <token>}), for a scraper or an operator; with authentication
         * on the app, a user's access token opens them too. Without authentication and without it,
         * they are open (as the services are). At least 16 characters; keep it out of command lines.
         */
        public Builder operationsToken(String token) {
            Objects.requireNonNull(token, "token");
            if (token.strip().length() < 16) throw new IllegalArgumentException("An operations token needs at least 16 characters");
            this.operationsToken = token.strip();
            return this;
        }

        /**
         * Whether the gateway starts when the app has authentication and its mesh has no credentials
         * (no secret, no key pair): every call then carries its user's access token to whichever
         * process joins the mesh and offers the service. False by default: the start fails saying so.
         */
        public Builder allowOpenMesh(boolean allow) {
            this.allowOpenMesh = allow;
            return this;
        }

        /**
         * Gives {@code setting} ({@link GatewaySettings}) the value {@code value} through the builder
         * method it is declared with, as every source of settings does.
         *
         * @throws IllegalArgumentException when the value fails the setting's check, naming the setting
         */
        public <T> Builder set(dev.skein.core.settings.Setting<T> setting, T value) {
            GatewaySettings.apply(this, setting, Objects.requireNonNull(value, setting.name()));
            return this;
        }

        /**
         * The gateway, not yet listening: {@code app.configure(gateway)} starts it.
         *
         * @throws IllegalArgumentException for a path mounted twice, every interface without {@link #allowedHosts},
         *                                  or settings {@link GatewayOptions} refuses
         */
        public Gateway build() {
            if (duplicate != null) throw new IllegalArgumentException(duplicate);
            if (allowedHosts.contains(ANY_HOST) && allowedHosts.size() > 1) {
                throw new IllegalArgumentException("\"" + ANY_HOST + "\" in allowedHosts stands for every host name: list it alone");
            }
            if (isWildcard(host) && allowedHosts.isEmpty()) {
                throw new IllegalArgumentException("The gateway listens on every interface (" + host + ") but knows no host name to answer: "
                        + "name the ones clients use, allowedHosts(\"api.example.com\") (--allowed-host), or allowedHosts(\"*\") for any name "
                        + "(no protection against DNS rebinding)");
            }
            if (!brokered.isEmpty() && !exposeSet) expose = path -> false;
            return new Gateway(this);
        }
    }
}
