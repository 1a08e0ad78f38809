package dev.skein.mesh.internal;

import dev.skein.mesh.spi.Transport;
import dev.skein.mesh.spi.TransportFactory;

import java.net.URI;
import java.util.ServiceLoader;

/** Finds the transport for a URI among the {@link TransportFactory} services on the class path. */
public final class Transports {

    private Transports() {
    }

    /** A new, unstarted transport for {@code uri}; an IllegalArgumentException says what is wrong or missing. */
    public static Transport forUri(String uri) {
        URI parsed;
        try {
            // "tcp://" (nothing after the scheme) means every default; java.net.URI wants a path then
            parsed = URI.create(uri.endsWith("://") ? uri + "/" : uri);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Transport URI '" + TransportFactory.withoutCredentials(uri) + "' is malformed: "
                    + TransportFactory.withoutCredentials(e.getMessage()), e);
        }
        String scheme = parsed.getScheme();
        if (scheme == null) throw new IllegalArgumentException("Transport URI '" + TransportFactory.withoutCredentials(uri) + "' has no scheme, e.g. tcp:// or nats://host:4222");
        StringBuilder known = new StringBuilder();
        for (TransportFactory factory : ServiceLoader.load(TransportFactory.class, Transports.class.getClassLoader())) {
            for (String served : factory.schemes()) {
                if (served.equalsIgnoreCase(scheme)) return factory.create(parsed);
            }
            known.append(known.length() == 0 ? "" : ", ").append(String.join(", ", new java.util.TreeSet<>(factory.schemes())));
        }
        throw new IllegalArgumentException("No transport serves '" + scheme + "://' (known: " + known
                + "); add the module that provides it, e.g. skein-nats for nats://");
    }

}
