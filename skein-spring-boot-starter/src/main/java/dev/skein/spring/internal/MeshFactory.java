package dev.skein.spring.internal;

import dev.skein.core.App;
import dev.skein.core.ServicePath;
import dev.skein.mesh.Access;
import dev.skein.mesh.Mesh;
import dev.skein.mesh.MeshCredentials;
import dev.skein.spring.MeshBuilderCustomizer;
import dev.skein.spring.SkeinProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** Makes a {@link Mesh.Builder} from the {@code skein.mesh.*} properties, and builds it with errors that name the property. */
public final class MeshFactory {

    private static final String PREFIX = "skein.mesh.";
    /** build()'s refusals, by the start of their message, and the property each comes from. */
    private static final Map<String, String> BUILD_REFUSALS = Map.of(
            "namespace", "namespace", "timeout", "timeout", "heartbeat interval", "heartbeat", "discovery timeout", "discovery-timeout",
            "max frame age", "max-frame-age", "deadAfter", "dead-after", "maxFrameSize", "max-frame-size",
            "drain timeout", "drain-timeout", "offline retention", "offline-retention");

    private MeshFactory() {
    }

    /**
     * A builder with every property that is set, the metrics registry and the tracing when given
     * (null otherwise), then the customizers. Paths in {@code localPaths} are never consumed: this
     * app serves them itself, and a proxy registered there first would keep its own service out.
     */
    public static Mesh.Builder builder(SkeinProperties.MeshProperties p, Set<String> localPaths, MeterRegistry meters,
                                       OpenTelemetry openTelemetry, List<MeshBuilderCustomizer> customizers) {
        Mesh.Builder b = Mesh.builder();
        Settings.apply(PREFIX + "transport", p.getTransport(), b::transport);
        if (p.getNamespace() != null && p.getDeployment() != null) {
            throw Settings.invalid(PREFIX + "namespace", p.getNamespace(),
                    new IllegalArgumentException("set skein.mesh.namespace or skein.mesh.deployment (with skein.mesh.cluster), not both"));
        }
        if (p.getCluster() != null && p.getDeployment() == null) {
            throw Settings.invalid(PREFIX + "cluster", p.getCluster(), new IllegalArgumentException("a cluster needs skein.mesh.deployment"));
        }
        Settings.apply(PREFIX + "namespace", p.getNamespace(), b::namespace);
        Settings.apply(PREFIX + "deployment", p.getDeployment(),
                d -> { if (p.getCluster() == null) b.deployment(d); else b.deployment(d, p.getCluster()); });
        Settings.apply(PREFIX + "role", p.getRole(), b::role);
        Settings.apply(PREFIX + "codec", p.getCodec(), b::codec);
        Settings.apply(PREFIX + "timeout", p.getTimeout(), b::timeout);
        heartbeat(p, b);
        Settings.apply(PREFIX + "discovery-timeout", p.getDiscoveryTimeout(), b::discoveryTimeout);
        Settings.apply(PREFIX + "drain-timeout", p.getDrainTimeout(), b::drainTimeout);
        Settings.apply(PREFIX + "offline-retention", p.getOfflineRetention(), b::offlineRetention);
        Settings.apply(PREFIX + "max-frame-age", p.getMaxFrameAge(), b::maxFrameAge);
        Settings.apply(PREFIX + "max-frame-size", p.getMaxFrameSize(), size -> b.maxFrameSize(Math.toIntExact(size.toBytes())));
        Settings.apply(PREFIX + "max-serving", p.getMaxServing(), b::maxServing);
        Settings.apply(PREFIX + "max-queued-events", p.getMaxQueuedEvents(), b::maxQueuedEvents);
        Settings.apply(PREFIX + "max-pending-calls", p.getMaxPendingCalls(), b::maxPendingCalls);
        Settings.apply(PREFIX + "scan-error-threshold", p.getScanErrorThreshold(), b::scanErrorThreshold);
        Settings.apply(PREFIX + "balancing", p.getBalancing(), b::balancing);
        Settings.apply(PREFIX + "prefer-highest-version", p.getPreferHighestVersion(), b::preferHighestVersion);
        Settings.apply(PREFIX + "wait-for-transport", p.getWaitForTransport(), b::waitForTransport);
        Settings.apply(PREFIX + "verify-users", p.getVerifyUsers(), b::verifyUsers);
        p.getDependencies().forEach((path, n) -> Settings.apply(PREFIX + "dependencies[" + path + "]", n, v -> b.dependency(path, v)));
        p.getVersions().forEach((path, range) -> Settings.apply(PREFIX + "versions[" + path + "]", range, v -> b.version(path, v)));
        if (!p.getReplicate().isEmpty()) Settings.apply(PREFIX + "replicate", p.getReplicate(), globs -> b.replicate(globs.toArray(String[]::new)));
        if (!p.getSync().isEmpty()) Settings.apply(PREFIX + "sync", p.getSync(), paths -> b.sync(paths.toArray(String[]::new)));
        Settings.apply(PREFIX + "publish", p.getPublish(), paths -> b.publish(paths(paths)::contains));
        Predicate<String> consumed = p.getConsume() == null ? path -> true : paths(p.getConsume())::contains;
        Set<String> local = Set.copyOf(localPaths);
        b.consume(path -> !local.contains(path) && consumed.test(path));
        MeshCredentials credentials = credentials(p);
        if (credentials != null) b.credentials(credentials);
        Access access = access(p);
        if (access != null) {
            if (credentials == null || !credentials.isKeyPair()) {
                throw Settings.invalid(PREFIX + "access", p.getAccess().keySet(), new IllegalArgumentException("access rules name node identities, "
                        + "which only node key pairs prove from properties: add skein.mesh.key-file and skein.mesh.trusted-keys-file (for "
                        + "mutual TLS, give the rules and the transport in a MeshBuilderCustomizer); without them every path the rules name "
                        + "is closed to every other node"));
            }
            b.access(access);
        }
        if (meters != null) b.metrics(meters);
        if (openTelemetry != null) b.tracing(openTelemetry);
        for (MeshBuilderCustomizer customizer : customizers) customizer.customize(b);
        return b;
    }

