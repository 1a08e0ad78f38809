package dev.skein.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A node whose port is taken: one line naming the port and the flag that gave it, exit 1 (docs/CLI.md's exit codes). */
@Timeout(60)
class PortInUseTest {

    private final String namespace = "port-in-use-" + UUID.randomUUID();
    private CapturedStreams streams;

    @BeforeEach
    void capture() {
        streams = new CapturedStreams();
    }

    @AfterEach
    void restore() {
        streams.close();
    }

    @Test
    void aNodeWhoseTcpPortIsTakenNamesThePortAndTheTransportFlagAndExits1() throws Exception {
        int port;
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = taken.getLocalPort();
            assertThat(Main.run("node", "-s", "todos", "--namespace", namespace, "--transport", "tcp://127.0.0.1:" + port + "?multicast=false"))
                    .as(streams.err()).isEqualTo(1);
        }

        assertThat(streams.err().strip()).isEqualTo("skein node: port " + port + " is in use (--transport tcp://127.0.0.1:" + port
                + "?multicast=false): choose another or stop the process that has it");
    }

    @Test
    void aNodeWhoseHttpPortIsTakenNamesHttpPortNotAGateway() throws Exception {
        int port;
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = taken.getLocalPort();
            assertThat(Main.run("node", "-s", "todos", "--namespace", namespace, "--transport", "tcp://127.0.0.1?multicast=false",
                    "--http-port", String.valueOf(port))).as(streams.err()).isEqualTo(1);
        }

        assertThat(streams.err().strip()).isEqualTo("skein node: port " + port + " is in use (--http-port " + port
                + "): choose another or stop the process that has it");
    }
}
