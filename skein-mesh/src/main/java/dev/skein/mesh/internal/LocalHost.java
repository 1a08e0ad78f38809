package dev.skein.mesh.internal;

import dev.skein.mesh.NodeInfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The name of the machine this process runs on, as a node says it in its hello (the fleet's HOST):
 * {@code $HOSTNAME} (or {@code %COMPUTERNAME%}), else {@code /etc/hostname}, read once. Not a DNS
 * lookup, which can hang for seconds on a machine whose resolver is wrong; "" when none of them
 * gives a host name ({@link NodeInfo#hostName}).
 */
final class LocalHost {

    static final String NAME = read();

    private LocalHost() {
    }

    private static String read() {
        for (String variable : new String[] {"HOSTNAME", "COMPUTERNAME"}) {
            String name = NodeInfo.hostName(System.getenv(variable));
            if (!name.isEmpty()) return name;
        }
        try {
            Path file = Path.of("/etc/hostname");
            if (Files.isRegularFile(file) && Files.size(file) <= 1024) return NodeInfo.hostName(Files.readString(file).trim());
        } catch (IOException | RuntimeException unreadable) {
            // no name then
        }
        return "";
    }
}
