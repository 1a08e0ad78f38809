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

    private static TransportFactory factoryFor(String uri, URI parsed) {
        String scheme = parsed.getScheme();
        StringBuilder known = new StringBuilder();
        for (TransportFactory factory : ServiceLoader.load(TransportFactory.class, Transports.class.getClassLoader())) {
            for (String served : factory.schemes()) {
                if (served.equalsIgnoreCase(scheme)) return factory;
            }
            known.append(known.length() == 0 ? "" : ", ").append(String.join(", ", new java.util.TreeSet<>(factory.schemes())));
        }
        throw new IllegalArgumentException("No transport serves '" + scheme + "://' (known: " + known
                + "); add the module that provides it, e.g. skein-nats for nats://");
    }
}
