package dev.skein.mesh.tcp;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which of Netty's I/O engines the tcp transport runs on: the native epoll transport when it is
 * wanted and loads (Linux with the {@code netty-transport-native-epoll} jar: edge-triggered, an
 * eventfd to wake a loop, fewer syscalls and copies), the JDK's NIO otherwise.
 */
final class EventLoops {

    private static final Logger LOG = LoggerFactory.getLogger(EventLoops.class);
    private static final boolean EPOLL = epollLoads();

    private final boolean epoll;

    private EventLoops(boolean epoll) {
        this.epoll = epoll;
    }

    static EventLoops choose(boolean nativeWanted) {
        return new EventLoops(nativeWanted && EPOLL);
    }

    /** True on the native epoll transport. */
    boolean isNative() {
        return epoll;
    }

    /** "epoll" or "nio". */
    String name() {
        return epoll ? "epoll" : "nio";
    }

    EventLoopGroup group(int threads, String name) {
        DefaultThreadFactory factory = new DefaultThreadFactory(name, true);
        return epoll ? new io.netty.channel.epoll.EpollEventLoopGroup(threads, factory) : new NioEventLoopGroup(threads, factory);
    }

    Class<? extends ServerChannel> serverChannel() {
        return epoll ? io.netty.channel.epoll.EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    Class<? extends SocketChannel> socketChannel() {
        return epoll ? io.netty.channel.epoll.EpollSocketChannel.class : NioSocketChannel.class;
    }

    private static boolean epollLoads() {
        try {
            if (io.netty.channel.epoll.Epoll.isAvailable()) return true;
            LOG.debug("Netty's native epoll transport is not available: {}", String.valueOf(io.netty.channel.epoll.Epoll.unavailabilityCause()));
        } catch (LinkageError absent) {
            LOG.debug("Netty's native epoll transport is not on the class path: {}", absent.toString());
        }
        return false;
    }
}
