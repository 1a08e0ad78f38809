package dev.skein.spring;

import dev.skein.mesh.Balancing;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code skein.*} properties: the app, its mesh ({@code skein.mesh.*}), its gateway
 * ({@code skein.gateway.*}) and service beans ({@code skein.services.<beanName>.*}). A property left
 * unset keeps Skein's default (the {@code DEFAULT_*} constants of {@link dev.skein.mesh.Mesh} and
 * {@link dev.skein.gateway.Gateway}). An unknown {@code skein.*} key in a configuration file fails
 * the start, naming it; environment variables and system properties are not checked that way.
 *
 * <p>Mutable, as Spring binds it; read once, when the beans are created.
 */
@ConfigurationProperties(prefix = "skein")
public class SkeinProperties {

    /** The app's name, used in node ids, thread names and logs. Default: spring.application.name, else "app". */
    private String name;

    private final MeshProperties mesh = new MeshProperties();

    private final GatewayProperties gateway = new GatewayProperties();

    /** Service beans by bean name: the path and options of each; they override @SkeinService. */
    private final Map<String, ServiceProperties> services = new LinkedHashMap<>();

    /** The app's name, or null for the default. */
    public String getName() {
        return name;
    }

    /** Sets the app's name. */
    public void setName(String name) {
        this.name = name;
    }

    /** The mesh's properties. */
    public MeshProperties getMesh() {
        return mesh;
    }

    /** The gateway's properties. */
    public GatewayProperties getGateway() {
        return gateway;
    }

    /** The service beans' properties by bean name. */
    public Map<String, ServiceProperties> getServices() {
        return services;
    }

    /** {@code skein.mesh.*}: how this node joins the mesh ({@link dev.skein.mesh.Mesh.Builder}). */
    public static class MeshProperties {

        /** Whether the app joins a mesh; false for an app whose services are local only. */
        private boolean enabled = true;

        /** Access rules by service path ({@link dev.skein.mesh.Access}): who may call it, each method of it, and offer it, by key name or role. Needs key-file. */
        private Map<String, AccessProperties> access = new LinkedHashMap<>();

        /** Whether the context's start waits for the mesh to be ready (every dependency up) and fails, saying what is missing, after the discovery timeout. Default: false. */
        private boolean awaitReady;

        /** Whether the app joins a mesh. */
        public boolean isEnabled() {
            return enabled;
        }

        /** Sets whether the app joins a mesh. */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** The access rules by service path. */
        public Map<String, AccessProperties> getAccess() {
            return access;
        }

        /** Sets the access rules by service path. */
        public void setAccess(Map<String, AccessProperties> access) {
            this.access = access;
        }

        /** Whether the start waits for the mesh to be ready. */
        public boolean isAwaitReady() {
            return awaitReady;
        }

        /** Sets whether the start waits for the mesh to be ready. */
        public void setAwaitReady(boolean awaitReady) {
            this.awaitReady = awaitReady;
        }
    }

    /**
     * {@code skein.mesh.access.<path>.*}: the access rules of one service path, the same as the CLI's
     * node file ({@code mesh.access.<path>}) and flags ({@code --allow-call}, {@code --allow-offer}).
     * A path with a slash is written in brackets: {@code skein.mesh.access[shop/orders].call}.
     */
    public static class AccessProperties {

        /** The key names or roles that may call every method of the path. */
        private List<String> call = new ArrayList<>();

        /** By method: the key names or roles that may call that method of the path. */
        private Map<String, List<String>> methods = new LinkedHashMap<>();

        /** The key names or roles that may offer (serve) the path. */
        private List<String> offer = new ArrayList<>();

        /** Who may call every method. */
        public List<String> getCall() {
            return call;
        }

        /** Sets who may call every method. */
        public void setCall(List<String> call) {
            this.call = call;
        }

        /** Who may call each method. */
        public Map<String, List<String>> getMethods() {
            return methods;
        }

        /** Sets who may call each method. */
        public void setMethods(Map<String, List<String>> methods) {
            this.methods = methods;
        }

        /** Who may offer the path. */
        public List<String> getOffer() {
            return offer;
        }

        /** Sets who may offer the path. */
        public void setOffer(List<String> offer) {
            this.offer = offer;
        }
    }

    /** {@code skein.gateway.*}: REST, WebSocket and Socket.IO for outside clients ({@link dev.skein.gateway.Gateway.Builder}); needs skein-gateway. */
    public static class GatewayProperties {

        /** Whether the app serves a gateway. Default: false. */
        private boolean enabled;

        /** The address to listen on. Default: 127.0.0.1 (0.0.0.0, every interface, needs allowed-hosts). */
        private String host;

        /** The port; 0 takes a free one. Default: 3030. */
        private Integer port;

        /** The service paths exposed at their own paths; empty for none but the mounts. Default: all. */
        private List<String> expose;

