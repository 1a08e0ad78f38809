package dev.skein.cli;

import dev.skein.mesh.Mesh;
import dev.skein.mesh.MeshCredentials;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Options every command that joins the mesh shares. */
final class MeshArgs {

    @Option(names = "--transport", description = "Transport URI (default: ${DEFAULT-VALUE}); e.g. tcp://?seeds=host:port, nats://127.0.0.1:4222",
            defaultValue = "tcp://")
    String transport;

    @Option(names = "--namespace", description = "Mesh namespace (default: ${DEFAULT-VALUE})", defaultValue = Mesh.DEFAULT_NAMESPACE)
    String namespace;

    @Option(names = "--timeout", description = "Call timeout, e.g. 10s, 500ms (default: ${DEFAULT-VALUE})", defaultValue = "10s",
            converter = DurationConverter.class)
    Duration timeout;

    @Option(names = "--wait-for-transport", description = "Wait (up to the discovery timeout) for a broker that is not up yet, instead of failing at once")
    boolean waitForTransport;

    @Option(names = "--secret-file", description = "A file holding the mesh secret (32+ bytes; more lines: older secrets still "
            + "accepted while rotating); only nodes holding it join. Default: $" + MeshCredentials.ENVIRONMENT_VARIABLE + " if set, else an open mesh")
    Path secretFile;

    @Option(names = "--key-file", description = "This node's key pair (PEM, from 'skein keygen'), instead of a mesh secret; "
            + "needs --trusted-keys")
    Path keyFile;

    @Option(names = "--trusted-keys", description = "The public keys this node trusts, one per line: key, name, roles "
            + "(comma-separated); their names and roles are the identities access rules read")
    Path trustedKeys;

    @Option(names = "--replicate", description = "Which of this node's events go to other nodes: glob patterns over "
            + "path/event, as happner's replication paths ('**' every event, 'todos/*', '*/created'); repeatable; default every event")
    List<String> replicate = new ArrayList<>();

    @Option(names = "--role", description = "The service this node provides in its cluster (happner's serviceName), shown by 'skein nodes'")
    String role;

    Mesh.Builder builder() {
        Mesh.Builder b = Mesh.builder().transport(transport).namespace(namespace).timeout(timeout).waitForTransport(waitForTransport)
                .credentials(Secrets.meshCredentials(secretFile, keyFile, trustedKeys));
        if (!replicate.isEmpty()) b.replicate(replicate.toArray(String[]::new));
        if (role != null) b.role(role);
        return b;
    }

    /** Reads 10s, 500ms, 2m, or ISO-8601 (PT10S). */
    static final class DurationConverter implements picocli.CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase(java.util.Locale.ROOT);
            if (v.startsWith("pt")) return Duration.parse(v.toUpperCase(java.util.Locale.ROOT));
            if (v.endsWith("ms")) return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            if (v.endsWith("s")) return Duration.ofMillis((long) (Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
            if (v.endsWith("m")) return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
            return Duration.ofMillis(Long.parseLong(v));
        }
    }
}
