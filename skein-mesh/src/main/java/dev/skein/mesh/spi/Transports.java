package dev.skein.mesh.spi;

import java.net.URI;
import java.util.ServiceLoader;

/** Finds the transport for a URI among the {@link TransportFactory} services on the class path. */
public final class Transports {

    private Transports() {
    }

    /** A new, unstarted transport for {@code uri}; an IllegalArgumentException says what is wrong or missing. */
    public static Transport forUri(String uri) {
        URI parsed = parse(uri);
        return factoryFor(uri, parsed).create(parsed);
    }

    /**
     * Checks {@code uri} as {@link #forUri} would, without making a transport: its scheme is served
     * by a factory on the class path and the factory finds nothing wrong with it
     * ({@link TransportFactory#check}); an IllegalArgumentException says what is wrong or missing.
     */
    public static void check(String uri) {
        URI parsed = parse(uri);
        factoryFor(uri, parsed).check(parsed);
    }

    private static URI parse(String uri) {
        URI parsed;
        try {
            // "tcp://" (nothing after the scheme) means every default; java.net.URI wants a path then
            parsed = URI.create(uri.endsWith("://") ? uri + "/" : uri);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Transport URI '" + TransportFactory.withoutCredentials(uri) + "' is malformed: "
                    + TransportFactory.withoutCredentials(e.getMessage()), e);
        }
        if (parsed.getScheme() == null) {
            throw new IllegalArgumentException("Transport URI '" + TransportFactory.withoutCredentials(uri)
                    + "' has no scheme, e.g. tcp:// or nats://host:4222");
        }
        return parsed;
    }

    /** The transports of Skein's own modules: scheme, module, factory class. */
    private static final java.util.List<String[]> MODULES = java.util.List.of(
            new String[] {"nats", "skein-nats", "dev.skein.nats.NatsTransportFactory"},
            new String[] {"nats+tls", "skein-nats", "dev.skein.nats.NatsTransportFactory"},
            new String[] {"redis", "skein-redis", "dev.skein.redis.RedisTransportFactory"},
            new String[] {"rediss", "skein-redis", "dev.skein.redis.RedisTransportFactory"},
            new String[] {"amqp", "skein-amqp", "dev.skein.amqp.AmqpTransportFactory"},
            new String[] {"amqps", "skein-amqp", "dev.skein.amqp.AmqpTransportFactory"});

    private static TransportFactory factoryFor(String uri, URI parsed) {
        String scheme = parsed.getScheme();
        java.util.List<String> known = new java.util.ArrayList<>();
        for (TransportFactory factory : ServiceLoader.load(TransportFactory.class, Transports.class.getClassLoader())) {
            for (String served : factory.schemes()) {
                if (served.equalsIgnoreCase(scheme)) return factory;
            }
            known.addAll(new java.util.TreeSet<>(factory.schemes()));
        }
        throw new IllegalArgumentException("No transport serves '" + scheme + "://' (known: " + String.join(", ", known) + ")"
                + whatToDo(scheme.toLowerCase(java.util.Locale.ROOT), known));
    }

    /**
     * For a scheme of one of Skein's modules, whether to add the module or, when its factory class is on
     * the class path already, why it was not found; for another scheme, the known one it is closest to.
     */
    private static String whatToDo(String scheme, java.util.List<String> known) {
        for (String[] module : MODULES) {
            if (!module[0].equals(scheme)) continue;
            try {
                Class.forName(module[2], false, Transports.class.getClassLoader());
                return "; " + module[1] + " is on the class path (" + module[2] + ") but not registered as a service: its "
                        + "META-INF/services/" + TransportFactory.class.getName() + " is missing (a fat jar must merge service files)";
            } catch (ClassNotFoundException e) {
                return "; add the module that provides it: " + module[1];
            }
        }
        return dev.skein.core.internal.Likeness.closest(scheme, known).map(k -> "; did you mean " + k + "://?").orElse("");
    }
}
