package dev.skein.spring.internal;

import dev.skein.core.settings.Setting;
import dev.skein.gateway.Gateway;
import dev.skein.gateway.GatewaySettings;
import dev.skein.spring.GatewayBuilderCustomizer;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

import java.util.List;

/**
 * Builds a {@link Gateway} from the {@code skein.gateway.*} properties, one per declared setting
 * ({@link GatewaySettings}), with errors that name the property.
 */
public final class GatewayFactory {

    private GatewayFactory() {
    }

    /** The gateway the properties describe, changed by the customizers. */
    public static Gateway build(Environment environment, List<GatewayBuilderCustomizer> customizers) {
        Binder binder = Binder.get(environment);
        Gateway.Builder b = Gateway.builder();
        for (Setting<?> setting : GatewaySettings.ALL) bind(binder, setting, b);
        for (GatewayBuilderCustomizer customizer : customizers) customizer.customize(b);
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw Settings.invalid("skein.gateway", null, e);
        }
    }

    /** {@code setting}'s property, if set, given to {@code builder}. */
    private static <T> void bind(Binder binder, Setting<T> setting, Gateway.Builder builder) {
        Settings.bind(binder, setting, builder::set);
    }
}
