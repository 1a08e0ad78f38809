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

    /**
     * The error the failure report shows as "Invalid value ... for configuration property ..." ({@link SkeinPropertyFailureAnalyzer}),
     * with {@code value} as given: the caller passes it as it may be shown (masked for a secret).
     */
    static InvalidConfigurationPropertyValueException invalid(String property, Object value, RuntimeException cause) {
        InvalidConfigurationPropertyValueException e = new SkeinPropertyException(property, value, cause.getMessage());
        e.addSuppressed(cause); // it takes no cause; the refusal's stack stays with it this way
        return e;
    }

    /** The message of the innermost cause of {@code e} that has one. */
    private static String rootMessage(Throwable e) {
        String message = e.getMessage();
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t.getMessage() != null) message = t.getMessage();
        }
        return message;
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
            // why Spring could not read it (elements left unbound, say); a secret's reason may quote its value
            String why = setting.isSecret() ? "" : " (" + rootMessage(e) + ")";
            throw Settings.invalid(setting.property(), "(unreadable)", new IllegalArgumentException(setting.name() + " is "
                    + setting.type().description() + why));
        }
        if (raw == null) return;
        String placeholder = Placeholders.unresolved(raw);
        if (placeholder != null) throw Placeholders.refusal(setting.property(), placeholder);
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
