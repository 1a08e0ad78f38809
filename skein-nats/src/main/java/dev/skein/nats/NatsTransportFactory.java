package dev.skein.nats;

import dev.skein.mesh.spi.Transport;
import dev.skein.mesh.spi.TransportFactory;

import java.net.URI;

/** {@code nats://host:port} (and {@code tls://} is not claimed here: use {@code nats://} with a TLS-enabled server URL). */
public final class NatsTransportFactory implements TransportFactory {

    @Override
    public String scheme() {
        return "nats";
    }

    @Override
    public Transport create(URI uri) {
        if (uri.getHost() == null) throw new IllegalArgumentException("A NATS URI needs a host: nats://127.0.0.1:4222, got " + uri);
        return NatsTransport.create(uri.toString());
    }
}
