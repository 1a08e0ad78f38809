package dev.skein.mesh.local;

import dev.skein.mesh.spi.Transport;
import dev.skein.mesh.spi.TransportFactory;

import java.net.URI;

/** {@code local://}: nodes of one JVM. */
public final class LocalTransportFactory implements TransportFactory {

    @Override
    public String scheme() {
        return "local";
    }

    @Override
    public Transport create(URI uri) {
        return new LocalTransport();
    }
}
