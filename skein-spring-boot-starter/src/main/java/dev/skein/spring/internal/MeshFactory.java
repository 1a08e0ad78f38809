package dev.skein.spring.internal;

import dev.skein.core.ServicePath;
import dev.skein.mesh.Access;
import dev.skein.mesh.Mesh;
import dev.skein.core.settings.Setting;
import dev.skein.core.settings.SettingException;
import dev.skein.mesh.MeshSettings;
import dev.skein.spring.MeshBuilderCustomizer;
import dev.skein.spring.SkeinProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

import java.util.List;
import java.util.Set;

/**
 * Makes a {@link Mesh.Builder} from the {@code skein.mesh.*} properties, one per declared setting
 * ({@link MeshSettings}), and builds it with errors that name the property.
 */
public final class MeshFactory {

    private static final String PREFIX = "skein.mesh.";

    private MeshFactory() {
    }

    /**
     * A builder with every {@code skein.mesh.*} property that is set (one per {@link MeshSettings}
     * declaration, named {@link Setting#property()}), the access rules, the metrics registry and the
     * tracing when given (null otherwise), then the customizers. Paths in {@code localPaths} are
     * never consumed: this app serves them itself, and a proxy registered there first would keep its
     * own service out.
     */
    public static Mesh.Builder builder(Environment environment, SkeinProperties.MeshProperties p, Set<String> localPaths, MeterRegistry meters,
                                       OpenTelemetry openTelemetry, List<MeshBuilderCustomizer> customizers) {
        Binder binder = Binder.get(environment);
        Mesh.Builder b = Mesh.builder();
        for (Setting<?> setting : MeshSettings.ALL) bind(binder, setting, b);
        Set<String> local = Set.copyOf(localPaths);
        b.consume(path -> !local.contains(path));
        Access access = access(p);
        if (access != null) {
            if (!b.isSet(MeshSettings.KEY_FILE)) {
                throw Settings.invalid(PREFIX + "access", p.getAccess().keySet(), new IllegalArgumentException("access rules name node identities, "
                        + "which only node key pairs prove from properties: add skein.mesh.key-file and skein.mesh.trusted-keys-file (for "
                        + "mutual TLS, give the rules and the transport in a MeshBuilderCustomizer); without them every path the rules name "
                        + "is closed to every other node"));
            }
            b.access(access);
        }
        if (meters != null) b.metrics(meters);
        if (openTelemetry != null) b.tracing(openTelemetry);
        for (MeshBuilderCustomizer customizer : customizers) customizer.customize(b);
        return b;
    }

    /** {@code builder.build()}, a refusal naming the property of the setting it concerns, never a secret's value. */
    public static Mesh build(Mesh.Builder builder) {
        try {
            return builder.build();
        } catch (SettingException e) {
            if (e.settings().isEmpty()) throw Settings.invalid("skein.mesh", null, e);
            Setting<?> setting = e.settings().get(0);
            Object value = builder.value(setting);
            Object shown = setting == MeshSettings.TRANSPORT && value != null
                    ? dev.skein.mesh.spi.TransportFactory.withoutCredentials(String.valueOf(value)) : setting.show(value);
            throw Settings.invalid(setting.property(), shown, e);
        } catch (IllegalArgumentException e) {
            throw Settings.invalid("skein.mesh", null, e);
        }
    }

    /** The rules of skein.mesh.access, or null for none; a path that is not canonical is refused, naming it. */
    private static Access access(SkeinProperties.MeshProperties p) {
        if (p.getAccess().isEmpty()) return null;
        Access.Builder b = Access.builder();
        p.getAccess().forEach((path, rule) -> {
            String property = PREFIX + "access[" + path + "]";
            String why = ServicePath.whyNotCanonical(path);
            if (why != null) {
                throw Settings.invalid(property, path, new IllegalArgumentException("the service path " + ServicePath.quoted(path) + " is not canonical: " + why));
            }
            Settings.apply(property + ".call", rule.getCall().isEmpty() ? null : rule.getCall(),
                    ids -> b.call(path, Access.ANY_METHOD, ids.toArray(String[]::new)));
            rule.getMethods().forEach((method, ids) -> Settings.apply(property + ".methods[" + method + "]", ids,
                    v -> b.call(path, method, v.toArray(String[]::new))));
            Settings.apply(property + ".offer", rule.getOffer().isEmpty() ? null : rule.getOffer(), ids -> b.offer(path, ids.toArray(String[]::new)));
        });
        return b.build();
    }

    /** {@code setting}'s property, if set, given to {@code builder}. */
    private static <T> void bind(Binder binder, Setting<T> setting, Mesh.Builder builder) {
        Settings.bind(binder, setting, builder::set);
    }
}
