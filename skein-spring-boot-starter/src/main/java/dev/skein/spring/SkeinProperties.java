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
@ConfigurationProperties(prefix = "skein", ignoreUnknownFields = false)
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

        /** The transport URI: tcp:// (multicast discovery), tcp://?multicast=false&seeds=host:port, local://, nats://host:4222, redis://host:6379, amqp://host:5672. Default: tcp://, or the skein.transport system property. */
        private String transport;

        /** The mesh's name; nodes of other namespaces are ignored. Default: skein. Not with deployment. */
        private String namespace;

        /** happner's deploymentId: the namespace becomes <deployment>.<cluster>. Letters, digits, '-' and '_'. */
        private String deployment;

        /** happner's clusterName, with deployment. Default: happn-cluster. */
        private String cluster;

        /** The service this node provides in its cluster (happner's serviceName), shown in the fleet registry. */
        private String role;

        /** The payload codec, the same on every node: json or cbor. Default: json. */
        private String codec;

        /** The default timeout of a call, waiting for an instance included. Default: 10s. */
        private Duration timeout;

        /** How often this node says it is alive. Default: 1s. */
        private Duration heartbeat;

        /** A node silent this long is removed; at least two heartbeats. Default: 3.5 heartbeats (3500ms). */
        private Duration deadAfter;

        /** How long the mesh waits for the transport and the dependencies to be ready. Default: 60s. */
        private Duration discoveryTimeout;

        /** How long leaving waits for the calls this node serves. Default: 10s. */
        private Duration drainTimeout;

        /** How long a node gone away stays listed offline in the fleet. Default: 1h. */
        private Duration offlineRetention;

        /** How far a sealed packet's clock may be from this node's before it is refused as a replay. Default: 5m. */
        private Duration maxFrameAge;

        /** The largest frame a node sends or accepts. Default: 16MB. */
        private DataSize maxFrameSize;

        /** How many calls from other nodes this node runs at once; one more is answered TooManyRequests. Default: 10000. */
        private Integer maxServing;

        /** How many events of one sender may wait for this node's listeners. Default: 100000. */
        private Integer maxQueuedEvents;

        /** How many calls this node may wait for at once. Default: 100000. */
        private Integer maxPendingCalls;

        /** After this many heartbeats in a row with the transport's link down, the node reports itself failed (not ready); 0 never. Default: 0. */
        private Integer scanErrorThreshold;

        /** How a call picks among the instances of a service. Default: round-robin. */
        private Balancing balancing;

        /** Services this node needs, by path, with how many instances: it is not ready until they are up. */
        private Map<String, Integer> dependencies = new LinkedHashMap<>();

        /** Version ranges by path ('^2', '1.x'): calls go only to matching instances. */
        private Map<String, String> versions = new LinkedHashMap<>();

        /** With a version range, only the highest matching version serves. Default: false. */
        private Boolean preferHighestVersion;

        /** Which events other nodes hear, as globs over path/event ('**', 'todos/*'). Default: all. */
        private List<String> replicate = new ArrayList<>();

        /** Paths whose replicas share their events (feathers-sync). */
        private List<String> sync = new ArrayList<>();

        /** The local paths other nodes may call. Default: all. */
        private List<String> publish;

        /** The remote paths this node uses. Default: all (but the paths its own service beans serve). */
        private List<String> consume;

        /** Whether the mesh keeps trying a transport (a broker) that cannot start yet, up to the discovery timeout. Default: false. */
        private Boolean waitForTransport;

        /** feathers-distributed's mode: a served call carries the caller's token, never its user. Default: false. */
        private Boolean verifyUsers;

        /** The mesh secret (at least 32 bytes; several separated by commas while rotating, the current one first). Bound from $SKEIN_MESH_SECRET too. Not with secret-file or key-file. */
        private String secret;

        /** A file holding the mesh secret, one per line, the current one first. */
        private Path secretFile;

        /** This node's key pair (PEM), with trusted-keys-file: per-node keys instead of a shared secret. */
        private Path keyFile;

        /** The public keys this node trusts, with key-file. */
        private Path trustedKeysFile;

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

        /** The transport URI, or null for the default. */
        public String getTransport() {
            return transport;
        }

        /** Sets the transport URI. */
        public void setTransport(String transport) {
            this.transport = transport;
        }

        /** The namespace, or null for the default. */
        public String getNamespace() {
            return namespace;
        }

        /** Sets the namespace. */
        public void setNamespace(String namespace) {
            this.namespace = namespace;
        }

        /** The deployment id, or null. */
        public String getDeployment() {
            return deployment;
        }

        /** Sets the deployment id. */
        public void setDeployment(String deployment) {
            this.deployment = deployment;
        }

        /** The cluster name, or null. */
        public String getCluster() {
            return cluster;
        }

        /** Sets the cluster name. */
        public void setCluster(String cluster) {
            this.cluster = cluster;
        }

        /** The node's role, or null. */
        public String getRole() {
            return role;
        }

        /** Sets the node's role. */
        public void setRole(String role) {
            this.role = role;
        }

        /** The codec, or null for the default. */
        public String getCodec() {
            return codec;
        }

        /** Sets the codec. */
        public void setCodec(String codec) {
            this.codec = codec;
        }

        /** The call timeout, or null for the default. */
        public Duration getTimeout() {
            return timeout;
        }

        /** Sets the call timeout. */
        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }

        /** The heartbeat interval, or null for the default. */
        public Duration getHeartbeat() {
            return heartbeat;
        }

        /** Sets the heartbeat interval. */
        public void setHeartbeat(Duration heartbeat) {
            this.heartbeat = heartbeat;
        }

        /** How long a silent node lives, or null for the default. */
        public Duration getDeadAfter() {
            return deadAfter;
        }

        /** Sets how long a silent node lives. */
        public void setDeadAfter(Duration deadAfter) {
            this.deadAfter = deadAfter;
        }

        /** The discovery timeout, or null for the default. */
        public Duration getDiscoveryTimeout() {
            return discoveryTimeout;
        }

        /** Sets the discovery timeout. */
        public void setDiscoveryTimeout(Duration discoveryTimeout) {
            this.discoveryTimeout = discoveryTimeout;
        }

        /** The drain timeout, or null for the default. */
        public Duration getDrainTimeout() {
            return drainTimeout;
        }

        /** Sets the drain timeout. */
        public void setDrainTimeout(Duration drainTimeout) {
            this.drainTimeout = drainTimeout;
        }

        /** The offline retention, or null for the default. */
        public Duration getOfflineRetention() {
            return offlineRetention;
        }

        /** Sets the offline retention. */
        public void setOfflineRetention(Duration offlineRetention) {
            this.offlineRetention = offlineRetention;
        }

        /** The largest age of a sealed packet, or null for the default. */
        public Duration getMaxFrameAge() {
            return maxFrameAge;
        }

        /** Sets the largest age of a sealed packet. */
        public void setMaxFrameAge(Duration maxFrameAge) {
            this.maxFrameAge = maxFrameAge;
        }

        /** The largest frame, or null for the default. */
        public DataSize getMaxFrameSize() {
            return maxFrameSize;
        }

        /** Sets the largest frame. */
        public void setMaxFrameSize(DataSize maxFrameSize) {
            this.maxFrameSize = maxFrameSize;
        }

        /** How many calls are served at once, or null for the default. */
        public Integer getMaxServing() {
            return maxServing;
        }

        /** Sets how many calls are served at once. */
        public void setMaxServing(Integer maxServing) {
            this.maxServing = maxServing;
        }

        /** How many events of a sender may wait, or null for the default. */
        public Integer getMaxQueuedEvents() {
            return maxQueuedEvents;
        }

        /** Sets how many events of a sender may wait. */
        public void setMaxQueuedEvents(Integer maxQueuedEvents) {
            this.maxQueuedEvents = maxQueuedEvents;
        }

        /** How many calls may be awaited at once, or null for the default. */
        public Integer getMaxPendingCalls() {
            return maxPendingCalls;
        }

        /** Sets how many calls may be awaited at once. */
        public void setMaxPendingCalls(Integer maxPendingCalls) {
            this.maxPendingCalls = maxPendingCalls;
        }

        /** The scan error threshold, or null for the default. */
        public Integer getScanErrorThreshold() {
            return scanErrorThreshold;
        }

        /** Sets the scan error threshold. */
        public void setScanErrorThreshold(Integer scanErrorThreshold) {
            this.scanErrorThreshold = scanErrorThreshold;
        }

        /** The balancing, or null for the default. */
        public Balancing getBalancing() {
            return balancing;
        }

        /** Sets the balancing. */
        public void setBalancing(Balancing balancing) {
            this.balancing = balancing;
        }

        /** The dependencies: instances needed by path. */
        public Map<String, Integer> getDependencies() {
            return dependencies;
        }

        /** Sets the dependencies. */
        public void setDependencies(Map<String, Integer> dependencies) {
            this.dependencies = dependencies;
        }

        /** The version ranges by path. */
        public Map<String, String> getVersions() {
            return versions;
        }

        /** Sets the version ranges by path. */
        public void setVersions(Map<String, String> versions) {
            this.versions = versions;
        }

        /** Whether only the highest matching version serves, or null for the default. */
        public Boolean getPreferHighestVersion() {
            return preferHighestVersion;
        }

        /** Sets whether only the highest matching version serves. */
        public void setPreferHighestVersion(Boolean preferHighestVersion) {
            this.preferHighestVersion = preferHighestVersion;
        }

        /** The replication globs; empty for all events. */
        public List<String> getReplicate() {
            return replicate;
        }

        /** Sets the replication globs. */
        public void setReplicate(List<String> replicate) {
            this.replicate = replicate;
        }

        /** The synced paths. */
        public List<String> getSync() {
            return sync;
        }

        /** Sets the synced paths. */
        public void setSync(List<String> sync) {
            this.sync = sync;
        }

        /** The published paths, or null for all. */
        public List<String> getPublish() {
            return publish;
        }

        /** Sets the published paths. */
        public void setPublish(List<String> publish) {
            this.publish = publish;
        }

        /** The consumed paths, or null for all. */
        public List<String> getConsume() {
            return consume;
        }

        /** Sets the consumed paths. */
        public void setConsume(List<String> consume) {
            this.consume = consume;
        }

        /** Whether the mesh waits for its transport, or null for the default. */
        public Boolean getWaitForTransport() {
            return waitForTransport;
        }

        /** Sets whether the mesh waits for its transport. */
        public void setWaitForTransport(Boolean waitForTransport) {
            this.waitForTransport = waitForTransport;
        }

        /** Whether users come from tokens only, or null for the default. */
        public Boolean getVerifyUsers() {
            return verifyUsers;
        }

        /** Sets whether users come from tokens only. */
        public void setVerifyUsers(Boolean verifyUsers) {
            this.verifyUsers = verifyUsers;
        }

        /** The mesh secret, or null. Keep it out of logs. */
        public String getSecret() {
            return secret;
        }

        /** Sets the mesh secret. */
        public void setSecret(String secret) {
            this.secret = secret;
        }

        /** The mesh secret file, or null. */
        public Path getSecretFile() {
            return secretFile;
        }

        /** Sets the mesh secret file. */
        public void setSecretFile(Path secretFile) {
            this.secretFile = secretFile;
        }

        /** The node key file, or null. */
        public Path getKeyFile() {
            return keyFile;
        }

        /** Sets the node key file. */
        public void setKeyFile(Path keyFile) {
            this.keyFile = keyFile;
        }

        /** The trusted keys file, or null. */
        public Path getTrustedKeysFile() {
            return trustedKeysFile;
        }

        /** Sets the trusted keys file. */
        public void setTrustedKeysFile(Path trustedKeysFile) {
            this.trustedKeysFile = trustedKeysFile;
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