        /** Services served at another public path: public path to service path. */
        private Map<String, String> mounts = new LinkedHashMap<>();

        /** The path of the live fleet dashboard ('/dashboard'); none by default. */
        private String dashboard;

        /** Whether /health/live, /health/ready, /health and /fleet are answered. Default: true. */
        private Boolean operations;

        /** Whether Socket.IO is served at /socket.io/. Default: true. */
        private Boolean socketIo;

        /** The largest request body, WebSocket message or Socket.IO packet. Default: 1MB, or the mesh's max-frame-size when smaller. */
        private DataSize maxBodySize;

        /** Open connections in all (0: no cap). Default: 10000. */
        private Integer maxConnections;

        /** Open connections from one remote address (0: no cap); raise it behind a reverse proxy. Default: 256. */
        private Integer maxConnectionsPerAddress;

        /** How long a connection may wait for its next request (a WebSocket for its next frame). Default: 60s. */
        private Duration idleTimeout;

        /** How long a request's headers may take from its first byte. Default: 10s. */
        private Duration headersTimeout;

        /** How long a request's body may take after its headers. Default: 30s. */
        private Duration bodyTimeout;

        /** The deepest nesting of JSON arrays and objects a client may send. Default: 64. */
        private Integer maxJsonDepth;

        /** From the start, how long a request for a path no service is discovered at yet waits for one before 404 (0: none). Default: 3s. */
        private Duration settleWindow;

        /** How long a call to a service whose instances all left waits for one before 503 with Retry-After. Default: 2s. */
        private Duration unavailableAfter;

        /** A class-path prefix ('public') whose resources are served for paths no service takes. */
        private String staticResources;

        /** A directory whose files are served for paths no service takes. */
        private Path staticFiles;

        /** The origins browsers may call the gateway from (CORS); none by default. */
        private List<String> corsOrigins = new ArrayList<>();

        /** The host names clients use (the Host header) besides the listen address, localhost and IP addresses; '*' for any. */
        private List<String> allowedHosts = new ArrayList<>();

        /** Whether a gateway with authentication starts on a mesh without credentials. Default: false. */
        private Boolean allowOpenMesh;

        /** A bearer token (16+ characters) that opens /health, /metrics and /fleet, for a scraper; none by default. */
        private String operationsToken;

        /** The host names answered besides the listen address, localhost and IP addresses. */
        public List<String> getAllowedHosts() {
            return allowedHosts;
        }

        /** Sets the host names answered. */
        public void setAllowedHosts(List<String> allowedHosts) {
            this.allowedHosts = allowedHosts;
        }

        /** Whether a gateway with authentication starts on an open mesh, or null for the default. */
        public Boolean getAllowOpenMesh() {
            return allowOpenMesh;
        }

        /** Sets whether a gateway with authentication starts on an open mesh. */
        public void setAllowOpenMesh(Boolean allowOpenMesh) {
            this.allowOpenMesh = allowOpenMesh;
        }

        /** The operations token, or null for none. */
        public String getOperationsToken() {
            return operationsToken;
        }

        /** Sets the operations token. */
        public void setOperationsToken(String operationsToken) {
            this.operationsToken = operationsToken;
        }

        /** Whether the app serves a gateway. */
        public boolean isEnabled() {
            return enabled;
        }

        /** Sets whether the app serves a gateway. */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** The host, or null for the default. */
        public String getHost() {
            return host;
        }

        /** Sets the host. */
        public void setHost(String host) {
            this.host = host;
        }

        /** The port, or null for the default. */
        public Integer getPort() {
            return port;
        }

        /** Sets the port. */
        public void setPort(Integer port) {
            this.port = port;
        }

        /** The exposed paths, or null for all. */
        public List<String> getExpose() {
            return expose;
        }

        /** Sets the exposed paths. */
        public void setExpose(List<String> expose) {
            this.expose = expose;
        }

        /** The mounts: public path to service path. */
        public Map<String, String> getMounts() {
            return mounts;
        }

        /** Sets the mounts. */
        public void setMounts(Map<String, String> mounts) {
            this.mounts = mounts;
        }

        /** The dashboard's path, or null. */
        public String getDashboard() {
            return dashboard;
        }

        /** Sets the dashboard's path. */
        public void setDashboard(String dashboard) {
            this.dashboard = dashboard;
        }

        /** Whether the operations paths are answered, or null for the default. */
        public Boolean getOperations() {
            return operations;
        }

        /** Sets whether the operations paths are answered. */
        public void setOperations(Boolean operations) {
            this.operations = operations;
        }

        /** Whether Socket.IO is served, or null for the default. */
        public Boolean getSocketIo() {
            return socketIo;
        }

        /** Sets whether Socket.IO is served. */
        public void setSocketIo(Boolean socketIo) {
            this.socketIo = socketIo;
        }

