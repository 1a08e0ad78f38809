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
 * docs/SETTINGS.md's table is made from the declarations ({@link MeshSettings}), not written by
 * hand: this fails when they differ. {@code mvn -pl skein-cli -am test -Dtest=SettingsDocsTest
 * -Dskein.regenerate=true -Dsurefire.failIfNoSpecifiedTests=false} writes the table anew.
 */
@Timeout(30)
class SettingsDocsTest {

    static final String BEGIN = "<!-- generated from MeshSettings: do not edit by hand -->\n";
    static final String END = "<!-- end of generated table -->";

    @Test
    void theSettingsTableInTheDocsIsTheOneTheDeclarationsMake() throws Exception {
        Path file = root().resolve("docs/SETTINGS.md");
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        assertThat(begin).as("docs/SETTINGS.md holds the generated table between its markers").isNotNegative();
        assertThat(end).isGreaterThan(begin);
        String table = SettingsTable.markdown(MeshSettings.ALL);
        String now = text.substring(begin + BEGIN.length(), end);
        if (Boolean.getBoolean("skein.regenerate") && !now.equals(table)) {
            Files.writeString(file, text.substring(0, begin + BEGIN.length()) + table + text.substring(end), StandardCharsets.UTF_8);
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
