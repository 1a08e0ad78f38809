package dev.skein.mesh.spi;

import java.net.URI;

/**
 * Makes a transport from a URI such as {@code tcp://} or {@code nats://127.0.0.1:4222}. Factories
 * are found with {@link java.util.ServiceLoader}; a module that offers a transport lists its
 * factory in {@code META-INF/services/dev.skein.mesh.spi.TransportFactory}.
 */
public interface TransportFactory {

    /** The URI scheme served. */
    String scheme();

    /** Every URI scheme served: {@link #scheme()}, and any other form such as a TLS one ({@code rediss}). */
    default java.util.Set<String> schemes() {
        return java.util.Set.of(scheme());
    }

    /**
     * A new, unstarted transport for {@code uri}; a URI it cannot use is an IllegalArgumentException
     * that says why, naming the URI {@link #withoutCredentials without its credentials}.
     */
    Transport create(URI uri);

    /**
     * Checks {@code uri} as {@link #create} would, without making anything: the mesh calls it when
     * its options are built, so that a bad URI fails there rather than when the node joins. Throws
     * an IllegalArgumentException that says why; by default it finds nothing wrong.
     */
    default void check(URI uri) {
    }

    /** {@code uri} itself, or an IllegalArgumentException (without the credentials) when it names no host. */
    static URI requireHost(URI uri, String broker, String example) {
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("The " + broker + " URI needs a host: " + example + ", got " + withoutCredentials(uri));
        }
        return uri;
    }

    /** {@code uri} with any {@code user:password@} part removed, for messages and logs. */
    static String withoutCredentials(Object uri) {
        return String.valueOf(uri).replaceAll("//[^@/\\s]*@", "//");
    }
}
