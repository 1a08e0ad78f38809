package dev.skein.cli;

import dev.skein.core.settings.GivenSettings;
import dev.skein.core.settings.Setting;
import dev.skein.core.settings.SettingType;
import dev.skein.gateway.GatewaySettings;
import dev.skein.mesh.MeshSettings;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

import java.util.ArrayList;
import java.util.List;

/**
 * The flags of declared settings, made from their declarations: {@code --max-serving} for
 * {@code maxServing}, with its older names, its type's label, its description and default, and
 * where else it may be given. A secret has no flag: a command line shows in {@code ps}. Every flag
 * is read as text by the setting's own parser, as a variable or a node file's value is.
 */
final class SettingFlags {

    private SettingFlags() {
    }

    /** The mesh settings' flags, for a command that mixes {@link MeshArgs} in: {@code @Command(modelTransformer = SettingFlags.Mesh.class)}. */
    static final class Mesh implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            add(spec, MeshSettings.ALL);
            return spec;
        }
    }

    /** The mesh and gateway settings' flags, for {@code skein gateway}. */
    static final class MeshAndGateway implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            add(spec, MeshSettings.ALL);
            add(spec, GatewaySettings.ALL);
            return spec;
        }
    }

    /** Adds a flag for every one of {@code settings} but the secrets to {@code spec}. */
    static void add(CommandSpec spec, List<Setting<?>> settings) {
        for (Setting<?> setting : settings) {
            if (setting.isSecret()) continue;
            List<String> names = new ArrayList<>(List.of(setting.flag()));
            for (String alias : setting.aliases()) if (alias.startsWith("--")) names.add(alias);
            boolean many = setting.type().shape() != SettingType.Shape.SCALAR;
            String shown = setting.defaultText().isEmpty() ? "" : " (default: " + setting.defaultText() + ")";
            String more = many ? "; repeatable, or comma-separated" : "";
            String file = setting == MeshSettings.TRANSPORT ? ". It shows in ps to every user of the machine: give a broker password with "
                    + "--transport-password-file or $" + TransportPassword.VARIABLE + " (the URI then names the user alone: user@host), or the whole "
                    + "URI with --transport-file or $" + MeshArgs.TRANSPORT_VARIABLE : "";
            OptionSpec.Builder option = OptionSpec.builder(names.toArray(String[]::new))
                    .paramLabel(label(setting.type()))
                    .description(setting.description() + shown + more + file + ". Also " + setting.key() + " in a node file, $" + setting.variable());
            if (many) option.type(List.class).auxiliaryTypes(String.class);
            else if (setting.type() == SettingType.BOOLEAN) option.type(String.class).arity("0..1").fallbackValue("true");
            else option.type(String.class);
            spec.addOption(option.build());
        }
    }

    /** Gives {@code into} every one of {@code settings} whose flag {@code command} matched, as the flag was written. */
    static void read(CommandLine command, List<Setting<?>> settings, GivenSettings into) {
        CommandSpec owner = command.getCommandSpec();
        ParseResult parsed = command.getParseResult();
        for (Setting<?> setting : settings) {
            if (setting.isSecret()) continue;
            OptionSpec option = owner.findOption(setting.flag());
            if (option == null || !parsed.hasMatchedOption(option)) continue;
            Object value = option.getValue();
            String text = value instanceof List<?> list ? String.join(",", list.stream().map(String::valueOf).toList()) : String.valueOf(value);
            into.giveText(setting, parsed.matchedOption(setting.flag()).longestName(), text);
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

    /** Gives a builder, through its {@code set}, every one of {@code settings} that {@code given} holds: the one way each source applies what it read. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static void apply(GivenSettings given, List<Setting<?>> settings, java.util.function.BiConsumer<Setting, Object> set) {
        for (Setting<?> setting : given.settings()) if (settings.contains(setting)) set.accept(setting, given.get(setting));
    }
}
