package dev.skein.cli;

import dev.skein.core.App;
import dev.skein.mesh.Mesh;
import dev.skein.mesh.MeshCredentials;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Options every command that joins the mesh shares. */
final class MeshArgs {

    /** The environment variable of the default {@code --transport}. */
    static final String TRANSPORT_VARIABLE = "SKEIN_TRANSPORT";

    /** The environment variable of the default {@code --namespace}. */
    static final String NAMESPACE_VARIABLE = "SKEIN_NAMESPACE";

    @Option(names = "--transport", description = "Transport URI: tcp:// (multicast discovery on the LAN), tcp://?multicast=false&seeds=127.0.0.1:7000, "
            + "nats://127.0.0.1:4222, redis://127.0.0.1:6379 or amqp://127.0.0.1:5672 (default: $" + TRANSPORT_VARIABLE + " if set, else ${DEFAULT-VALUE})",
            defaultValue = "${env:" + TRANSPORT_VARIABLE + ":-tcp://}")
    String transport;

    @Option(names = "--namespace", description = "Mesh namespace (default: $" + NAMESPACE_VARIABLE + " if set, else ${DEFAULT-VALUE})",
            defaultValue = "${env:" + NAMESPACE_VARIABLE + ":-" + Mesh.DEFAULT_NAMESPACE + "}")
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

    /** A builder of the mesh these options describe; a value found wrong is an {@link InvalidOptionException}. */
    Mesh.Builder builder() {
        return InvalidOptionException.checking(() -> {
            Mesh.Builder b = Mesh.builder().transport(transport).namespace(namespace).timeout(timeout).waitForTransport(waitForTransport)
                    .credentials(Secrets.meshCredentials(secretFile, keyFile, trustedKeys));
            if (!replicate.isEmpty()) b.replicate(replicate.toArray(String[]::new));
            if (role != null) b.role(role);
            return b;
        });
    }

    /**
     * Builds {@code builder}'s mesh and configures {@code app} with it; a transport URI no transport
     * takes (unknown scheme, malformed, a bad seed address) is an {@link InvalidOptionException},
     * and {@code app} is closed.
     */
    Mesh join(App app, Mesh.Builder builder) {
        try {
            return InvalidOptionException.checking(() -> {
                Mesh mesh = builder.build();
                app.configure(mesh);
                return mesh;
            });
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
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
