package dev.skein.cli;

import dev.skein.core.App;
import dev.skein.core.settings.GivenSettings;
import dev.skein.core.settings.Setting;
import dev.skein.core.settings.SettingException;
import dev.skein.core.settings.SettingType;
import dev.skein.mesh.Mesh;
import dev.skein.mesh.MeshSettings;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Options every command that joins the mesh shares: a flag for each of {@link MeshSettings} (made
 * from the declarations by {@link #addSettingFlags}, so {@code --heartbeat} is {@code mesh.heartbeat}
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
     * Adds a flag for every declared mesh setting to {@code spec}, a command that mixes these options
     * in: {@code --max-serving} for {@code maxServing}, with its older names. A secret has no flag: a
     * command line shows in {@code ps}.
     */
    static void addSettingFlags(CommandSpec spec) {
        for (Setting<?> setting : MeshSettings.ALL) {
            if (setting.isSecret()) continue;
            List<String> names = new ArrayList<>(List.of(setting.flag()));
            for (String alias : setting.aliases()) if (alias.startsWith("--")) names.add(alias);
            boolean many = setting.type().shape() != SettingType.Shape.SCALAR;
            String shown = setting.defaultValue() == null || setting.defaultValue().equals(List.of()) || setting.defaultValue().equals(java.util.Map.of())
                    ? "" : " (default: " + show(setting.defaultValue()) + ")";
            String more = many ? "; repeatable, or comma-separated" : "";
            String file = setting == MeshSettings.TRANSPORT ? ". It shows in ps to every user of the machine: give a broker password with "
                    + "--transport-password-file or $" + TransportPassword.VARIABLE + " (the URI then names the user alone: user@host), or the whole "
                    + "URI with --transport-file or $" + TRANSPORT_VARIABLE : "";
            OptionSpec.Builder option = OptionSpec.builder(names.toArray(String[]::new))
                    .paramLabel(label(setting.type()))
                    .description(setting.description() + shown + more + file + ". Also " + setting.key() + " in a node file, $" + setting.variable());
            if (many) option.type(List.class).auxiliaryTypes(String.class);
            else if (setting.type() == SettingType.BOOLEAN) option.type(String.class).arity("0..1").fallbackValue("true");
            else option.type(String.class);
            spec.addOption(option.build());
        }
    }

    /** Adds the setting flags to a command that mixes these options in: {@code @Command(modelTransformer = MeshArgs.SettingFlags.class)}. */
    static final class SettingFlags implements picocli.CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            addSettingFlags(spec);
            return spec;
        }
    }

    private static String label(SettingType<?> type) {
        if (type == SettingType.DURATION) return "DURATION";
        if (type == SettingType.SIZE) return "SIZE";
        if (type == SettingType.INTEGER) return "N";
        if (type == SettingType.FILE) return "FILE";
        if (type == SettingType.BOOLEAN) return "BOOL";
        if (type.shape() == SettingType.Shape.MAP) return "NAME=VALUE";
        return "VALUE";
    }

    private static String show(Object value) {
        return value instanceof Duration d ? d.toString().substring(2).toLowerCase(java.util.Locale.ROOT) : String.valueOf(value);
    }

    /**
     * The mesh settings given on the command line and in the environment; {@code file}'s are added by
     * the caller. A value found wrong, or a setting given two ways, fails when it is read.
     */
    GivenSettings given() {
        if (given != null) return given;
        GivenSettings g = new GivenSettings();
        // the command itself: this may be mixed into a mixin (ListenArgs), whose spec holds none of the setting flags
        CommandSpec owner = command.commandLine().getCommandSpec();
        ParseResult parsed = command.commandLine().getParseResult();
        for (Setting<?> setting : MeshSettings.ALL) {
            if (setting.isSecret()) continue;
            OptionSpec option = owner.findOption(setting.flag());
            if (option == null || !parsed.hasMatchedOption(option)) continue;
            Object value = option.getValue();
            String text = value instanceof List<?> list ? String.join(",", list.stream().map(String::valueOf).toList()) : String.valueOf(value);
            giveText(g, setting, parsed.matchedOption(setting.flag()).longestName(), text);
        }
        if (transportFile != null) {
            String uri = dev.skein.mesh.SecretFiles.readSecret(transportFile, "the transport file", java.nio.charset.StandardCharsets.UTF_8).strip();
            if (uri.isEmpty()) throw new IllegalArgumentException("the transport file " + transportFile + " is empty");
            g.give(MeshSettings.TRANSPORT, "--transport-file", uri);
        }
        g.giveEnvironment(MeshSettings.ALL, environment);
        given = g;
        return g;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void giveText(GivenSettings g, Setting setting, String where, String text) {
        g.giveText(setting, where, text);
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
        for (Setting<?> setting : settings.settings()) set(b, settings, setting);
        return b.transport(security.transport()).access(security.access());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void set(Mesh.Builder b, GivenSettings settings, Setting setting) {
        b.set(setting, settings.get(setting));
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
                if (where != null && !places.contains(where)) places.add(where);
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