    /** {@code builder.build()}, a refusal naming the property it most likely comes from. */
    public static Mesh build(Mesh.Builder builder, SkeinProperties.MeshProperties p) {
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            if (message.contains("ransport") || message.contains(" URI") || message.startsWith("A seed")) {
                // the transport URI is checked when the mesh is built; its credentials are never shown
                throw Settings.invalid(PREFIX + "transport", dev.skein.mesh.spi.TransportFactory.withoutCredentials(p.getTransport()), e);
            }
            for (Map.Entry<String, String> refusal : BUILD_REFUSALS.entrySet()) {
                if (e.getMessage() != null && e.getMessage().startsWith(refusal.getKey())) {
                    String property = refusal.getValue();
                    throw Settings.invalid(PREFIX + property, valueOf(p, property), e);
                }
            }
            throw Settings.invalid("skein.mesh", null, e);
        }
    }

    private static Object valueOf(SkeinProperties.MeshProperties p, String property) {
        return switch (property) {
            case "namespace" -> p.getNamespace();
            case "timeout" -> p.getTimeout();
            case "heartbeat" -> p.getHeartbeat();
            case "discovery-timeout" -> p.getDiscoveryTimeout();
            case "max-frame-age" -> p.getMaxFrameAge();
            case "dead-after" -> p.getDeadAfter();
            case "drain-timeout" -> p.getDrainTimeout();
            case "offline-retention" -> p.getOfflineRetention();
            default -> p.getMaxFrameSize();
        };
    }

    /** Only a heartbeat given: deadAfter keeps the defaults' ratio (3.5 heartbeats), as three missed heartbeats. */
    private static void heartbeat(SkeinProperties.MeshProperties p, Mesh.Builder b) {
        if (p.getHeartbeat() == null && p.getDeadAfter() == null) return;
        Duration interval = p.getHeartbeat() != null ? p.getHeartbeat() : Mesh.DEFAULT_HEARTBEAT_INTERVAL;
        Duration deadAfter = p.getDeadAfter() != null ? p.getDeadAfter()
                : Duration.ofNanos(interval.toNanos() * Mesh.DEFAULT_DEAD_AFTER.toNanos() / Mesh.DEFAULT_HEARTBEAT_INTERVAL.toNanos());
        b.heartbeat(interval, deadAfter);
    }

    private static MeshCredentials credentials(SkeinProperties.MeshProperties p) {
        List<String> given = new ArrayList<>();
        if (p.getSecret() != null && !p.getSecret().isBlank()) given.add("secret");
        if (p.getSecretFile() != null) given.add("secret-file");
        if (p.getKeyFile() != null || p.getTrustedKeysFile() != null) given.add("key-file");
        if (given.size() > 1) {
            throw Settings.invalid(PREFIX + given.get(1), "(hidden)", new IllegalArgumentException(
                    "give the mesh one kind of credentials: skein.mesh.secret, skein.mesh.secret-file, or skein.mesh.key-file with "
                            + "skein.mesh.trusted-keys-file; got " + given));
        }
        if (given.isEmpty()) return null;
        try {
            return switch (given.get(0)) {
                case "secret" -> secret(p.getSecret());
                case "secret-file" -> MeshCredentials.fromFile(p.getSecretFile());
                default -> keyFiles(p);
            };
        } catch (IllegalArgumentException | UncheckedIOException e) {
            String property = PREFIX + given.get(0);
            // never the secret itself in the message: it ends up in logs
            Object shown = given.get(0).equals("secret") ? "(hidden)" : given.get(0).equals("secret-file") ? p.getSecretFile() : p.getKeyFile();
            throw Settings.invalid(property, shown, e);
        }
    }

    private static MeshCredentials secret(String text) {
        String[] all = text.split(",");
        String[] others = new String[all.length - 1];
        for (int i = 1; i < all.length; i++) others[i - 1] = all[i].trim();
        return MeshCredentials.secret(all[0].trim(), others);
    }

    private static MeshCredentials keyFiles(SkeinProperties.MeshProperties p) {
        if (p.getKeyFile() == null || p.getTrustedKeysFile() == null) {
            throw new IllegalArgumentException("per-node keys need both skein.mesh.key-file and skein.mesh.trusted-keys-file");
        }
        return MeshCredentials.fromKeyFiles(p.getKeyFile(), p.getTrustedKeysFile());
    }

    /** The rules of skein.mesh.access, or null for none; a path that is not canonical is refused, naming it. */
    private static Access access(SkeinProperties.MeshProperties p) {
        if (p.getAccess().isEmpty()) return null;
        Access.Builder b = Access.builder();
        p.getAccess().forEach((path, rule) -> {
            String property = PREFIX + "access[" + path + "]";
            String why = ServicePath.whyNotCanonical(path);
            if (why != null) {
                throw Settings.invalid(property, path, new IllegalArgumentException("the service path " + ServicePath.quoted(path) + " is not canonical: " + why));
            }
            Settings.apply(property + ".call", rule.getCall().isEmpty() ? null : rule.getCall(),
                    ids -> b.call(path, Access.ANY_METHOD, ids.toArray(String[]::new)));
            rule.getMethods().forEach((method, ids) -> Settings.apply(property + ".methods[" + method + "]", ids,
                    v -> b.call(path, method, v.toArray(String[]::new))));
            Settings.apply(property + ".offer", rule.getOffer().isEmpty() ? null : rule.getOffer(), ids -> b.offer(path, ids.toArray(String[]::new)));
        });
        return b.build();
    }

    private static Set<String> paths(List<String> paths) {
        Set<String> set = new HashSet<>();
        for (String path : paths) set.add(App.normalize(path));
        return set;
    }
}
