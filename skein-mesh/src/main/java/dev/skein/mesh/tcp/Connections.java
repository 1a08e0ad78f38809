package dev.skein.mesh.tcp;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The connections of a tcp transport: the one it dialled to each peer (it sends only on those),
 * every open channel, and the address each peer gave in its handshake. Thread-safe.
 */
final class Connections {

    /** The node at the other end of a channel, once its handshake is through. */
    static final AttributeKey<String> PEER = AttributeKey.valueOf("skein.peer");
    /** On a channel this node dialled: the {@code host:port} it dialled. */
    static final AttributeKey<String> DIALED = AttributeKey.valueOf("skein.dialed");
    /** The frames a channel read, once it reads packets. */
    static final AttributeKey<InboundFrames> INBOUND = AttributeKey.valueOf("skein.inbound");

    /** The connection this node dialled to each peer, by node id. */
    final Map<String, Channel> outbound = new ConcurrentHashMap<>();
    /** The address each peer that dialled this node gave, by node id: where to dial it back. */
    final Map<String, String> addresses = new ConcurrentHashMap<>();
    /** Every open connection, dialled or accepted. */
    final Set<Channel> channels = ConcurrentHashMap.newKeySet();

    /** True while a connection that {@code peer} opened to this node is up. */
    boolean receiving(String peer) {
        return receivingFrom(peer) != null;
    }

    /** A connection that {@code peer} opened to this node and that is up, or null. */
    Channel receivingFrom(String peer) {
        Channel sending = outbound.get(peer);
        for (Channel ch : channels) {
            if (ch != sending && ch.isActive() && peer.equals(ch.attr(PEER).get()) && ch.attr(DIALED).get() == null) return ch;
        }
        return null;
    }

    static boolean active(Channel ch) {
        return ch != null && ch.isActive();
    }

    /** The remote host of {@code ch}, as an address when there is one: the key of log limits per stranger. */
    static String remoteHost(Channel ch) {
        return ch.remoteAddress() instanceof InetSocketAddress a && a.getAddress() != null ? a.getAddress().getHostAddress()
                : String.valueOf(ch.remoteAddress());
    }
}
