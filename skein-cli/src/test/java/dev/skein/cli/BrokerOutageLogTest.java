package dev.skein.cli;

import dev.skein.testkit.BrokerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/** A node whose NATS goes away and comes back says both on stderr: the WARN of the loss is not the last word. */
class BrokerOutageLogTest {

    @Test
    @Timeout(90)
    void aNodeThatLostNatsSaysWhenItReconnected() throws Exception {
        try (BrokerProcess nats = new BrokerProcess("nats", port -> List.of("nats-server", "-a", "127.0.0.1", "-p", String.valueOf(port))).start();
             NodeProcesses processes = new NodeProcesses()) {
            String address = "nats://127.0.0.1:" + nats.port();
            NodeProcesses.Node node = processes.startLoggingAsTheJar(Map.of(), "--name", "watched", "-s", "todos", "--transport", address);
            node.ready().get(60, TimeUnit.SECONDS);

            nats.stop();
            await().atMost(Duration.ofSeconds(20)).until(() -> node.text().contains("lost NATS at " + address + "; reconnecting"));
            nats.start();

            await().atMost(Duration.ofSeconds(30)).until(() -> node.text().contains("reconnected to NATS at " + address));
        }
    }
}
