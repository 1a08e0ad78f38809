package dev.skein.cli;

import dev.skein.core.settings.SettingsTable;
import dev.skein.mesh.MeshSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/SETTINGS.md's tables are made from the declarations ({@link MeshSettings}, {@code GatewaySettings}), not written by
 * hand: this fails when they differ. {@code mvn -pl skein-cli -am test -Dtest=SettingsDocsTest
 * -Dskein.regenerate=true -Dsurefire.failIfNoSpecifiedTests=false} writes the table anew.
 */
@Timeout(30)
class SettingsDocsTest {

    static final String END = "<!-- end of generated table -->";

    @Test
    void theSettingsTablesInTheDocsAreTheOnesTheDeclarationsMake() throws Exception {
        table("MeshSettings", MeshSettings.ALL);
        table("GatewaySettings", dev.skein.gateway.GatewaySettings.ALL);
    }

    private static void table(String declaredIn, java.util.List<dev.skein.core.settings.Setting<?>> settings) throws Exception {
        String begins = "<!-- generated from " + declaredIn + ": do not edit by hand -->\n";
        Path file = root().resolve("docs/SETTINGS.md");
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int begin = text.indexOf(begins);
        int end = text.indexOf(END, begin);
        assertThat(begin).as("docs/SETTINGS.md holds the generated table between its markers").isNotNegative();
        assertThat(end).isGreaterThan(begin);
        String table = SettingsTable.markdown(settings);
        String now = text.substring(begin + begins.length(), end);
        if (Boolean.getBoolean("skein.regenerate") && !now.equals(table)) {
            Files.writeString(file, text.substring(0, begin + begins.length()) + table + text.substring(end), StandardCharsets.UTF_8);
            return;
        }
        assertThat(now).as("docs/SETTINGS.md is stale: regenerate it (see this test's Javadoc)").isEqualTo(table);
    }

    private static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.exists(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("docs")))) dir = dir.getParent();
        return dir;
    }
}
