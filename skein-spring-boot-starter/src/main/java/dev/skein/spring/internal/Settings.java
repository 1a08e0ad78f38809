package dev.skein.spring.internal;

import dev.skein.core.settings.Setting;
import dev.skein.core.settings.SettingType;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
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

    /**
     * Gives {@code setter} the property of {@code setting} when set ({@link Setting#property()}), read as every other
     * source reads it; a bad value fails naming the property, never showing a secret.
     */
    static <T> void bind(Binder binder, Setting<T> setting, java.util.function.BiConsumer<Setting<T>, T> setter) {
        Bindable<?> shape = switch (setting.type().shape()) {
            case SCALAR -> Bindable.of(String.class);
            case LIST -> Bindable.listOf(String.class);
            case MAP -> Bindable.mapOf(String.class, String.class);
        };
        Object raw;
        try {
            // a mapping may also be written as text, as on a command line: skein.mesh.dependencies=historian=2 ($SKEIN_MESH_DEPENDENCIES)
            raw = setting.type().shape() == SettingType.Shape.MAP ? binder.bind(setting.property(), String.class).orElse(null) : null;
            if (raw == null) raw = binder.bind(setting.property(), shape).orElse(null);
        } catch (RuntimeException e) {
            throw Settings.invalid(setting.property(), "(unreadable)", new IllegalArgumentException(setting.name() + " is " + setting.type().description()));
        }
        if (raw == null) return;
        try {
            setter.accept(setting, setting.fromValue(raw));
        } catch (IllegalArgumentException e) {
            if (raw instanceof java.util.Map<?, ?> entries) {
                // name the entry that is wrong: skein.mesh.dependencies[billing]
                for (java.util.Map.Entry<?, ?> entry : entries.entrySet()) {
                    try {
                        setting.fromValue(java.util.Map.of(entry.getKey(), entry.getValue()));
                    } catch (IllegalArgumentException wrong) {
                        throw Settings.invalid(setting.property() + "[" + entry.getKey() + "]", setting.show(entry.getValue()), wrong);
                    }
                }
            }
            throw Settings.invalid(setting.property(), setting.show(raw), e);
        }
    }
}
