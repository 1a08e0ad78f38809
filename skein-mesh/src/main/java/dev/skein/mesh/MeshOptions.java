package dev.skein.mesh;

import dev.skein.core.Hooks;
import dev.skein.mesh.spi.Transport;

import dev.skein.core.settings.Setting;
import dev.skein.core.settings.SettingException;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Objects;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The settings of a mesh node, immutable, grouped by concern. Built by {@link Mesh.Builder}; every
 * default is a public constant of {@link Mesh}.
 *
 * @param namespace   the mesh's name on the network (the seeds' key / domain): nodes of other namespaces are ignored
 * @param transport   the transport URI ({@code tcp://}, {@code local://}, {@code nats://...}) when {@code transportInstance} is null
 * @param transportInstance a transport built by the user, or null
 * @param codec       payload codec name: {@code json} or {@code cbor}
 * @param maxFrameSize largest frame payload in bytes
 * @param calls       timeouts and balancing
 * @param membership  heartbeats, failure detection and readiness
 * @param services    which services are published, consumed and synced, and how proxies look
 * @param security    the mesh's credentials, if any
 * @param telemetry   where the node's metrics and traces go
 * @param eventsOnly  sync-only mode, the preset {@link dev.skein.mesh.sync.Sync} uses: the node carries its
 *                    services' events and nothing else, or null for a full mesh node
 * @param settings    the value of every {@link MeshSettings} setting the node was given (the others have their
 *                    default); read with {@link #get}
 */
public record MeshOptions(String namespace, String transport, Transport transportInstance, String codec, int maxFrameSize,
                          Calls calls, Membership membership, Services services, Security security, Telemetry telemetry,
                          EventsOnly eventsOnly, Map<Setting<?>, Object> settings) {

    /** Options without a record of the settings given: {@link #get} answers from the groups and the defaults. */
    public MeshOptions(String namespace, String transport, Transport transportInstance, String codec, int maxFrameSize,
                       Calls calls, Membership membership, Services services, Security security, Telemetry telemetry, EventsOnly eventsOnly) {
        this(namespace, transport, transportInstance, codec, maxFrameSize, calls, membership, services, security, telemetry, eventsOnly, Map.of());
    }

    /**
     * Checks the options as {@link Mesh.Builder#build()} does: options made with this constructor
     * cannot hold what the builder refuses.
     *
     * @throws IllegalArgumentException for a blank namespace, a transport URI no transport on the class
     *                                  path serves or takes, an unknown codec or a frame size under 1 KiB
     * @throws NullPointerException     for a missing group, or neither a transport URI nor a transport
     */
    public MeshOptions {
        Objects.requireNonNull(namespace, "namespace");
        if (namespace.isBlank()) throw new IllegalArgumentException("namespace must not be blank");
        if (transport == null && transportInstance == null) throw new NullPointerException("transport (a URI or a Transport)");
        if (transportInstance == null) {
            try {
                dev.skein.mesh.spi.Transports.check(transport);
            } catch (SettingException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                SettingException refusal = new SettingException(e.getMessage(), MeshSettings.TRANSPORT);
                refusal.initCause(e);
                throw refusal;
            }
        }
        MeshSettings.CODEC.checked(Objects.requireNonNull(codec, "codec"));
        MeshSettings.MAX_FRAME_SIZE.checked(maxFrameSize);
        Objects.requireNonNull(calls, "calls");
        Objects.requireNonNull(membership, "membership");
        Objects.requireNonNull(services, "services");
        Objects.requireNonNull(security, "security");
        telemetry = telemetry == null ? Telemetry.NONE : telemetry;
        settings = Map.copyOf(settings);
    }

    /**
     * The value of {@code setting} this node has: the one given, else its default. A setting with
     * a typed accessor ({@link Calls#timeout()}) gives the same value both ways.
     */
    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        Object given = settings.get(setting);
        return given != null ? (T) given : setting.defaultValue();
    }

    /**
     * The options of {@code given} (values of {@link MeshSettings}) and of the builder's Java-only
     * settings: the namespace from the deployment and cluster, the credentials from the one kind
     * given, the replication paths and path lists as predicates.
     */
    static MeshOptions of(Map<Setting<?>, Object> given, Transport transportInstance, Services services, MeshCredentials credentials,
                          Access access, Telemetry telemetry, EventsOnly eventsOnly) {
        SettingValues v = new SettingValues(given);
        String namespace = v.get(MeshSettings.NAMESPACE);
        if (given.containsKey(MeshSettings.DEPLOYMENT)) {
            if (given.containsKey(MeshSettings.NAMESPACE)) {
                throw new SettingException("namespace and deployment are both given; give one (a deployment's namespace is "
                        + "<deployment>.<cluster>)", List.of(MeshSettings.NAMESPACE, MeshSettings.DEPLOYMENT));
            }
            namespace = v.get(MeshSettings.DEPLOYMENT) + "." + v.get(MeshSettings.CLUSTER);
        } else if (given.containsKey(MeshSettings.CLUSTER)) {
            throw new SettingException("a cluster needs a deployment", List.of(MeshSettings.CLUSTER, MeshSettings.DEPLOYMENT));
        }
        Duration heartbeat = v.get(MeshSettings.HEARTBEAT);
        Duration deadAfter = given.containsKey(MeshSettings.DEAD_AFTER) ? v.get(MeshSettings.DEAD_AFTER) : deadAfter(heartbeat);
        Services paths = new Services(allowed(services.publish(), v.get(MeshSettings.PUBLISH)),
                allowed(services.consume(), v.get(MeshSettings.CONSUME)),
                v.get(MeshSettings.REPLICATE).isEmpty() ? services.events() : Replication.of(v.get(MeshSettings.REPLICATE).toArray(String[]::new)),
                synced(services.sync(), v.get(MeshSettings.SYNC)), services.proxyPath(), services.proxyHooks());
        return new MeshOptions(namespace, v.get(MeshSettings.TRANSPORT), transportInstance, v.get(MeshSettings.CODEC), v.get(MeshSettings.MAX_FRAME_SIZE),
                new Calls(v.get(MeshSettings.TIMEOUT), v.get(MeshSettings.BALANCING), v.get(MeshSettings.VERSIONS), v.get(MeshSettings.MAX_SERVING),
                        v.get(MeshSettings.MAX_QUEUED_EVENTS), v.get(MeshSettings.MAX_PENDING_CALLS), v.get(MeshSettings.PREFER_HIGHEST_VERSION)),
                new Membership(heartbeat, deadAfter, v.get(MeshSettings.DEPENDENCIES), v.get(MeshSettings.DISCOVERY_TIMEOUT),
                        v.get(MeshSettings.DRAIN_TIMEOUT), v.get(MeshSettings.WAIT_FOR_TRANSPORT), v.get(MeshSettings.OFFLINE_RETENTION),
                        v.get(MeshSettings.ROLE), v.get(MeshSettings.SCAN_ERROR_THRESHOLD)),
                paths, new Security(MeshCredentialSources.resolve(credentials, given), v.get(MeshSettings.MAX_FRAME_AGE), v.get(MeshSettings.VERIFY_USERS), access),
                telemetry, eventsOnly, given);
    }

    /** deadAfter when only the heartbeat is given: the defaults' ratio, 3.5 heartbeats (three missed, half a heartbeat late). */
    static Duration deadAfter(Duration heartbeat) {
        return Duration.ofNanos(heartbeat.toNanos() * 7 / 2);
    }

    private static Predicate<String> allowed(Predicate<String> predicate, List<String> paths) {
        if (paths == null) return predicate;
        Set<String> set = new HashSet<>();
        for (String p : paths) set.add(dev.skein.core.App.normalize(p));
        return p -> set.contains(p) && predicate.test(p);
    }

    private static Predicate<String> synced(Predicate<String> predicate, List<String> paths) {
        if (paths.isEmpty()) return predicate;
        Set<String> set = new HashSet<>();
        for (String p : paths) set.add(dev.skein.core.App.normalize(p));
        return p -> set.contains(p) || predicate.test(p);
    }

    /** The given values of a map of settings, defaults for the others. */
    private record SettingValues(Map<Setting<?>, Object> given) {
        @SuppressWarnings("unchecked")
        <T> T get(Setting<T> setting) {
            Object value = given.get(setting);
            return value != null ? (T) value : setting.defaultValue();
        }
    }

    /**
     * Sync-only mode (feathers-sync): the node sends its services' events to every node of the
     * namespace and emits theirs on its own services of the same path, with the mesh's limits and
     * queues; it announces nothing (no hello, heartbeat or leave), serves and calls nothing remote.
     *
     * @param codec   how an event is written on the broker (a {@link dev.skein.mesh.sync.SyncSerializer}'s
     *                format, feathers-sync's included), or null for the mesh's codec
     * @param channel the broker's own name to use exactly (feathers-sync's key), or null for the transport's naming
     */
    public record EventsOnly(dev.skein.mesh.spi.Codec codec, String channel) {
    }

    /**
     * @param meterRegistry where the node's meters go (calls, events, membership, frames), or null for none
     * @param openTelemetry where its spans go (a client and a server span per remote call, the context
     *                      carried in the packets); {@link io.opentelemetry.api.OpenTelemetry#noop()} for none
     */
    public record Telemetry(io.micrometer.core.instrument.MeterRegistry meterRegistry, io.opentelemetry.api.OpenTelemetry openTelemetry) {

        /** Neither metrics nor traces. */
        public static final Telemetry NONE = new Telemetry(null, io.opentelemetry.api.OpenTelemetry.noop());

        /** Checks that {@code openTelemetry} is not {@code null}; a {@code null} registry measures nothing. */
        public Telemetry {

            java.util.Objects.requireNonNull(openTelemetry, "openTelemetry (OpenTelemetry.noop() for none)");
        }
    }

    /**
     * @param credentials the mesh secret(s) every node must hold, or null for an open mesh
     * @param maxFrameAge how far a sealed packet's clock may be from the receiver's before it is
     *                    refused as a replay (the clocks of the nodes must agree to well within it)
     * @param verifyUsers whether a served call's user is never taken from the calling node, only
     *                    from the token that travels with it (feathers-distributed's distributed application)
     * @param access      per-service rules by node identity, or null for none
     */
    public record Security(MeshCredentials credentials, Duration maxFrameAge, boolean verifyUsers, Access access) {

        /** @throws IllegalArgumentException for a max frame age that is not positive */
        public Security {
            positive("max frame age", maxFrameAge);
        }
    }

    /**
     * @param timeout   how long a call waits for its answer (and for an instance to appear), unless the call says otherwise
     * @param balancing how a call picks among remote instances
     * @param versions  semver ranges a consumer requires, by service path ({@code "^1.2"})
     * @param maxServing how many calls from other nodes this node runs at once; one more is answered
     *                   {@code TooManyRequests} without running
     * @param maxQueuedEvents how many events of one sender may wait for this node's listeners; past
     *                   that the newest are dropped, counted and logged
     * @param maxPendingCalls how many calls this node may wait for at once; one more fails with
     *                   {@code TooManyRequests} without being sent
     * @param preferHighestVersion with a version range, only the instances of the highest matching
     *                   version serve; false (the default, as happner): every matching instance takes turns
     */
    public record Calls(Duration timeout, Balancing balancing, Map<String, String> versions, int maxServing, int maxQueuedEvents,
                        int maxPendingCalls, boolean preferHighestVersion) {

        /** @throws IllegalArgumentException for a timeout that is not positive or a limit under 1 */
        public Calls {
            positive("timeout", timeout);
            Objects.requireNonNull(balancing, "balancing");
            versions = Map.copyOf(versions);
            atLeastOne("maxServing", maxServing);
            atLeastOne("maxQueuedEvents", maxQueuedEvents);
            atLeastOne("maxPendingCalls", maxPendingCalls);
        }
    }

    /**
     * @param heartbeatInterval how often a node sends its heartbeat
     * @param deadAfter         silence after which a node is removed
     * @param dependencies      instances needed per service path before {@link Mesh#ready()} completes
     * @param discoveryTimeout  how long {@link Mesh#ready()} waits for the dependencies
     * @param drainTimeout      how long {@code close()} waits for calls in flight
     * @param waitForTransport  whether a transport that cannot start (its broker is down) is tried
     *                          again until the discovery timeout, rather than failing {@link Mesh#ready()} at once
     * @param offlineRetention  how long a node that went away stays in {@link Mesh#fleet()}, marked offline
     * @param role              the service this node provides in its cluster (happner's {@code serviceName}), or ""
     * @param scanErrorThreshold after this many heartbeats in a row with its transport's link down, the node reports
     *                          itself failed (not ready); 0 (the default) never
     */
    public record Membership(Duration heartbeatInterval, Duration deadAfter, Map<String, Integer> dependencies,
                             Duration discoveryTimeout, Duration drainTimeout, boolean waitForTransport, Duration offlineRetention,
                             String role, int scanErrorThreshold) {

        /**
         * @throws IllegalArgumentException for intervals that are not positive, a deadAfter under two
         *                                  heartbeat intervals, a dependency under 1 instance or a negative threshold
         */
        public Membership {
            positive("heartbeat interval", heartbeatInterval);
            Objects.requireNonNull(deadAfter, "deadAfter");
            if (deadAfter.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
                throw new SettingException("deadAfter (" + deadAfter.toMillis() + " ms) must be at least two heartbeat intervals ("
                        + heartbeatInterval.multipliedBy(2).toMillis() + " ms), or live nodes would be dropped",
                        List.of(MeshSettings.DEAD_AFTER, MeshSettings.HEARTBEAT));
            }
            dependencies = Map.copyOf(dependencies);
            dependencies.forEach((path, instances) -> atLeastOne("dependency " + path, instances));
            positive("discovery timeout", discoveryTimeout);
            notNegative("drain timeout", drainTimeout);
            notNegative("offline retention", offlineRetention);
            role = role == null ? "" : role;
            if (scanErrorThreshold < 0) throw new IllegalArgumentException("scanErrorThreshold must not be negative, got " + scanErrorThreshold);
        }
    }

    /**
     * @param publish    which local service paths other nodes may use
     * @param consume    which remote service paths get a local proxy
     * @param events     which events (path, event name) are sent to other nodes
     * @param sync       paths whose replicas share events (feathers-sync)
     * @param proxyPath  the local path of the proxy of a remote path (identity by default)
     * @param proxyHooks hooks added to every remote proxy (the API gateway's authenticate hook)
     */
    public record Services(Predicate<String> publish, Predicate<String> consume, BiPredicate<String, String> events,
                           Predicate<String> sync, UnaryOperator<String> proxyPath, Consumer<Hooks> proxyHooks) {

        /** @throws NullPointerException for a missing function */
        public Services {
            Objects.requireNonNull(publish, "publish");
            Objects.requireNonNull(consume, "consume");
            Objects.requireNonNull(events, "events");
            Objects.requireNonNull(sync, "sync");
            Objects.requireNonNull(proxyPath, "proxyPath");
            Objects.requireNonNull(proxyHooks, "proxyHooks");
        }
    }

    private static void positive(String what, Duration d) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(what + " must be positive, got " + d);
    }

    private static void notNegative(String what, Duration d) {
        Objects.requireNonNull(d, what);
        if (d.isNegative()) throw new IllegalArgumentException(what + " must not be negative, got " + d);
    }

    private static void atLeastOne(String what, int value) {
        if (value < 1) throw new IllegalArgumentException(what + " must be at least 1, got " + value);
    }
}
