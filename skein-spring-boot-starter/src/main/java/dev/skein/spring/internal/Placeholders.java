package dev.skein.spring.internal;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;

import java.util.Collection;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Refuses a {@code skein.*} value that still holds a placeholder, such as {@code secret: ${SKEIN_MESH_SECRET}}
 * when the variable is not set: Spring leaves the text as it is, and the setting would then be judged
 * on it ("a mesh secret must be at least 32 bytes, got 20") instead of naming the missing variable.
 * The refusal shows the placeholder alone, never the rest of the value (it may be part of a secret).
 */
public final class Placeholders {

    private static final ConfigurationPropertyName SKEIN = ConfigurationPropertyName.of("skein");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

    private Placeholders() {
    }

    /**
     * Checks every {@code skein.*} value of {@code environment}'s configuration files and other listable
     * sources (not the process's environment nor system properties, as {@link KnownProperties}), with
     * the placeholders it can resolve resolved; one left fails, naming the property and the variable.
     */
    public static void check(Environment environment) {
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (!(source instanceof IterableConfigurationPropertySource names) || KnownProperties.fromTheProcess(source)) continue;
            names.stream().filter(SKEIN::isAncestorOf).forEach(name -> {
                ConfigurationProperty property = source.getConfigurationProperty(name);
                if (property == null || !(property.getValue() instanceof String text)) return;
                String left = unresolved(environment.resolvePlaceholders(text));
                if (left != null) throw refusal(name.toString(), left);
            });
        }
    }

    /** The first placeholder left in {@code value} (a text, or the elements or values of a list or map), or null. */
    static String unresolved(Object value) {
        if (value instanceof String text) {
            Matcher m = PLACEHOLDER.matcher(text);
            return m.find() ? m.group() : null;
        }
        if (value instanceof Map<?, ?> map) value = map.values();
        if (value instanceof Collection<?> values) {
            for (Object v : values) {
                String left = unresolved(v);
                if (left != null) return left;
            }
        }
        return null;
    }

    /** {@code skein.mesh.secret is ${SKEIN_MESH_SECRET}: the variable SKEIN_MESH_SECRET is not set}, as Spring Boot reports it. */
    static InvalidConfigurationPropertyValueException refusal(String property, String placeholder) {
        String variable = placeholder.substring(2, placeholder.length() - 1);
        int colon = variable.indexOf(':');
        if (colon >= 0) variable = variable.substring(0, colon);
        // the placeholder alone: the rest of the value may be part of a secret
        return Settings.invalid(property, placeholder, new IllegalArgumentException(property + " is " + placeholder + ": the variable " + variable
                + " is not set (set it in the environment, or give " + property + " a value)"));
    }
}
