package dev.skein.mesh;

import dev.skein.core.App;
import dev.skein.core.Hooks;
import dev.skein.core.Params;
import dev.skein.core.Plugin;
import dev.skein.mesh.internal.MeshNode;
import dev.skein.mesh.spi.CallKeys;
import dev.skein.mesh.spi.Codec;
import dev.skein.mesh.spi.Transport;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Makes an app a node of a mesh: its services become callable from every other node, and the
 * services of other nodes appear in it as local proxies at the same path.
 *
 * <pre>{@code
 * App app = App.create();
 * app.use("todos", new MemoryService());
 * app.configure(Mesh.join());          // zero configuration on a LAN
 * }</pre>
 *
 * <p>Thread-safe. Closing the mesh (or the app) leaves the mesh gracefully: other nodes are told,
 * calls in flight are finished, then the transport closes. Closing is idempotent.
 */
public final class Mesh implements Plugin, AutoCloseable {

    /** The mesh's name when none is given; nodes of other namespaces never see each other. */
    public static final String DEFAULT_NAMESPACE = "skein";
    /** The transport when none is given (and the system property {@code skein.transport} is not set): tcp with multicast discovery. */
    public static final String DEFAULT_TRANSPORT = "tcp://";
    /** The payload codec when none is given; {@code cbor} is the other. */
    public static final String DEFAULT_CODEC = "json";
    /** 16 MiB: the largest frame payload a node sends or accepts. */
    public static final int DEFAULT_MAX_FRAME_SIZE = Codec.DEFAULT_MAX_FRAME_SIZE;
    /** How long a call may take when no timeout is given, waiting for an instance included: 10 s. */
    public static final Duration DEFAULT_TIMEOUT = MeshSettings.TIMEOUT.defaultValue();
    /** The cluster name of a deployment when none is given, as happner's. */
    public static final String DEFAULT_CLUSTER_NAME = "happn-cluster";
    /** How many calls from other nodes a node runs at once by default. */
    public static final int DEFAULT_MAX_SERVING = 10_000;
    /** How many events of one sender may wait for a node's listeners by default. */
    public static final int DEFAULT_MAX_QUEUED_EVENTS = 100_000;
    /** How many calls a node may wait for at once by default. */
    public static final int DEFAULT_MAX_PENDING_CALLS = 100_000;
    /** How often a node tells the others it is alive when no interval is given: every second. */
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = MeshSettings.HEARTBEAT.defaultValue();
    /** A node silent for this long is removed: 3 missed heartbeats, so under 5 s at defaults. */
    public static final Duration DEFAULT_DEAD_AFTER = MeshSettings.DEAD_AFTER.defaultValue();
    /** How long {@link #ready()} waits for the transport and the dependencies when no timeout is given: 60 s. */
    public static final Duration DEFAULT_DISCOVERY_TIMEOUT = MeshSettings.DISCOVERY_TIMEOUT.defaultValue();
    /** How long closing waits for the calls a node serves when no timeout is given: 10 s. */
    public static final Duration DEFAULT_DRAIN_TIMEOUT = MeshSettings.DRAIN_TIMEOUT.defaultValue();
    /** How long a node that went away stays listed offline in {@link #fleet()}: one hour. */
    public static final Duration DEFAULT_OFFLINE_RETENTION = MeshSettings.OFFLINE_RETENTION.defaultValue();
    /** How many nodes gone offline {@link #fleet()} keeps at most; past it the longest gone is forgotten first. */
    public static final int MAX_OFFLINE_NODES = MeshNode.MAX_OFFLINE_NODES;
    /** The built-in path of drain requests ({@link #drain}): name it in an access rule to say who may drain a node. */
    public static final String DRAIN_PATH = MeshNode.DRAIN_PATH;
    /** How far a sealed packet's clock may be from the receiver's (see {@link Builder#credentials}). */
    public static final Duration DEFAULT_MAX_FRAME_AGE = MeshSettings.MAX_FRAME_AGE.defaultValue();

