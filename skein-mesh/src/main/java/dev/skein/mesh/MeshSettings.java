package dev.skein.mesh;

import dev.skein.core.settings.Setting;
import dev.skein.core.settings.SettingType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Every setting of a mesh node that has a value a file or a command line can write, declared once.
 * {@link Mesh.Builder} stores them ({@link Mesh.Builder#set}); the CLI's flags, the node file's
 * {@code mesh.*} keys, the {@code SKEIN_MESH_*} environment variables, the starter's
 * {@code skein.mesh.*} properties and the table in docs/SETTINGS.md are all made from this list.
 * Settings that hold Java objects (a {@code Transport}, predicates, hooks, a meter registry) are
 * the builder's alone.
 *
 * <p>To add a setting: declare it here and add it to {@link #ALL}; read it where it is used with
 * {@link MeshOptions#get}; a typed builder method is optional ({@code set} takes any setting).
 */
public final class MeshSettings {

    private static final String MESH = "mesh";

    /** The mesh's name (the seeds' key or domain); nodes of other namespaces are ignored. */
    public static final Setting<String> NAMESPACE = Setting.of(MESH, "namespace", SettingType.STRING, Mesh.DEFAULT_NAMESPACE,
            "The mesh's name; nodes of other namespaces never see each other").check(v -> v.isBlank() ? "must not be blank" : null)
            .alias("$SKEIN_NAMESPACE");
    /** happner's deploymentId: the namespace becomes {@code <deployment>.<cluster>}. */
    public static final Setting<String> DEPLOYMENT = Setting.of(MESH, "deployment", SettingType.STRING, null,
            "happner's deploymentId: the namespace becomes <deployment>.<cluster>; instead of namespace").check(MeshSettings::namePart);
    /** happner's clusterName, with {@link #DEPLOYMENT}. */
    public static final Setting<String> CLUSTER = Setting.of(MESH, "cluster", SettingType.STRING, Mesh.DEFAULT_CLUSTER_NAME,
            "happner's clusterName, with deployment").check(MeshSettings::namePart);
    /** The service this node provides in its cluster (happner's serviceName). */
    public static final Setting<String> ROLE = Setting.of(MESH, "role", SettingType.STRING, "",
            "The service this node provides in its cluster (happner's serviceName), shown by 'skein nodes', /fleet and the dashboard");
    /** The transport URI. */
    public static final Setting<String> TRANSPORT = Setting.of(MESH, "transport", SettingType.STRING, Mesh.DEFAULT_TRANSPORT,
            "The transport URI: tcp:// (multicast discovery on the LAN), tcp://?multicast=false&seeds=127.0.0.1:7000 (TLS between nodes: "
                    + "add certificate, privateKey and trusted, PEM files, and mutual=true for client certificates), nats://127.0.0.1:4222, "
                    + "redis://127.0.0.1:6379 or amqp://127.0.0.1:5672").alias("$SKEIN_TRANSPORT");
    /** The payload codec. */
    public static final Setting<String> CODEC = Setting.of(MESH, "codec", SettingType.STRING, Mesh.DEFAULT_CODEC,
            "The payload codec, json or cbor; every node of a mesh uses the same")
            .check(v -> v.equals("json") || v.equals("cbor") ? null : "must be json or cbor");
    /** The largest frame payload a node sends or accepts. */
    public static final Setting<Integer> MAX_FRAME_SIZE = Setting.of(MESH, "maxFrameSize", SettingType.SIZE, Mesh.DEFAULT_MAX_FRAME_SIZE,
            "The largest call, answer or event this node sends or accepts; a larger one fails with PayloadTooLarge").atLeast(1024);
    /** The timeout of a call, waiting for an instance included. */
    public static final Setting<Duration> TIMEOUT = Setting.of(MESH, "timeout", SettingType.DURATION, Duration.ofSeconds(10),
            "How long a call may take, waiting for an instance included").positive();
    /** How many calls from other nodes a node runs at once. */
    public static final Setting<Integer> MAX_SERVING = Setting.of(MESH, "maxServing", SettingType.INTEGER, Mesh.DEFAULT_MAX_SERVING,
            "How many calls from other nodes this node runs at once, shared among the callers: at the cap, one that holds its "
                    + "share is answered TooManyRequests").atLeast(1);
    /** How many events of one sender may wait for a node's listeners. */
    public static final Setting<Integer> MAX_QUEUED_EVENTS = Setting.of(MESH, "maxQueuedEvents", SettingType.INTEGER, Mesh.DEFAULT_MAX_QUEUED_EVENTS,
            "How many events of one sender may wait for this node's listeners; past it the newest are dropped and counted").atLeast(1);
    /** How many calls a node may wait for at once. */
    public static final Setting<Integer> MAX_PENDING_CALLS = Setting.of(MESH, "maxPendingCalls", SettingType.INTEGER, Mesh.DEFAULT_MAX_PENDING_CALLS,
            "How many calls this node may wait for at once; one more fails with TooManyRequests").atLeast(1);
    /** Whether callbacks of remote calls run where the answer arrives. */
    public static final Setting<Boolean> DIRECT_CALLBACKS = Setting.of(MESH, "directCallbacks", SettingType.BOOLEAN, false,
            "Callbacks added to a remote call's future run where its answer arrives (the transport's I/O thread) instead of on "
                    + "the app's executor: one thread hand-off fewer per call, for callbacks that never block (a wait for another call "
                    + "there fails at once; one that runs 50 ms or more is logged)");
    /** How a call picks among the remote instances of a path. */
    public static final Setting<Balancing> BALANCING = Setting.of(MESH, "balancing", SettingType.oneOf(Balancing.class), Balancing.ROUND_ROBIN,
            "How a call picks among the remote instances of a path");
    /** Version ranges by path. */
    public static final Setting<Map<String, String>> VERSIONS = Setting.of(MESH, "versions", SettingType.NAMED_STRINGS, Map.of(),
            "Calls of a path go only to instances whose version satisfies its range: path=range (todos=^1.2)");
    /** With a version range, only the highest matching version serves. */
    public static final Setting<Boolean> PREFER_HIGHEST_VERSION = Setting.of(MESH, "preferHighestVersion", SettingType.BOOLEAN, false,
            "With a version range, only the instances of the highest matching version serve");
    /** How often a node sends its heartbeat. */
    public static final Setting<Duration> HEARTBEAT = Setting.of(MESH, "heartbeat", SettingType.DURATION, Duration.ofSeconds(1),
            "How often this node tells the others it is alive (happner's pulse)").positive();
    /** How long a silent node is kept: by default 3.5 heartbeats. */
    public static final Setting<Duration> DEAD_AFTER = Setting.of(MESH, "deadAfter", SettingType.DURATION, Duration.ofMillis(3500),
            "How long a silent node is kept before it is removed, at least two heartbeats (default: 3.5 heartbeats, so 3.5 s, "
                    + "or 3.5 times the heartbeat given)").positive();
    /** What {@link Mesh#ready()} waits for: instances by path. */
    public static final Setting<Map<String, Integer>> DEPENDENCIES = Setting.of(MESH, "dependencies", SettingType.NAMED_INTEGERS, Map.of(),
            "Services this node needs, as happner's dependencies: name=instances (historian=2), counting instances of the service at that path or other members with that role; ready once each has that many")
            .check(m -> m.values().stream().anyMatch(n -> n < 1) ? "needs at least 1 instance per path" : null).alias("--dependency");
    /** How long ready() waits for the transport and the dependencies. */
    public static final Setting<Duration> DISCOVERY_TIMEOUT = Setting.of(MESH, "discoveryTimeout", SettingType.DURATION, Duration.ofSeconds(60),
            "How long readiness waits for the transport and the dependencies before failing").positive();
    /** How long closing waits for the calls a node serves. */
    public static final Setting<Duration> DRAIN_TIMEOUT = Setting.of(MESH, "drainTimeout", SettingType.DURATION, Duration.ofSeconds(10),
            "How long closing waits for the calls this node serves").notNegative();
    /** Whether any node of the mesh may drain this one when no access rule names the drain path. */
    public static final Setting<Boolean> ALLOW_REMOTE_DRAIN = Setting.of(MESH, "allowRemoteDrain", SettingType.BOOLEAN, false,
            "Any node of the mesh may drain and stop this one ('skein drain', Mesh.drain) when no access rule names _skein/drain; "
                    + "off: only the identities such a rule names may (docs/OPERATIONS.md, 'Draining a node')");
    /** How long a node that went away stays listed offline. */
    public static final Setting<Duration> OFFLINE_RETENTION = Setting.of(MESH, "offlineRetention", SettingType.DURATION, Duration.ofHours(1),
            "How long a node that went away stays listed offline in the fleet (0: forgotten at once)").notNegative();
    /** Whether ready() waits for a transport that cannot start yet. */
    public static final Setting<Boolean> WAIT_FOR_TRANSPORT = Setting.of(MESH, "waitForTransport", SettingType.BOOLEAN, false,
            "Wait (up to the discovery timeout) for a broker that is not up yet, instead of failing at once");
    /** happner's memberScanningErrorThreshold. */
    public static final Setting<Integer> SCAN_ERROR_THRESHOLD = Setting.of(MESH, "scanErrorThreshold", SettingType.INTEGER, 0,
            "happner's memberScanningErrorThreshold: heartbeats in a row with the transport's link down before the node reports "
                    + "itself failed (0: never)").atLeast(0);
    /** How far a sealed packet's clock may be from the receiver's. */
    public static final Setting<Duration> MAX_FRAME_AGE = Setting.of(MESH, "maxFrameAge", SettingType.DURATION, Duration.ofMinutes(5),
            "How far a sealed packet's clock may be from the receiver's before it is refused as a replay").positive();
    /** feathers-distributed's distributed application mode. */
    public static final Setting<Boolean> VERIFY_USERS = Setting.of(MESH, "verifyUsers", SettingType.BOOLEAN, false,
            "A call served for another node carries only the caller's token, never its user: every node verifies users itself");
    /** Which events go to other nodes, as glob patterns. */
    public static final Setting<List<String>> REPLICATE = Setting.of(MESH, "replicate", SettingType.STRINGS, List.of(),
            "Which of this node's events go to other nodes: glob patterns over path/event as happner's replication paths "
                    + "('**', 'todos/*', '*/created'); none: every event");
    /** Paths whose replicas share their events. */
    public static final Setting<List<String>> SYNC = Setting.of(MESH, "sync", SettingType.STRINGS, List.of(),
            "Replicas of these paths share their events (feathers-sync): an event of one is emitted on the others");
    /** Which local services other nodes may use. */
    public static final Setting<List<String>> PUBLISH = Setting.of(MESH, "publish", SettingType.STRINGS, null,
            "The only local services other nodes may use (default: every one)");
    /** Which remote services get a local proxy. */
    public static final Setting<List<String>> CONSUME = Setting.of(MESH, "consume", SettingType.STRINGS, null,
            "The only remote services that get a local proxy (default: every one)");
    /** The mesh secret; never on a command line. */
    public static final Setting<List<String>> SECRET = Setting.of(MESH, "secret", SettingType.STRINGS, null,
            "The mesh secret (32+ bytes; more, comma-separated: older secrets still accepted while rotating); only nodes holding "
                    + "it join. Never on a command line: the environment or a secret store").secret();
    /** A file holding the mesh secret. */
    public static final Setting<Path> SECRET_FILE = Setting.of(MESH, "secretFile", SettingType.FILE, null,
            "A file holding the mesh secret (more lines: older secrets), readable by its owner only; instead of secret");
    /** This node's key pair. */
    public static final Setting<Path> KEY_FILE = Setting.of(MESH, "keyFile", SettingType.FILE, null,
            "This node's key pair (PEM, from 'skein keygen'; readable by its owner only), instead of a mesh secret; with trustedKeysFile");
    /** The public keys this node trusts. */
    public static final Setting<Path> TRUSTED_KEYS_FILE = Setting.of(MESH, "trustedKeysFile", SettingType.FILE, null,
            "The public keys this node trusts, one per line: key, name, roles; with keyFile").alias("--trusted-keys");

    /** Every declared setting, in the order of the docs' table. */
    public static final List<Setting<?>> ALL = List.of(NAMESPACE, DEPLOYMENT, CLUSTER, ROLE, TRANSPORT, CODEC, MAX_FRAME_SIZE, TIMEOUT,
            MAX_SERVING, MAX_QUEUED_EVENTS, MAX_PENDING_CALLS, DIRECT_CALLBACKS, BALANCING, VERSIONS, PREFER_HIGHEST_VERSION, HEARTBEAT, DEAD_AFTER,
            DEPENDENCIES, DISCOVERY_TIMEOUT, DRAIN_TIMEOUT, ALLOW_REMOTE_DRAIN, OFFLINE_RETENTION, WAIT_FOR_TRANSPORT, SCAN_ERROR_THRESHOLD, MAX_FRAME_AGE,
            VERIFY_USERS, REPLICATE, SYNC, PUBLISH, CONSUME, SECRET, SECRET_FILE, KEY_FILE, TRUSTED_KEYS_FILE);

    private MeshSettings() {
    }

    private static String namePart(String part) {
        return part.matches("[A-Za-z0-9_-]+") ? null : "is letters, digits, '-' and '_'";
    }
}
