package dev.skein.mesh.tcp;

import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;

import java.io.IOException;
import java.net.InetSocketAddress;

/** The TLS of a tcp transport, one context for the connections it accepts and one for those it dials; none without TLS. */
final class TlsContexts {

    static final TlsContexts NONE = new TlsContexts(null, null);

    private final SslContext server;
    private final SslContext client;

    private TlsContexts(SslContext server, SslContext client) {
        this.server = server;
        this.client = client;
    }

    /** The contexts of {@code tls} (its certificate, key and trusted certificates), or {@link #NONE} when it is null. */
    static TlsContexts of(TcpOptions.Tls tls) throws IOException {
        if (tls == null) return NONE;
        SslContext server = SslContextBuilder.forServer(tls.certificate().toFile(), tls.privateKey().toFile())
                .trustManager(tls.trusted().toFile())
                .clientAuth(tls.mutual() ? ClientAuth.REQUIRE : ClientAuth.NONE)
                .build();
        SslContextBuilder client = SslContextBuilder.forClient().trustManager(tls.trusted().toFile());
        if (tls.mutual()) client.keyManager(tls.certificate().toFile(), tls.privateKey().toFile());
        return new TlsContexts(server, client.build());
    }

    /** Adds the TLS handler of a connection this node dialled to {@code remote} (client) or accepted, if there is TLS. */
    void addTo(ChannelPipeline p, SocketChannel ch, boolean dialled, InetSocketAddress remote) {
        if (dialled && client != null) {
            p.addLast(client.newHandler(ch.alloc(), remote.getHostString(), remote.getPort()));
        } else if (!dialled && server != null) {
            p.addLast(server.newHandler(ch.alloc()));
        }
    }
}