    /** Param entry ({@link Duration}) that overrides the timeout of one call: {@code params.set(Mesh.TIMEOUT, Duration.ofSeconds(2))}. */
    public static final String TIMEOUT = CallKeys.TIMEOUT;
    /**
     * Free param ({@code String}, a semver range such as {@code "^2"}): the versions of the service
     * this one call accepts, instead of the mesh's range for the path ({@link Builder#version}); a
     * brokered path of the gateway sets it. It does not travel to the serving node.
     */
    public static final String VERSION = CallKeys.VERSION;
    /** Param entry ({@link java.time.Instant}) on a call served for another node: after it, nobody waits for the answer. */
    public static final String DEADLINE = CallKeys.DEADLINE;
    /**
     * Param entry ({@link String}): the idempotency key of a call. Every call that is not find or
     * get gets one; the serving node remembers the keys of the calls it ran (5 minutes, 20,000 keys)
     * and answers a request that comes again with its key from the same caller (the same node id,
     * proving the same key or certificate) with the first answer, once the access rules allowed it,
     * instead of running it twice. A service reads it ({@code params.get(Mesh.IDEMPOTENCY_KEY)}) to
     * make its own writes idempotent; a caller retrying a call that failed with "may or may not have
     * run" sets the key that error's data names.
     */
    public static final String IDEMPOTENCY_KEY = CallKeys.IDEMPOTENCY_KEY;
    /** Param entry ({@link String}) on a call served for another node: the id of the node that sent it. */
    public static final String CALLER = CallKeys.CALLER;
    /**
     * Param entry ({@link Boolean}) on a call served for another node: true when the mesh has
     * credentials, so the calling node proved them and its id is the one it proved.
     */
    public static final String CALLER_VERIFIED = CallKeys.CALLER_VERIFIED;
    /**
     * Param entry ({@link Boolean}) on a call served for another node: true when the mesh verifies
     * users ({@link Builder#verifyUsers}): the caller's user map was dropped, only its token counts.
     */
    public static final String USER_FROM_TOKEN_ONLY = CallKeys.USER_FROM_TOKEN_ONLY;

    private final MeshOptions options;
    private volatile MeshNode node;

    private Mesh(MeshOptions options) {
        this.options = options;
    }

    /** A mesh with every default: tcp transport with multicast discovery, namespace {@value #DEFAULT_NAMESPACE}. */
    public static Mesh join() {
        return builder().build();
    }

    /** A builder that starts from every default. */
    public static Builder builder() {
        return new Builder();
    }

    /** The settings the mesh was built with. */
    public MeshOptions options() {
        return options;
    }

    /**
     * Joins the mesh as a node of {@code app}: starts the transport and begins discovery; calls
     * may be made at once and wait for instances. Use {@link #ready()} to wait for the transport.
     *
     * @throws IllegalStateException when this mesh is already configured on an app (build one per app)
     */
    @Override
    public void configure(App app) {
        if (node != null) throw new IllegalStateException("This mesh is already configured on an app; build one per app");
        node = MeshNode.create(app, options);
        node.start();
    }

    /** This node's id, unique in the mesh. */
    public String nodeId() {
        return node().nodeId();
    }

    /**
     * Completes when the transport is up and every dependency is met ({@link Builder#dependency});
     * fails with {@link dev.skein.core.errors.Unavailable} listing what is missing after the
     * discovery timeout, or naming the transport's address when it could not start.
     */
    public CompletableFuture<Void> ready() {
        return node().ready();
    }

    /**
     * Whether this node is ready now and what is missing if not: the transport started, every
     * dependency ({@link Builder#dependency}) with its instances, the node not leaving. What a
     * readiness probe asks ({@code /health/ready} on a gateway or a node's HTTP port).
     */
    public Readiness readiness() {
        return node().readiness();
    }

    /**
     * The fleet registry that remembers: every node of {@link #nodes()}, then every node that went
     * away within the offline retention ({@link Builder#offlineRetention}), most recently gone
     * first, with {@link NodeInfo#online()} false, why it went ({@link NodeInfo#offlineReason()})
     * and when it was last heard from. A node that comes back is online again. A restarted process
     * is a new node (a new id): its predecessor stays listed offline.
     */
    public List<NodeInfo> fleet() {
        return node().fleet();
    }

    /** Every node of the mesh as this node sees it, this node first, with health: the fleet registry. */
    public List<NodeInfo> nodes() {
        return node().nodes();
    }

    /** Every service instance of the mesh as this node sees it, local ones first. */
    public List<ServiceInfo> services() {
        return node().services();
    }

