package dev.skein.testkit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.skein.core.memory.MemoryService;
import dev.skein.mesh.tcp.TcpOptions;
import dev.skein.mesh.tcp.TcpTransport;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node without TLS beside TLS nodes: each TLS node says so once a minute per address, in words, not
 * once a second as an exception; the node without TLS says that a node with TLS tried to connect.
 */
class TcpTlsBesidePlainTest {

    private final TestNodes nodes = new TestNodes("tcp://?beacon=200");
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @AfterEach
    void stop() {
        nodes.close();
        root.detachAppender(logs);
    }

    private List<String> warnings() {
        synchronized (logs) {
            List<String> lines = new ArrayList<>();
            for (ILoggingEvent e : new ArrayList<>(logs.list)) {
                if (e.getLevel().isGreaterOrEqual(Level.WARN)) lines.add(e.getLoggerName() + " " + e.getFormattedMessage());
            }
            return lines;
        }
    }

    @Test
    @Timeout(60)
    void aPlaintextNodeBesideATlsNodeIsToldOnceInWords() throws Exception {
        logs.start();
        root.addAppender(logs);
        SelfSignedCertificate certificate = new SelfSignedCertificate("skein-node");
        try {
            TcpOptions.Tls tls = new TcpOptions.Tls(certificate.certificate().toPath(), certificate.privateKey().toPath(),
                    certificate.certificate().toPath(), true);
            TestNodes.Node secure = nodes.start("secure", app -> app.use("todos", new MemoryService()),
                    b -> b.transport(TcpTransport.create(TcpOptions.builder().beaconInterval(Duration.ofMillis(200)).tls(tls).build())));
            secure.mesh().ready().get(10, java.util.concurrent.TimeUnit.SECONDS);
            nodes.start("plain", app -> { });

            // the plain node hears the beacons of the secure one five times a second and dials it each time
            await().atMost(Duration.ofSeconds(10)).until(() -> warnings().stream().anyMatch(l -> l.contains("without TLS")));
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> true);
            assertThat(warnings().stream().filter(l -> l.contains("secure"))).hasSize(1).allMatch(l -> l.contains("a node without TLS tried to connect"));
            assertThat(warnings()).noneMatch(l -> l.contains("NotSslRecordException"));
            // and the plain node, dialled by the secure one, tells a TLS hello from an oversized frame
            assertThat(warnings().stream().filter(l -> l.contains("plain"))).isNotEmpty().allMatch(l -> l.contains("a node with TLS tried to connect"));
        } finally {
            certificate.delete();
        }
    }
}
