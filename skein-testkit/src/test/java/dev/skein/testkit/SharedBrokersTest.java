package dev.skein.testkit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Where the machine's brokers do not answer (here: {@code -Dskein.test.brokers=own}, which acts as
 * if they did not), the broker tests get brokers of the test JVM's own, on spare ports. No other
 * test of this JVM asks for a shared broker, so this class decides how they are found.
 */
class SharedBrokersTest {

    private static String was;

    @BeforeAll
    static void actAsIfNoBrokerAnsweredOnItsStandardPort() {
        was = System.setProperty(SharedBrokers.MODE_PROPERTY, "own");
    }

    @AfterAll
    static void restore() {
        if (was == null) System.clearProperty(SharedBrokers.MODE_PROPERTY);
        else System.setProperty(SharedBrokers.MODE_PROPERTY, was);
    }

    @Test
    void aRedisOfTheJvmsOwnAnswersOnASparePortAndStaysTheSameForEveryTest() throws IOException {
        URI redis = URI.create(SharedBrokers.redis());

        assertThat(redis.getHost()).isEqualTo("127.0.0.1");
        assertThat(redis.getPort()).isNotEqualTo(6379);
        assertThat(firstLineAfter(redis.getPort(), "PING\r\n")).isEqualTo("+PONG");
        assertThat(SharedBrokers.redis()).isEqualTo(redis.toString());
    }

    @Test
    void aNatsServerOfTheJvmsOwnAnswersOnASparePort() throws IOException {
        URI nats = URI.create(SharedBrokers.nats());

        assertThat(nats.getPort()).isNotEqualTo(4222);
        assertThat(firstLineAfter(nats.getPort(), "")).startsWith("INFO {");
    }

    @Test
    void aCommandNamingAStandardBrokerAddressIsMovedToTheSharedBrokerAndNothingElseIs() {
        int port = URI.create(SharedBrokers.redis()).getPort();

        assertThat(SharedBrokers.moved("skein nodes --transport redis://127.0.0.1:6379 --wait 1s"))
                .isEqualTo("skein nodes --transport redis://127.0.0.1:" + port + " --wait 1s");
        assertThat(SharedBrokers.moved("tcp://127.0.0.1:63790 and nats://127.0.0.1:1")).isEqualTo("tcp://127.0.0.1:63790 and nats://127.0.0.1:1");
    }

    @Test
    void anUnknownModeIsRefusedNamingTheProperty() {
        System.setProperty(SharedBrokers.MODE_PROPERTY, "mine");
        try {
            assertThatThrownBy(SharedBrokers::ownOnly).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("-Dskein.test.brokers=mine").hasMessageContaining("auto").hasMessageContaining("own");
        } finally {
            System.setProperty(SharedBrokers.MODE_PROPERTY, "own");
        }
    }

    /** Connects to 127.0.0.1:{@code port}, sends {@code request}, and answers the first line the server writes. */
    private static String firstLineAfter(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        }
    }
}
