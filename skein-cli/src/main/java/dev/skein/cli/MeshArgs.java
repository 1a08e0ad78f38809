package dev.skein.cli;

import dev.skein.core.App;
import dev.skein.core.settings.GivenSettings;
import dev.skein.core.settings.Setting;
import dev.skein.core.settings.SettingException;
import dev.skein.core.settings.SettingType;
import dev.skein.mesh.Mesh;
import dev.skein.mesh.MeshSettings;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Options every command that joins the mesh shares: a flag for each of {@link MeshSettings} (made
 * from the declarations by {@link SettingFlags}, so {@code --heartbeat} is {@code mesh.heartbeat}
 * in a node file and {@code $SKEIN_MESH_HEARTBEAT} in the environment), and the few that only a
 * command line needs: a transport URI or a broker password kept out of {@code ps}, access rules.
 */
final class MeshArgs {

    /** The environment variable of the transport's default (also {@code $SKEIN_MESH_TRANSPORT}). */
    static final String TRANSPORT_VARIABLE = "SKEIN_TRANSPORT";

    /** The older environment variable of the namespace (also {@code $SKEIN_MESH_NAMESPACE}). */
    static final String NAMESPACE_VARIABLE = "SKEIN_NAMESPACE";

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--transport-file", paramLabel = "FILE", description = "A file holding the transport URI, a password in it included; "
            + "readable by its owner only (chmod 600). Instead of --transport, which shows in ps to every user of the machine")
    Path transportFile;

    @Option(names = "--transport-password-file", paramLabel = "FILE", description = "A file holding the broker's password for the user the "
            + "transport URI names (user@host); readable by its owner only (chmod 600). Default: $" + TransportPassword.VARIABLE + " if set")
    Path transportPasswordFile;

    @Option(names = "--allow-call", paramLabel = "PATH[:METHOD]=IDS", description = "An access rule: only nodes whose key has one of these "
            + "names or roles (comma-separated) may call PATH (every method, or METHOD alone), e.g. payments=billing, payments:create=orders,admin; "
            + "repeatable. Paths no rule names stay open. Needs --key-file")
    List<String> allowCall = new ArrayList<>();

    @Option(names = "--allow-offer", paramLabel = "PATH=IDS", description = "An access rule: only nodes whose key has one of these names or "
            + "roles may serve PATH, e.g. payments=billing; repeatable. Needs --key-file")
    List<String> allowOffer = new ArrayList<>();

    private GivenSettings given;

    /** Where the environment variables come from: the process's, or a test's. */
    java.util.function.Function<String, String> environment = System::getenv;

    /**
     * The mesh settings given on the command line and in the environment; {@code file}'s are added by
     * the caller. A value found wrong, or a setting given two ways, fails when it is read.
     */
    GivenSettings given() {
        if (given != null) return given;
        GivenSettings g = new GivenSettings();
        // the command itself: this may be mixed into a mixin (ListenArgs), whose spec holds none of the setting flags
        SettingFlags.read(command.commandLine(), MeshSettings.ALL, g);
        if (transportFile != null) {
            String uri = dev.skein.mesh.SecretFiles.readSecret(transportFile, "the transport file", java.nio.charset.StandardCharsets.UTF_8).strip();
            if (uri.isEmpty()) throw new IllegalArgumentException("the transport file " + transportFile + " is empty");
            g.give(MeshSettings.TRANSPORT, "--transport-file", uri);
        }
        g.giveEnvironment(MeshSettings.ALL, environment);
        given = g;
        return g;
    }

    /** The namespace the node joins, as given or by default. */
    String namespace() {
        GivenSettings g = given();
        if (g.has(MeshSettings.DEPLOYMENT)) {
            return g.get(MeshSettings.DEPLOYMENT) + "." + (g.has(MeshSettings.CLUSTER) ? g.get(MeshSettings.CLUSTER) : MeshSettings.CLUSTER.defaultValue());
        }
        return g.has(MeshSettings.NAMESPACE) ? g.get(MeshSettings.NAMESPACE) : MeshSettings.NAMESPACE.defaultValue();
    }

    /** The call timeout, as given or by default. */
    Duration timeout() {
        return given().has(MeshSettings.TIMEOUT) ? given().get(MeshSettings.TIMEOUT) : MeshSettings.TIMEOUT.defaultValue();
    }

    /** A builder of the mesh these options describe; a value found wrong is an {@link InvalidOptionException}. */
    Mesh.Builder builder() {
        return InvalidOptionException.checking(() -> builder(given(), null));
    }

    /** A builder of the mesh of {@code settings} (with {@code file}'s, if any), its transport password and access rules applied. */
    Mesh.Builder builder(GivenSettings settings, NodeConfig file) {
        MeshSecurity security = MeshSecurity.of(this, file, settings);
        Mesh.Builder b = Mesh.builder();
        SettingFlags.apply(settings, MeshSettings.ALL, b::set);
        return b.transport(security.transport()).access(security.access());
    }

    /** The transport URI: as given (--transport, --transport-file, $SKEIN_MESH_TRANSPORT, the node file), else tcp://. */
    static String transportUri(GivenSettings settings) {
        String uri = settings.get(MeshSettings.TRANSPORT);
        return uri != null ? uri : System.getProperty("skein.transport", Mesh.DEFAULT_TRANSPORT);
    }

    /**
     * Builds {@code builder}'s mesh and configures {@code app} with it; a transport URI no transport
     * takes (unknown scheme, malformed, a bad seed address) is an {@link InvalidOptionException},
     * and {@code app} is closed. A refusal names where each setting it concerns was given.
     */
    Mesh join(App app, Mesh.Builder builder) {
        try {
            return InvalidOptionException.checking(() -> {
                Mesh mesh = build(builder, given());
                app.configure(mesh);
                return mesh;
            });
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
    }

    /** {@code builder.build()}; a {@link SettingException} is told again naming where its settings were given. */
    static Mesh build(Mesh.Builder builder, GivenSettings settings) {
        try {
            return builder.build();
        } catch (SettingException e) {
            String message = e.getMessage();
            List<String> places = new ArrayList<>();
            for (Setting<?> s : e.settings()) {
                String where = settings.where(s);
                // a refusal that names the file it read already says which one was given
                boolean named = settings.has(s) && s.type() == dev.skein.core.settings.SettingType.FILE && message.contains(String.valueOf(settings.get(s)));
                if (where != null && !named && !places.contains(where)) places.add(where);
            }
            throw new IllegalArgumentException(places.isEmpty() ? message : message + " (given as " + String.join(", ", places) + ")", e);
        }
    }

    /** Reads 10s, 500ms, 2m, or ISO-8601 (PT10S): the same durations as every setting. */
    static final class DurationConverter implements picocli.CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return SettingType.duration(value);
        }
    }
}
