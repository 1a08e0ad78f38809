package dev.skein.cli;

import dev.skein.core.settings.GivenSettings;
import dev.skein.core.settings.Setting;
import dev.skein.core.settings.SettingType;
import dev.skein.mesh.MeshOptions;
import dev.skein.mesh.MeshSettings;
import dev.skein.testkit.SettingSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every declared mesh setting given as a flag, as an environment variable, or in a node file makes
 * the same options: the three sources are made from one declaration ({@link MeshSettings}). The
 * starter's properties are checked the same way in its own tests.
 */
@Timeout(30)
class SettingsSourcesTest {

    @Test
    void theSameSettingsAsFlagsAsEnvironmentVariablesOrInANodeFileMakeTheSameNode(@TempDir Path dir) throws Exception {
        Map<Setting<?>, String> samples = SettingSamples.inside(dir);

        List<String> flags = new ArrayList<>();
        samples.forEach((setting, text) -> { flags.add(setting.flag()); flags.add(text); });
        SettingSamples.assertHeld(options(flags, Map.of(), null), samples, "flags");

        Map<String, String> environment = samples.entrySet().stream().collect(Collectors.toMap(e -> e.getKey().variable(), Map.Entry::getValue));
        SettingSamples.assertHeld(options(List.of(), environment, null), samples, "the environment");

        StringBuilder yaml = new StringBuilder("name: same\nmesh:\n");
        samples.forEach((setting, text) -> yaml.append("  ").append(setting.name()).append(": ").append(yamlValue(setting, text)).append('\n'));
        Path file = Files.writeString(dir.resolve("node.yaml"), yaml);
        SettingSamples.assertHeld(options(List.of(), Map.of(), file), samples, "the node file");
    }

    @Test
    void aSettingGivenAsAFlagAndAVariableIsReadOnceWhenTheyAgreeAndRefusedNamingBothWhenNot(@TempDir Path dir) throws Exception {
        assertThat(options(List.of("--timeout", "5s"), Map.of("SKEIN_MESH_TIMEOUT", "5000ms"), null).calls().timeout()).hasSeconds(5);
        assertThatThrownBy(() -> options(List.of("--timeout", "5s"), Map.of("SKEIN_MESH_TIMEOUT", "6s"), null))
                .hasMessage("timeout is given two ways, --timeout and $SKEIN_MESH_TIMEOUT, with different values; give it one way");
        assertThatThrownBy(() -> options(List.of(), Map.of("SKEIN_MESH_NAMESPACE", "a", "SKEIN_NAMESPACE", "b"), null))
                .hasMessageContaining("namespace is given two ways, $SKEIN_MESH_NAMESPACE and $SKEIN_NAMESPACE");
        assertThatThrownBy(() -> options(List.of("--max-serving", "lots"), Map.of(), null))
                .hasMessage("--max-serving: a whole number expected, got 'lots'");
        assertThatThrownBy(() -> options(List.of("--max-serving", "0"), Map.of(), null))
                .hasMessage("--max-serving: maxServing must be at least 1, got 0");
        assertThatThrownBy(() -> options(List.of(), Map.of("SKEIN_MESH_SECRET", "too-short-secret"), null))
                .hasMessageContaining("secret").hasMessageContaining("$SKEIN_MESH_SECRET").hasMessageNotContaining("too-short-secret");
    }

    @Test
    void aServiceInANodeFileWithoutAClassIsAMemoryServiceAsTheFlagMakesOne(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("node.yaml"), "name: memory\nservices:\n  - {path: todos, paginate: true, nonBlocking: true}\n  - {path: notes}\n");
        dev.skein.core.App app = NodeConfig.read(file).app();
        try {
            app.service("todos").create(Map.of("text", "a")).join();
            assertThat(app.service("todos").find().join()).as("paginate: a page").isInstanceOf(Map.class);
            assertThat(app.service("notes").find().join()).as("by default a list, as -s notes").isEqualTo(List.of());
            assertThat(app.service("todos").options().nonBlocking()).as("nonBlocking, as ServiceOptions says").isTrue();
            assertThat(app.service("notes").options().nonBlocking()).isFalse();
        } finally {
            app.close();
        }
        Path wrong = Files.writeString(dir.resolve("wrong.yaml"), "services:\n  - {path: todos, paginate: yes-please}\n");
        assertThatThrownBy(() -> NodeConfig.read(wrong).app()).hasMessageContaining("'services[todos].paginate' must be true or false");
    }

    /** The options of a node command with {@code flags}, the variables of {@code environment} and the node file {@code file} (or none). */
    private static MeshOptions options(List<String> flags, Map<String, String> environment, Path file) throws Exception {
        NodeCommand command = new NodeCommand();
        new CommandLine(command).parseArgs(flags.toArray(String[]::new));
        command.mesh.environment = environment::get;
        GivenSettings settings = command.mesh.given();
        NodeConfig config = file == null ? null : NodeConfig.read(file);
        if (config != null) config.giveMesh(settings);
        return MeshArgs.build(command.mesh.builder(settings, config), settings).options();
    }

    private static String yamlValue(Setting<?> setting, String text) {
        return switch (setting.type().shape()) {
            case LIST -> "['" + text + "']";
            case MAP -> "{" + text.replace("=", ": '") + "'}";
            case SCALAR -> setting.type() == SettingType.INTEGER || setting.type() == SettingType.BOOLEAN ? text : "'" + text + "'";
        };
    }
}
