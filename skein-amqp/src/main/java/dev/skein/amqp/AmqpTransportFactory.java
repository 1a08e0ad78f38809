package dev.skein.amqp;

import dev.skein.mesh.spi.Transport;
import dev.skein.mesh.spi.TransportFactory;

import static dev.skein.mesh.spi.TransportFactory.withoutCredentials;

import java.net.URI;

/** {@code amqp://user:pass@host:port/vhost}, and {@code amqps://} for TLS. */
public final class AmqpTransportFactory implements TransportFactory {

    @Override
    public String scheme() {
        return "amqp";
    }

    @Override
    public java.util.Set<String> schemes() {
        return java.util.Set.of("amqp", "amqps");
    }

    @Override
    public Transport create(URI uri) {
        if (uri.getHost() == null) throw new IllegalArgumentException("An AMQP URI needs a host: amqp://guest:guest@127.0.0.1:5672, got " + withoutCredentials(uri));
        return AmqpTransport.create(uri.toString());
    }
}
