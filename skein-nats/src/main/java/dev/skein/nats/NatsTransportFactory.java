package dev.skein.nats;

import dev.skein.mesh.spi.Transport;
import dev.skein.mesh.spi.TransportFactory;

import static dev.skein.mesh.spi.TransportFactory.requireHost;

import java.net.URI;

/**
 * {@code nats://[user:password@]host:port}, and {@code nats+tls://} for TLS (jnats's {@code tls://};
 * the bare {@code tls} scheme is not claimed, as it would say nothing of the transport).
 */
public final class NatsTransportFactory implements TransportFactory {

    @Override
    public String scheme() {
        return "nats";
    }

    @Override
    public java.util.Set<String> schemes() {
        return java.util.Set.of("nats", "nats+tls");
    }

    @Override
    public Transport create(URI uri) {
        String text = requireHost(uri, "NATS", "nats://127.0.0.1:4222").toString();
        return NatsTransport.create(text.regionMatches(true, 0, "nats+tls:", 0, 9) ? "tls:" + text.substring(9) : text);
    }

    @Override
    public void check(URI uri) {
        requireHost(uri, "NATS", "nats://127.0.0.1:4222");
    }
}
