package dev.skein.spring;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.skein.core.settings.Setting;
import dev.skein.mesh.MeshSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code skein.mesh.*} and {@code skein.gateway.*} entries of the starter's configuration metadata (what an IDE completes
 * and documents in application.yaml) are made from the declarations ({@link MeshSettings}, {@code GatewaySettings}), not
 * written by hand: this fails when they differ. {@code mvn -pl skein-spring-boot-starter -am test
 * -Dtest=SettingsMetadataTest -Dskein.regenerate=true -Dsurefire.failIfNoSpecifiedTests=false}
 * writes them anew.
 */
@Timeout(30)
class SettingsMetadataTest {

    private static final Path FILE = Path.of("src/main/resources/META-INF/additional-spring-configuration-metadata.json");

    @Test
    @SuppressWarnings("unchecked")
    void everyMeshSettingIsInTheMetadataAsItsDeclarationSays() throws Exception {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Map<String, Object> metadata = json.readValue(FILE.toFile(), LinkedHashMap.class);
        List<Map<String, Object>> properties = (List<Map<String, Object>>) metadata.get("properties");
        List<Map<String, Object>> declared = new ArrayList<>();
        for (Setting<?> s : MeshSettings.ALL) declared.add(entry(s));
        for (Setting<?> s : dev.skein.gateway.GatewaySettings.ALL) declared.add(entry(s));
        List<Map<String, Object>> written = properties.stream().filter(p -> declared.stream().anyMatch(d -> d.get("name").equals(p.get("name")))).toList();
        if (Boolean.getBoolean("skein.regenerate") && !written.equals(declared)) {
            List<Map<String, Object>> others = properties.stream().filter(p -> !written.contains(p)).toList();
            List<Map<String, Object>> all = new ArrayList<>(declared);
            all.addAll(others);
            metadata.put("properties", all);
            json.writeValue(FILE.toFile(), metadata);
            return;
        }
        assertThat(written).as("the metadata's skein.mesh.* and skein.gateway.* entries are stale: regenerate them (see this test's Javadoc)").isEqualTo(declared);
    }

    private static Map<String, Object> entry(Setting<?> s) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("name", s.property());
        e.put("type", s.type().javaType());
        e.put("description", s.description() + ".");
        if (!s.defaultText().isEmpty()) e.put("defaultValue", s.defaultText());
        return e;
    }
}
