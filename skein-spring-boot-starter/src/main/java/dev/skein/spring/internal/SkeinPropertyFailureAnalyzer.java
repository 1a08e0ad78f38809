package dev.skein.spring.internal;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/**
 * The "APPLICATION FAILED TO START" report of a {@link SkeinPropertyException}: the property, the value as it may
 * be shown, where it was set and why it is refused. Spring Boot's analyzer of invalid property values prints the
 * value it finds in the environment, which for {@code skein.mesh.secret} is the secret itself (docs/SPRING.md
 * section 10 promises it never shows); this one runs first. Registered in {@code META-INF/spring.factories}.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
public class SkeinPropertyFailureAnalyzer extends AbstractFailureAnalyzer<SkeinPropertyException> {

    private final Environment environment;

    /** Spring Boot makes it, with the application's environment (null when the context was not made). */
    public SkeinPropertyFailureAnalyzer(Environment environment) {
        this.environment = environment;
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SkeinPropertyException cause) {
        StringBuilder description = new StringBuilder();
        description.append(cause.getValue() == null ? "Invalid" : "Invalid value '" + cause.getValue() + "' for")
                .append(" configuration property '").append(cause.getName()).append("'");
        String origin = origin(cause.getName());
        if (origin != null) description.append(" (originating from '").append(origin).append("')");
        description.append(". Validation failed for the following reason:\n\n").append(cause.getReason());
        return new FailureAnalysis(description.toString(), "Review the value of the property with the provided reason.", cause);
    }

    /** Where the property was set (a file and line, a command-line argument), or null when unknown. */
    private String origin(String name) {
        if (environment == null || !ConfigurationPropertyName.isValid(name)) return null;
        ConfigurationPropertyName property = ConfigurationPropertyName.of(name);
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            ConfigurationProperty found = source.getConfigurationProperty(property);
            if (found != null && found.getOrigin() != null) return found.getOrigin().toString();
        }
        return null;
    }
}
