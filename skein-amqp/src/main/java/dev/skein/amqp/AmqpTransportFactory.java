package dev.skein.amqp;

import dev.skein.mesh.spi.Transport;
import dev.skein.mesh.spi.TransportFactory;

import static dev.skein.mesh.spi.TransportFactory.requireHost;

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
        return AmqpTransport.create(requireHost(uri, "AMQP", "amqp://guest:guest@127.0.0.1:5672").toString());
    }

    @Override
    public void check(URI uri) {
        requireHost(uri, "AMQP", "amqp://guest:guest@127.0.0.1:5672");
    }
}
