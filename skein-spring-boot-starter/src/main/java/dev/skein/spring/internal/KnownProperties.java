package dev.skein.spring.internal;

import dev.skein.core.settings.Setting;
import dev.skein.mesh.MeshSettings;
import dev.skein.gateway.GatewaySettings;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Refuses a {@code skein.mesh.*} or {@code skein.gateway.*} property that names nothing, such as {@code skein.mesh.tranport}: a
 * typo must not leave a setting at its default without a word. The {@code skein.mesh.*} names come
 * from the declarations ({@link MeshSettings}, {@link GatewaySettings}).
 */
public final class KnownProperties {

    private static final ConfigurationPropertyName SKEIN = ConfigurationPropertyName.of("skein");

    private KnownProperties() {
    }

    /**
     * Checks every {@code skein.mesh.*} and {@code skein.gateway.*} property of {@code environment}'s
     * configuration files and other listable sources (not the process's environment nor system
     * properties); an unknown one fails, naming it.
     */
    public static void check(Environment environment) {
        // only the groups of declared settings: other skein.* names are system properties of their own (skein.transport, skein.discovery.interface)
        Map<String, Set<String>> known = Map.of("mesh", names(MeshSettings.ALL, "access", "await-ready"), "gateway", names(GatewaySettings.ALL));
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (!(source instanceof IterableConfigurationPropertySource names) || fromTheProcess(source)) continue;
            names.stream().filter(SKEIN::isAncestorOf).forEach(name -> {
                String group = name.getElement(1, ConfigurationPropertyName.Form.DASHED);
                Set<String> allowed = known.get(group);
                if (allowed == null || name.getNumberOfElements() < 3) return;
                String key = name.getElement(2, ConfigurationPropertyName.Form.DASHED);
                if (!allowed.contains(key)) throw unknown(name, allowed);
            });
        }
    }

    /**
     * Whether {@code source} is the process's environment or system properties: not checked, so that
     * an unrelated {@code SKEIN_*} variable or {@code -Dskein.*} property does no harm, as before.
     */
    static boolean fromTheProcess(ConfigurationPropertySource source) {
        Object underlying = source.getUnderlyingSource();
        return underlying instanceof org.springframework.core.env.SystemEnvironmentPropertySource
                || underlying instanceof org.springframework.core.env.PropertySource<?> p
                && org.springframework.core.env.StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME.equals(p.getName());
    }

    /** The kebab names of {@code settings}, {@code enabled} and {@code more}. */
    private static Set<String> names(java.util.List<Setting<?>> settings, String... more) {
        Set<String> names = new TreeSet<>(Set.of(more));
        names.add("enabled");
        for (Setting<?> s : settings) names.add(s.kebabName());
        return names;
    }

    private static RuntimeException unknown(ConfigurationPropertyName name, Set<String> known) {
        // no value shown: under a misspelt name it may be a secret (skein.mesh.secrte)
        return Settings.invalid(name.toString(), null, new IllegalArgumentException("no such Skein property (known here: "
                + new TreeSet<>(known) + "; docs/SETTINGS.md and docs/SPRING.md list them)"));
    }
}
