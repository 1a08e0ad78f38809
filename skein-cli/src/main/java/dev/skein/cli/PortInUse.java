package dev.skein.cli;

import java.net.BindException;

/**
 * A port another process holds, told as what to change: the port and the flag (or variable, or key
 * of the node file) that gave it. It is a failure without a mesh error (exit 1, docs/CLI.md), not the
 * Unavailable of a broker that is down.
 */
final class PortInUse {

    private PortInUse() {
    }

    /** Whether {@code failure}, or a cause of it, is a bind refused because the address is in use (EADDRINUSE, errno 98 on Linux). */
    static boolean causes(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BindException) return true;
            String message = t.getMessage();
            // Netty's native transports report it as an IOException of their own, not a BindException
            if (message != null && (message.contains("Address already in use") || message.contains("error(-98)"))) return true;
        }
        return false;
    }

    /** The one-line failure: {@code port 7000 is in use (--transport tcp://...:7000): choose another or stop the process that has it}. */
    static IllegalStateException failure(int port, String given, Throwable cause) {
        return new IllegalStateException("port " + port + " is in use (" + given + "): choose another or stop the process that has it", cause);
    }
}
