package dev.skein.cli;

import dev.skein.core.settings.Setting;
import dev.skein.gateway.Gateway;
import dev.skein.gateway.GatewayOptions;
import dev.skein.gateway.GatewaySettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every declared gateway setting given as a flag of {@code skein gateway}, as an environment
 * variable, or under {@code gateway} in a node file makes the same gateway, and one that differs
 * from the defaults in every setting: the sources are made from one declaration ({@link GatewaySettings}).
 */
@Timeout(30)
class GatewaySettingsSourcesTest {

    @Test
    void theSameGatewaySettingsAsFlagsAsVariablesOrInANodeFileMakeTheSameGateway(@TempDir Path dir) throws Exception {
        Map<Setting<?>, String> samples = samples(Files.createDirectories(dir.resolve("site")));

        List<String> flags = new ArrayList<>();
        samples.forEach((setting, text) -> { flags.add(setting.flag()); flags.add(text); });
        List<Object> fromFlags = seen(fromCommand(flags, Map.of()));

        Map<String, String> environment = samples.entrySet().stream().collect(Collectors.toMap(e -> e.getKey().variable(), Map.Entry::getValue));
        List<Object> fromVariables = seen(fromCommand(List.of(), environment));

        StringBuilder yaml = new StringBuilder("name: same\ngateway:\n");
        samples.forEach((setting, text) -> yaml.append("  ").append(setting.name()).append(": '").append(text).append("'\n"));
        Path file = Files.writeString(dir.resolve("node.yaml"), yaml);
        List<Object> fromFile = seen(NodeConfig.read(file).gateway().options());

        assertThat(fromVariables).as("from the environment").isEqualTo(fromFlags);
        assertThat(fromFile).as("from a node file").isEqualTo(fromFlags);
        List<Object> defaults = seen(Gateway.builder().build().options());
        for (int i = 0; i < defaults.size(); i++) {
            assertThat(fromFlags.get(i)).as("component %d differs from the default: every sample took effect", i).isNotEqualTo(defaults.get(i));
        }
    }

    /** A value other than the default for every gateway setting but the token (a secret: never a flag nor in a file). */
    private static Map<Setting<?>, String> samples(Path site) {
        Map<Setting<?>, String> s = new LinkedHashMap<>();
        s.put(GatewaySettings.HOST, "127.0.0.2");
        s.put(GatewaySettings.PORT, "3131");
        s.put(GatewaySettings.ALLOWED_HOSTS, "api.example.com");
        s.put(GatewaySettings.CORS_ORIGINS, "https://app.example.com");
        s.put(GatewaySettings.EXPOSE, "todos");
        s.put(GatewaySettings.MOUNTS, "api/todos=todos");
        s.put(GatewaySettings.DASHBOARD, "/fleet-board");
        s.put(GatewaySettings.OPERATIONS, "false");
        s.put(GatewaySettings.SOCKET_IO, "false");
        s.put(GatewaySettings.MAX_BODY_SIZE, "2MB");
        s.put(GatewaySettings.MAX_CONNECTIONS, "77");
        s.put(GatewaySettings.MAX_CONNECTIONS_PER_ADDRESS, "7");
        s.put(GatewaySettings.IDLE_TIMEOUT, "61s");
        s.put(GatewaySettings.HEADERS_TIMEOUT, "11s");
        s.put(GatewaySettings.BODY_TIMEOUT, "31s");
        s.put(GatewaySettings.MAX_JSON_DEPTH, "32");
        s.put(GatewaySettings.SETTLE_WINDOW, "4s");
        s.put(GatewaySettings.UNAVAILABLE_AFTER, "1s");
        s.put(GatewaySettings.STATIC_FILES, site.toAbsolutePath().toString());
        s.put(GatewaySettings.STATIC_RESOURCES, "public");
        s.put(GatewaySettings.ALLOW_OPEN_MESH, "true");
        return s;
    }

    private static GatewayOptions fromCommand(List<String> flags, Map<String, String> environment) {
        GatewayCommand command = new GatewayCommand();
        new CommandLine(command).parseArgs(flags.toArray(String[]::new));
        command.mesh.environment = environment::get;
        return command.gatewayBuilder().build().options();
    }

    /** What a gateway's options say, the predicates by what they let through. */
    private static List<Object> seen(GatewayOptions o) {
        return List.of(o.host(), o.port(), o.access().allowedHosts(), String.valueOf(o.cors()), o.expose().test("todos") && !o.expose().test("users"),
                o.mounts(), String.valueOf(o.dashboard()), o.operations(), o.socketIo(), o.maxBody(), o.limits(), o.discovery(),
                String.valueOf(o.staticRoot()), String.valueOf(o.staticResources()), o.access().allowOpenMesh());
    }
}
