package dev.skein.redis;

import dev.skein.mesh.spi.Transport;
import dev.skein.mesh.spi.TransportFactory;

import static dev.skein.mesh.spi.TransportFactory.requireHost;

import java.net.URI;

/** {@code redis://[[user]:password@]host:port[/db]}, and {@code rediss://} for TLS. */
public final class RedisTransportFactory implements TransportFactory {

    @Override
    public String scheme() {
        return "redis";
    }

    @Override
    public java.util.Set<String> schemes() {
        return java.util.Set.of("redis", "rediss");
    }

    @Override
    public Transport create(URI uri) {
        return RedisTransport.create(requireHost(uri, "Redis", "redis://127.0.0.1:6379").toString());
    }

    @Override
    public void check(URI uri) {
        requireHost(uri, "Redis", "redis://127.0.0.1:6379");
    }
}
