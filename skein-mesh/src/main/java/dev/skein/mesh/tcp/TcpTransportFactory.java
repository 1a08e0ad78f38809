package dev.skein.mesh.tcp;

import dev.skein.mesh.spi.Transport;
import dev.skein.mesh.spi.TransportFactory;

import java.net.URI;

/** {@code tcp://...}: see {@link TcpOptions} for the URI form. */
public final class TcpTransportFactory implements TransportFactory {

    @Override
    public String scheme() {
        return "tcp";
    }

    @Override
    public Transport create(URI uri) {
        return TcpTransport.create(TcpOptions.fromUri(uri));
    }

    @Override
    public void check(URI uri) {
        TcpOptions.fromUri(uri);
    }
}