        /** The largest body, or null for the default. */
        public DataSize getMaxBodySize() {
            return maxBodySize;
        }

        /** Sets the largest body. */
        public void setMaxBodySize(DataSize maxBodySize) {
            this.maxBodySize = maxBodySize;
        }

        /** The cap on connections in all, or null for the default. */
        public Integer getMaxConnections() {
            return maxConnections;
        }

        /** Sets the cap on connections in all. */
        public void setMaxConnections(Integer maxConnections) {
            this.maxConnections = maxConnections;
        }

        /** The cap on connections per address, or null for the default. */
        public Integer getMaxConnectionsPerAddress() {
            return maxConnectionsPerAddress;
        }

        /** Sets the cap on connections per address. */
        public void setMaxConnectionsPerAddress(Integer maxConnectionsPerAddress) {
            this.maxConnectionsPerAddress = maxConnectionsPerAddress;
        }

        /** The idle timeout, or null for the default. */
        public Duration getIdleTimeout() {
            return idleTimeout;
        }

        /** Sets the idle timeout. */
        public void setIdleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
        }

        /** The headers' timeout, or null for the default. */
        public Duration getHeadersTimeout() {
            return headersTimeout;
        }

        /** Sets the headers' timeout. */
        public void setHeadersTimeout(Duration headersTimeout) {
            this.headersTimeout = headersTimeout;
        }

        /** The body's timeout, or null for the default. */
        public Duration getBodyTimeout() {
            return bodyTimeout;
        }

        /** Sets the body's timeout. */
        public void setBodyTimeout(Duration bodyTimeout) {
            this.bodyTimeout = bodyTimeout;
        }

        /** The deepest JSON nesting, or null for the default. */
        public Integer getMaxJsonDepth() {
            return maxJsonDepth;
        }

        /** Sets the deepest JSON nesting. */
        public void setMaxJsonDepth(Integer maxJsonDepth) {
            this.maxJsonDepth = maxJsonDepth;
        }

        /** The settle window, or null for the default. */
        public Duration getSettleWindow() {
            return settleWindow;
        }

        /** Sets the settle window. */
        public void setSettleWindow(Duration settleWindow) {
            this.settleWindow = settleWindow;
        }

        /** The wait for an instance before 503, or null for the default. */
        public Duration getUnavailableAfter() {
            return unavailableAfter;
        }

        /** Sets the wait for an instance before 503. */
        public void setUnavailableAfter(Duration unavailableAfter) {
            this.unavailableAfter = unavailableAfter;
        }

        /** The static resources' class-path prefix, or null. */
        public String getStaticResources() {
            return staticResources;
        }

        /** Sets the static resources' class-path prefix. */
        public void setStaticResources(String staticResources) {
            this.staticResources = staticResources;
        }

        /** The static files' directory, or null. */
        public Path getStaticFiles() {
            return staticFiles;
        }

        /** Sets the static files' directory. */
        public void setStaticFiles(Path staticFiles) {
            this.staticFiles = staticFiles;
        }

        /** The CORS origins. */
        public List<String> getCorsOrigins() {
            return corsOrigins;
        }

        /** Sets the CORS origins. */
        public void setCorsOrigins(List<String> corsOrigins) {
            this.corsOrigins = corsOrigins;
        }
    }

    /** {@code skein.services.<beanName>.*}: registers the bean as a service, or overrides its {@link SkeinService}. */
    public static class ServiceProperties {

        /** The path the bean is registered at. */
        private String path;

        /** Its semantic version. Default: 0.0.0. */
        private String version;

        /** Every method it offers, standard and custom. Default: the standard methods its class implements. */
        private List<String> methods;

        /** The custom events it emits. */
        private List<String> events;

        /** Free metadata advertised to the mesh with the service. */
        private Map<String, String> metadata = new LinkedHashMap<>();

        /** The path, or null. */
        public String getPath() {
            return path;
        }

        /** Sets the path. */
        public void setPath(String path) {
            this.path = path;
        }

        /** The version, or null. */
        public String getVersion() {
            return version;
        }

        /** Sets the version. */
        public void setVersion(String version) {
            this.version = version;
        }

        /** The methods, or null. */
        public List<String> getMethods() {
            return methods;
        }

        /** Sets the methods. */
        public void setMethods(List<String> methods) {
            this.methods = methods;
        }

        /** The custom events, or null. */
        public List<String> getEvents() {
            return events;
        }

        /** Sets the custom events. */
        public void setEvents(List<String> events) {
            this.events = events;
        }

        /** The metadata. */
        public Map<String, String> getMetadata() {
            return metadata;
        }

        /** Sets the metadata. */
        public void setMetadata(Map<String, String> metadata) {
            this.metadata = metadata;
        }
    }
}
