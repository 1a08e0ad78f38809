package dev.skein.spring.internal;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import java.util.function.Consumer;

/** Applies one property to a builder, turning a refusal into an error that names the property. */
final class Settings {

    private Settings() {
    }

    /** Gives {@code value} to {@code setter} unless it is null; an {@link IllegalArgumentException} names {@code property}. */
    static <T> void apply(String property, T value, Consumer<T> setter) {
        if (value == null) return;
        try {
            setter.accept(value);
        } catch (IllegalArgumentException e) {
            throw invalid(property, value, e);
        }
    }

    /** The error Spring Boot's failure analyzer shows as "Invalid value ... for configuration property ...". */
    static InvalidConfigurationPropertyValueException invalid(String property, Object value, RuntimeException cause) {
        InvalidConfigurationPropertyValueException e = new InvalidConfigurationPropertyValueException(property, value, cause.getMessage());
        e.addSuppressed(cause); // it takes no cause; the refusal's stack stays with it this way
        return e;
    }
}
