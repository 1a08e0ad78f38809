package dev.skein.mesh.tcp;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;

/** Where a tcp transport listens and the address it tells other nodes to dial. */
final class AdvertisedAddress {

    private AdvertisedAddress() {
    }

    /** The network interface the options name, or null when they name none; a SocketException lists the known ones. */
    static NetworkInterface networkInterface(TcpOptions options) throws SocketException {
        String name = options.networkInterface();
        if (name == null || name.isBlank()) return null;
        NetworkInterface nic = NetworkInterface.getByName(name);
        if (nic == null) {
            throw new SocketException("network interface '" + name + "' does not exist; known: " + Collections.list(
                    NetworkInterface.getNetworkInterfaces()).stream().map(NetworkInterface::getName).toList());
        }
        return nic;
    }

    /** The host to listen on: the one the options give, loopback on a loopback interface, else every address. */
    static String bindHost(TcpOptions options, NetworkInterface nic) throws SocketException {
        return options.bindHost() != null ? options.bindHost() : nic != null && nic.isLoopback() ? "127.0.0.1" : "0.0.0.0";
    }

    /** {@code host:port} for other nodes to dial, an IPv6 host in brackets. */
    static String of(TcpOptions options, String bindHost, NetworkInterface nic, int port) throws SocketException {
        return bracketed(host(options, bindHost, nic)) + ":" + port;
    }

    private static String host(TcpOptions options, String bindHost, NetworkInterface nic) throws SocketException {
        if (options.advertisedHost() != null) return options.advertisedHost();
        if (!bindHost.equals("0.0.0.0") && !bindHost.equals("::")) return bindHost;
        if (nic != null) {
            for (InetAddress a : Collections.list(nic.getInetAddresses())) if (a instanceof Inet4Address) return a.getHostAddress();
        }
        for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!n.isUp() || n.isLoopback() || !n.supportsMulticast()) continue;
            for (InetAddress a : Collections.list(n.getInetAddresses())) if (a instanceof Inet4Address) return a.getHostAddress();
        }
        return "127.0.0.1";
    }

    private static String bracketed(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