    /**
     * A late-bound call (happner's {@code $call}): calls {@code method} of {@code path} on whichever
     * node serves it, local first. Fails with MethodNotAllowed naming the path and method when no
     * instance offers the method, and with Unavailable when no instance appears before the timeout.
     */
    public CompletableFuture<Object> call(String path, String method, Object id, Object data, Params params) {
        return node().call(App.normalize(path), method, id, data, params);
    }

    /**
     * A late-bound call of a custom method, {@code find} or {@code create}: {@code call("orders", "archive", data)}.
     * A method that takes an id ({@code get}, {@code update}, {@code patch}, {@code remove}) fails
     * with {@link dev.skein.core.errors.BadRequest}: without an id, patch and remove would reach
     * every item; use {@link #call(String, String, Object, Object, Params)}.
     */
    public CompletableFuture<Object> call(String path, String method, Object data) {
        if (dev.skein.core.Methods.takesId(method)) {
            return CompletableFuture.failedFuture(new dev.skein.core.errors.BadRequest("'" + method + "' takes an id: call(\""
                    + path + "\", \"" + method + "\", id, data, params)"));
        }
        return call(path, method, null, data, new Params());
    }

    /**
     * Adds a listener that hears nodes join, leave and fail and services appear and disappear.
     *
     * @throws IllegalStateException before the mesh is configured on an app
     */
    public Mesh addListener(MeshListener listener) {
        node().addListener(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /** Removes a listener added by {@link #addListener}; nothing happens if it was not there. */
    public Mesh removeListener(MeshListener listener) {
        node().removeListener(listener);
        return this;
    }

    /**
     * Drains node {@code nodeId} and stops it, as an operator does with {@code skein drain}: the node
     * takes no new calls, finishes those in flight (up to its drain timeout) and leaves, as its own
     * {@link #close()} would; a {@code skein node} or {@code skein gateway} process then exits 0, an app hears it through
     * {@link #drained()}. Only a node the drained one lets may ask: the identities an access rule for
     * {@link #DRAIN_PATH} names ({@code Access.builder().call(Mesh.DRAIN_PATH, "drain", "ops")}), or,
     * when no rule names it, any node if that node allows remote drains
     * ({@link MeshSettings#ALLOW_REMOTE_DRAIN}, off by default). The request is answered within the
     * call timeout; the stage completes with the node as {@link #fleet()} lists it once it has said
     * it leaves ({@link NodeInfo#online()} false, reason {@link NodeInfo#LEFT}: calls it was running
     * may still be finishing). It fails with {@link dev.skein.core.errors.Forbidden} when the node
     * refuses (it logs a warning and does nothing), NotFound for a node this one does not know,
     * Unavailable for a node that does not take drain requests (an older Skein), BadRequest for this
     * node itself, Timeout when it has not left within the call timeout after agreeing.
     */
    public java.util.concurrent.CompletionStage<NodeInfo> drain(String nodeId) {
        return node().drain(nodeId, options.calls().timeout());
    }

    /**
     * Completes with the id of the node that drained this one ({@link #drain}), once this node has
     * left the mesh on its request (its mesh is closed; its app is not: the app decides whether to
     * exit, as {@code skein node} does). Never completes when the node leaves otherwise.
     */
    public java.util.concurrent.CompletionStage<String> drained() {
        return node().drained();
    }

    /**
     * Leaves the mesh gracefully: tells the other nodes, waits for the calls this node serves (at
     * most the drain timeout), then closes the transport. Idempotent; does nothing before
     * {@link #configure}. The app closes its mesh when it closes.
     */
    @Override
    public void close() {
        MeshNode n = node;
        if (n != null) n.close();
    }

    private MeshNode node() {
        MeshNode n = node;
        if (n == null) throw new IllegalStateException("The mesh is not configured yet: app.configure(mesh) first");
        return n;
    }

    /** Builds a {@link Mesh}; everything has a default, checked in {@link #build()}. */
    public static final class Builder {
        /** The values of {@link MeshSettings} given to this builder; a setting not here has its declared default. */
        private final Map<dev.skein.core.settings.Setting<?>, Object> values = new LinkedHashMap<>();
        private Transport transportInstance;
        private Predicate<String> publish = p -> true;
        private Predicate<String> consume = p -> true;
        private BiPredicate<String, String> events = (p, e) -> true;
        private Predicate<String> sync = p -> false;
        private UnaryOperator<String> proxyPath = UnaryOperator.identity();
        private Consumer<Hooks> proxyHooks = h -> { };
        private MeshCredentials credentials;
        private io.micrometer.core.instrument.MeterRegistry meterRegistry;
        private io.opentelemetry.api.OpenTelemetry openTelemetry = io.opentelemetry.api.OpenTelemetry.noop();
        private MeshOptions.EventsOnly eventsOnly;
        private Access access;

        private Builder() {
        }

        /** The mesh's name (the seeds' key or domain); nodes of other namespaces are ignored. */
        public Builder namespace(String namespace) {
            // the last of namespace(..) and deployment(..) wins, as a builder's calls do; given both as settings they are refused
            values.remove(MeshSettings.DEPLOYMENT);
            values.remove(MeshSettings.CLUSTER);
            return set(MeshSettings.NAMESPACE, Objects.requireNonNull(namespace, "namespace"));
        }

        /**
         * happner's {@code deploymentId} and {@code clusterName}: nodes of another deployment, or of
         * another cluster of the same deployment, never see each other. The namespace becomes
         * {@code <deploymentId>.<clusterName>}; each part is letters, digits, '-' and '_'.
         */
        public Builder deployment(String deploymentId, String clusterName) {
            values.remove(MeshSettings.NAMESPACE);
            set(MeshSettings.DEPLOYMENT, Objects.requireNonNull(deploymentId, "deploymentId"));
            return set(MeshSettings.CLUSTER, Objects.requireNonNull(clusterName, "clusterName"));
        }

        /**
         * The service this node provides in its cluster, as happner's {@code serviceName}
         * ({@code "historian"}): carried in its hello, shown by {@code skein nodes}, {@link #nodes()}
         * ({@link NodeInfo#role()}), {@code /fleet} and the dashboard.
         */
        public Builder role(String role) {
            return set(MeshSettings.ROLE, Objects.requireNonNull(role, "role"));
        }

        /**
         * happner's {@code memberScanningErrorThreshold}: after {@code heartbeats} heartbeats in a row
         * with its transport's link down (its broker out of reach), the node reports itself failed:
         * an ERROR line, and {@link Mesh#readiness()} (so {@code /health/ready}) says not ready until
         * the link is back. 0, the default, never.
         */
        public Builder scanErrorThreshold(int heartbeats) {
            return set(MeshSettings.SCAN_ERROR_THRESHOLD, heartbeats);
        }

        /** {@link #deployment(String, String)} with happner's default cluster name, {@value #DEFAULT_CLUSTER_NAME}. */
        public Builder deployment(String deploymentId) {
            return deployment(deploymentId, DEFAULT_CLUSTER_NAME);
        }

        /** The transport URI: {@code tcp://} (default), {@code local://}, {@code nats://host:port}... */
        public Builder transport(String uri) {
            set(MeshSettings.TRANSPORT, Objects.requireNonNull(uri, "uri"));
            this.transportInstance = null;
            return this;
        }

        /** A transport built by the caller (around a client it already has, say). */
        public Builder transport(Transport transport) {
            this.transportInstance = Objects.requireNonNull(transport, "transport");
            return this;
        }

        /** Payload codec: {@code json} (default) or {@code cbor}. All nodes of a mesh use the same. */
        public Builder codec(String codec) {
            return set(MeshSettings.CODEC, Objects.requireNonNull(codec, "codec"));
        }

        /**
         * The largest frame payload, in bytes, this node sends or accepts (default
         * {@value #DEFAULT_MAX_FRAME_SIZE}, at least 1024); a larger call, answer or event fails
         * with PayloadTooLarge. All nodes of a mesh should use the same.
         */
        public Builder maxFrameSize(int bytes) {
            return set(MeshSettings.MAX_FRAME_SIZE, bytes);
        }

        /**
         * How many calls from other nodes this node runs at once (default {@value #DEFAULT_MAX_SERVING});
         * one more is answered {@code TooManyRequests} at once, without running.
         */
        public Builder maxServing(int calls) {
            return set(MeshSettings.MAX_SERVING, calls);
        }

        /**
         * How many events of one sender may wait for this node's listeners (default
         * {@value #DEFAULT_MAX_QUEUED_EVENTS}); past that a slow listener loses the newest of that
         * sender's events (counted, one log line a minute) instead of this node running out of heap.
         */
        public Builder maxQueuedEvents(int events) {
            return set(MeshSettings.MAX_QUEUED_EVENTS, events);
        }

        /**
         * How many calls this node may wait for at once (default {@value #DEFAULT_MAX_PENDING_CALLS});
         * one more fails at once with {@code TooManyRequests}, without being sent.
         */
        public Builder maxPendingCalls(int calls) {
            return set(MeshSettings.MAX_PENDING_CALLS, calls);
        }

        /**
         * Whether the callbacks added to a remote call's future ({@code whenComplete}, {@code thenApply},
         * ...) run where its answer arrives, the transport's I/O thread (or the timer's, for a timeout),
         * instead of on the app's executor; off by default. On, a caller that chains its next call from
         * the callback of the last saves a thread hand-off per call, as gRPC's {@code directExecutor()}
         * does: only for callbacks that never block. A callback that waits there for another call's
         * answer ({@code join}, {@code get}) fails at once with an {@code IllegalStateException} (it would
         * wait for itself); one that runs 50 ms or more is logged. Hooks, services and event listeners
         * run on the app's executor either way.
         */
        public Builder directCallbacks(boolean direct) {
            return set(MeshSettings.DIRECT_CALLBACKS, direct);
        }

        /**
         * The timeout of a call, the time spent waiting for an instance included (default
         * {@link Mesh#DEFAULT_TIMEOUT}); positive. One call may set its own with the param
         * {@link Mesh#TIMEOUT}.
         */
        public Builder timeout(Duration timeout) {
            return set(MeshSettings.TIMEOUT, Objects.requireNonNull(timeout, "timeout"));
        }

        /** How a call picks among the remote instances of a path; {@link Balancing#ROUND_ROBIN} by default. */
        public Builder balancing(Balancing balancing) {
            return set(MeshSettings.BALANCING, Objects.requireNonNull(balancing, "balancing"));
        }

        /**
         * Calls of {@code path} go only to instances whose version satisfies {@code range}
         * ({@code "^1.2"}, {@code "1.x"}); among them the balancing takes turns across every matching
         * instance (as happner does), or only the highest version's with {@link #preferHighestVersion}.
         * A local instance still wins when there is one.
         */
        public Builder version(String path, String range) {
            return set(MeshSettings.VERSIONS, with(MeshSettings.VERSIONS, App.normalize(path), Objects.requireNonNull(range, "range")));
        }

        /** With a version range, only the instances of the highest matching version serve (false by default). */
        public Builder preferHighestVersion(boolean prefer) {
            return set(MeshSettings.PREFER_HIGHEST_VERSION, prefer);
        }

        /**
         * How often this node sends its heartbeat (default {@link Mesh#DEFAULT_HEARTBEAT_INTERVAL}),
         * and how long a silent node is kept before it is removed (default
         * {@link Mesh#DEFAULT_DEAD_AFTER}); {@code deadAfter} must be at least two intervals, checked
         * in {@link #build()}.
         */
        public Builder heartbeat(Duration interval, Duration deadAfter) {
            set(MeshSettings.HEARTBEAT, Objects.requireNonNull(interval, "interval"));
            return set(MeshSettings.DEAD_AFTER, Objects.requireNonNull(deadAfter, "deadAfter"));
        }

        /**
         * {@link Mesh#ready()} waits until {@code instances} instances of {@code path} are up
         * (happner's dependencies): instances of the service at that path, this node's own
         * included, or other members whose {@link #role} is {@code path}, as happner counts
         * members by their {@code serviceName}; whichever are more.
         */
        public Builder dependency(String path, int instances) {
            if (instances < 1) throw new IllegalArgumentException("a dependency needs at least 1 instance, got " + instances);
            return set(MeshSettings.DEPENDENCIES, with(MeshSettings.DEPENDENCIES, App.normalize(path), instances));
        }

        /**
         * Whether {@link Mesh#ready()} waits for a transport that cannot start, typically a broker
         * that is not up yet (false by default: it fails at once). When true the node tries again,
         * after 250 ms and then twice as long each time up to 5 s, logging each failure, until the
         * transport starts or the discovery timeout has passed; then ready() fails naming the
         * transport's address and the last error. Refused credentials or an untrusted certificate
         * fail it at once: trying again would not help.
         */
        public Builder waitForTransport(boolean wait) {
            return set(MeshSettings.WAIT_FOR_TRANSPORT, wait);
        }

        /** How long {@link Mesh#ready()} waits for the transport and the dependencies ({@link Mesh#DEFAULT_DISCOVERY_TIMEOUT} by default). */
        public Builder discoveryTimeout(Duration timeout) {
            return set(MeshSettings.DISCOVERY_TIMEOUT, Objects.requireNonNull(timeout, "timeout"));
        }

        /** How long closing waits for the calls this node serves. */
        public Builder drainTimeout(Duration timeout) {
            return set(MeshSettings.DRAIN_TIMEOUT, Objects.requireNonNull(timeout, "timeout"));
        }

        /**
         * How long a node that left, closed its connection or went silent stays in
         * {@link Mesh#fleet()}, marked offline with why and when it was last seen
         * ({@link Mesh#DEFAULT_OFFLINE_RETENTION} by default; {@link Duration#ZERO} forgets it at once).
         * At most {@link Mesh#MAX_OFFLINE_NODES} are kept.
         */
        public Builder offlineRetention(Duration retention) {
            return set(MeshSettings.OFFLINE_RETENTION, Objects.requireNonNull(retention, "retention"));
        }

        /** Which local services other nodes may use (all by default). */
        public Builder publish(Predicate<String> paths) {
            this.publish = Objects.requireNonNull(paths, "paths");
            return this;
        }

        /** Which remote services get a local proxy (all by default). */
        public Builder consume(Predicate<String> paths) {
            this.consume = Objects.requireNonNull(paths, "paths");
            return this;
        }

        /** Which events (service path, event name) are sent to other nodes (all by default). */
        public Builder events(BiPredicate<String, String> events) {
            this.events = Objects.requireNonNull(events, "events");
            values.remove(MeshSettings.REPLICATE);
            return this;
        }

        /**
         * Which events are sent to other nodes, as happner's replication paths: glob patterns over
         * {@code path/event} ({@code "**"}, {@code "todos/*"}); see {@link Replication}.
         */
        public Builder replicate(String... globs) {
            Replication.of(globs); // refuses an empty list or a bad pattern now
            return set(MeshSettings.REPLICATE, List.of(globs));
        }

        /** Replicas of the paths that pass {@code paths} share their events (feathers-sync). */
        public Builder sync(Predicate<String> paths) {
            this.sync = Objects.requireNonNull(paths, "paths");
            return this;
        }

        /** Replicas of these paths share their events (feathers-sync): an event of one is emitted on the others. */
        public Builder sync(String... paths) {
            List<String> all = new java.util.ArrayList<>(value(MeshSettings.SYNC));
            for (String p : paths) all.add(App.normalize(p));
            return set(MeshSettings.SYNC, all);
        }

        /** The local path of the proxy of a remote path, e.g. {@code p -> "remote/" + p}. */
        public Builder proxyPath(UnaryOperator<String> proxyPath) {
            this.proxyPath = Objects.requireNonNull(proxyPath, "proxyPath");
            return this;
        }

        /** Hooks added to every remote proxy, e.g. {@code h -> h.before(authenticate("jwt"))}: the API gateway scenario. */
        public Builder proxyHooks(Consumer<Hooks> hooks) {
            this.proxyHooks = Objects.requireNonNull(hooks, "hooks");
            return this;
        }

        /**
         * The credentials every node of this mesh must hold (null, the default, for an open mesh:
         * anyone who reaches the transport can join). With credentials, nodes without them are
         * neither heard nor admitted, and every packet is sealed; see {@link MeshCredentials}.
         */
        public Builder credentials(MeshCredentials credentials) {
            this.credentials = credentials;
            return this;
        }

        /**
         * How far a sealed packet's clock may be from the receiver's clock before it is refused as
         * a replay ({@link #DEFAULT_MAX_FRAME_AGE}); keep the nodes' clocks in step (NTP). Whatever
         * this age, a node refuses a packet sealed more than a second before it started, so traffic
         * captured earlier cannot be replayed to it; a sender whose clock is behind by more than that
         * is not heard by a new node until its clock passes the node's start.
         */
        public Builder maxFrameAge(Duration age) {
            return set(MeshSettings.MAX_FRAME_AGE, Objects.requireNonNull(age, "age"));
        }

        /**
         * The distributed application mode of feathers-distributed: when true, a call served for
         * another node never carries the user that node sent ({@code params.user()} is null); only its
         * {@code authentication} (the caller's token) travels, and the service's own
         * {@code authenticate()} hook verifies it with the shared authentication secret and looks the
         * user up. So even a node that holds the mesh's credentials cannot invent a user. Off by
         * default: the API gateway scenario, where service nodes trust the user the gateway verified.
         * Served calls carry {@link Mesh#USER_FROM_TOKEN_ONLY} = true in this mode.
         */
        public Builder verifyUsers(boolean verify) {
            return set(MeshSettings.VERIFY_USERS, verify);
        }

        /**
         * Per-service rules by node identity (who may call which methods, who may offer which
         * paths); null (the default) for none. A denied call fails on the caller with Forbidden; a
         * path offered by a node that may not offer it is not registered here. Identities come from
         * the transport: {@code tcp} with mutual TLS gives each node its certificate's CN and OUs.
         */
        public Builder access(Access access) {
            this.access = access;
            return this;
        }

        /**
         * Where this node's meters go (Micrometer, as Spring and Vert.x users scrape them): calls out
         * and in by service, method, remote node and outcome, calls in flight, events, membership
         * changes, frames and bytes. Without one (the default) nothing is measured.
         * {@code MicrometerMetrics} in the docs lists every meter.
         */
        public Builder metrics(io.micrometer.core.instrument.MeterRegistry registry) {
            this.meterRegistry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /**
         * Where this node's spans go (OpenTelemetry, API only: the SDK is the user's): a client span
         * per call it sends, a server span per call it serves, the context carried in the packet's
         * headers, so that one trace runs gateway → node A → node B; events carry the context of the
         * call that emitted them. The default, {@code OpenTelemetry.noop()}, traces nothing (pass
         * {@code GlobalOpenTelemetry.get()} to use an agent's).
         */
        public Builder tracing(io.opentelemetry.api.OpenTelemetry openTelemetry) {
            this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
            return this;
        }

        /**
         * Sync-only mode, the preset {@link dev.skein.mesh.sync.Sync} builds: events only, with
         * {@code codec} on the broker (null: the mesh's) and the broker's name {@code channel}
         * exactly (null: the transport's naming). See {@link MeshOptions.EventsOnly}.
         */
        public Builder eventsOnly(dev.skein.mesh.spi.Codec codec, String channel) {
            this.eventsOnly = new MeshOptions.EventsOnly(codec, channel);
            return this;
        }

        /**
         * Gives {@code setting} the value {@code value} (null: back to its default), the way every
         * source of settings does; the typed methods above are shorthands for it.
         *
         * @throws IllegalArgumentException when the value fails the setting's check, naming the setting
         */
        public <T> Builder set(dev.skein.core.settings.Setting<T> setting, T value) {
            if (!MeshSettings.ALL.contains(setting)) throw new IllegalArgumentException(setting + " is not a mesh setting");
            if (value == null) values.remove(setting);
            else values.put(setting, setting.checked(value));
            return this;
        }

        /** The value {@code setting} has in this builder: the one given, else its default. */
        @SuppressWarnings("unchecked")
        public <T> T value(dev.skein.core.settings.Setting<T> setting) {
            return values.containsKey(setting) ? (T) values.get(setting) : setting.defaultValue();
        }

        /** Whether {@code setting} was given to this builder, rather than left at its default. */
        public boolean isSet(dev.skein.core.settings.Setting<?> setting) {
            return values.containsKey(setting);
        }

        private <V> Map<String, V> with(dev.skein.core.settings.Setting<Map<String, V>> setting, String key, V value) {
            Map<String, V> all = new LinkedHashMap<>(value(setting));
            all.put(key, value);
            return all;
        }

        /**
         * The mesh, not yet joined: {@code app.configure(mesh)} joins it.
         *
         * @throws IllegalArgumentException for settings that do not hold together (see {@link MeshOptions}'s checks);
         *         a {@link dev.skein.core.settings.SettingException} names the settings concerned
         */
        public Mesh build() {
            Map<dev.skein.core.settings.Setting<?>, Object> given = new LinkedHashMap<>(values);
            if (!given.containsKey(MeshSettings.TRANSPORT) && System.getProperty("skein.transport") != null) {
                given.put(MeshSettings.TRANSPORT, System.getProperty("skein.transport"));
            }
            return new Mesh(MeshOptions.of(given, transportInstance,
                    new MeshOptions.Services(publish, consume, events, sync, proxyPath, proxyHooks), credentials, access,
                    new MeshOptions.Telemetry(meterRegistry, openTelemetry), eventsOnly));
        }
    }
}
