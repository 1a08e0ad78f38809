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

    @Option(names = "--transport", paramLabel = "URI", description = "Transport URI: tcp:// (multicast discovery on the LAN), tcp://?multicast=false&seeds=127.0.0.1:7000, "
            + "nats://127.0.0.1:4222, redis://127.0.0.1:6379 or amqp://127.0.0.1:5672 (default: $" + TRANSPORT_VARIABLE + " if set, else "
            + Mesh.DEFAULT_TRANSPORT + "). The command line shows in ps to every user of the machine: give a broker password with "
            + "--transport-password-file or $" + TransportPassword.VARIABLE + " (the URI then names the user alone: user@host), "
            + "or the whole URI with --transport-file or $" + TRANSPORT_VARIABLE)
    String transport;

    @Option(names = "--transport-file", paramLabel = "FILE", description = "A file holding the transport URI, a password in it included; "
            + "readable by its owner only (chmod 600). Instead of --transport")
    Path transportFile;

    @Option(names = "--transport-password-file", paramLabel = "FILE", description = "A file holding the broker's password for the user the "
            + "transport URI names; readable by its owner only (chmod 600). Default: $" + TransportPassword.VARIABLE + " if set")
    Path transportPasswordFile;

    @Option(names = "--namespace", description = "Mesh namespace (default: $" + NAMESPACE_VARIABLE + " if set, else ${DEFAULT-VALUE})",
            defaultValue = "${env:" + NAMESPACE_VARIABLE + ":-" + Mesh.DEFAULT_NAMESPACE + "}")
    String namespace;

    @Option(names = "--timeout", description = "Call timeout, e.g. 10s, 500ms (default: ${DEFAULT-VALUE})", defaultValue = "10s",
            converter = DurationConverter.class)
    Duration timeout;

    @Option(names = "--wait-for-transport", description = "Wait (up to the discovery timeout) for a broker that is not up yet, instead of failing at once")
    boolean waitForTransport;

    @Option(names = "--secret-file", description = "A file holding the mesh secret (32+ bytes; more lines: older secrets still "
            + "accepted while rotating), readable by its owner only (chmod 600); only nodes holding it join. Default: $"
            + MeshCredentials.ENVIRONMENT_VARIABLE + " if set, else an open mesh")
    Path secretFile;

    @Option(names = "--key-file", description = "This node's key pair (PEM, from 'skein keygen'; readable by its owner only), instead of a "
            + "mesh secret; needs --trusted-keys-file")
    Path keyFile;

    @Option(names = {"--trusted-keys-file", "--trusted-keys"}, paramLabel = "FILE", description = "The public keys this node trusts, one per "
            + "line: key, name, roles (comma-separated); their names and roles are the identities access rules read. Only its owner may write it")
    Path trustedKeys;

    @Option(names = "--allow-call", paramLabel = "PATH[:METHOD]=IDS", description = "An access rule: only nodes whose key has one of these "
            + "names or roles (comma-separated) may call PATH (every method, or METHOD alone), e.g. payments=billing, payments:create=orders,admin; "
            + "repeatable. Paths no rule names stay open. Needs --key-file")
    List<String> allowCall = new ArrayList<>();

    @Option(names = "--allow-offer", paramLabel = "PATH=IDS", description = "An access rule: only nodes whose key has one of these names or "
            + "roles may serve PATH, e.g. payments=billing; repeatable. Needs --key-file")
    List<String> allowOffer = new ArrayList<>();

    @Option(names = "--replicate", description = "Which of this node's events go to other nodes: glob patterns over "
            + "path/event, as happner's replication paths ('**' every event, 'todos/*', '*/created'); repeatable; default every event")
    List<String> replicate = new ArrayList<>();

    @Option(names = "--role", description = "The service this node provides in its cluster (happner's serviceName), shown by 'skein nodes'")
    String role;

    /** A builder of the mesh these options describe; a value found wrong is an {@link InvalidOptionException}. */
    Mesh.Builder builder() {
        return InvalidOptionException.checking(() -> {
            MeshSecurity security = MeshSecurity.of(this, null);
            Mesh.Builder b = Mesh.builder().transport(security.transport()).namespace(namespace).timeout(timeout).waitForTransport(waitForTransport)
                    .credentials(security.credentials()).access(security.access());
            if (!replicate.isEmpty()) b.replicate(replicate.toArray(String[]::new));
            if (role != null) b.role(role);
            return b;
        });
    }

    /** The transport URI: --transport, else the content of --transport-file, else $SKEIN_TRANSPORT, else tcp://. */
    String transportUri() {
        if (transportFile != null) {
            if (transport != null) throw new IllegalArgumentException("the transport URI is given two ways, --transport and --transport-file; give it one way");
            String uri = dev.skein.mesh.SecretFiles.readSecret(transportFile, "the transport file", java.nio.charset.StandardCharsets.UTF_8).strip();
            if (uri.isEmpty()) throw new IllegalArgumentException("the transport file " + transportFile + " is empty");
            return uri;
        }
        if (transport != null) return transport;
        String variable = System.getenv(TRANSPORT_VARIABLE);
        return variable == null || variable.isBlank() ? Mesh.DEFAULT_TRANSPORT : variable.strip();
    }

    /** Adds the credentials of the flags, if any, to {@code into}. */
    void credentials(SettingSources<MeshCredentials> into) {
        MeshSecurity.credentials(into, secretFile, keyFile, trustedKeys, "--secret-file", "--key-file", "--trusted-keys-file");
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
