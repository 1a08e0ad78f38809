package dev.skein.gateway;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.skein.core.App;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A gateway whose port is taken: a program that asks ({@code started()}) hears it from the
 * future, and one that never asks (the README's first program) still hears it, from one ERROR line.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PortTakenTest {

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void listen() {
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void stop() {
        root.detachAppender(logs);
    }

    private List<String> errorsAbout(int port) {
        List<String> found = new ArrayList<>();
        synchronized (logs) {
            for (ILoggingEvent e : new ArrayList<>(logs.list)) {
                if (e.getLevel() == Level.ERROR && e.getFormattedMessage().contains("127.0.0.1:" + port)) found.add(e.getFormattedMessage());
            }
        }
        return found;
    }

    @Test
    void aGatewayThatCannotListenSaysSoInTheLogWhenTheProgramNeverAsks() throws Exception {
        try (ServerSocket squatter = new ServerSocket(0, 50, InetAddress.getLoopbackAddress()); App app = App.create()) {
            int port = squatter.getLocalPort();
            app.configure(Gateway.builder().port(port).build());
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (errorsAbout(port).isEmpty() && System.nanoTime() < until) Thread.sleep(50);
            assertThat(errorsAbout(port)).singleElement().asString()
                    .contains("The gateway cannot listen on 127.0.0.1:" + port).contains("the gateway serves nothing");
        }
    }

    @Test
    void aProgramThatAsksHearsItFromStartedAndTheLogStaysQuiet() throws Exception {
        try (ServerSocket squatter = new ServerSocket(0, 50, InetAddress.getLoopbackAddress()); App app = App.create()) {
            int port = squatter.getLocalPort();
            Gateway gateway = Gateway.builder().port(port).build();
            app.configure(gateway);
            assertThatThrownBy(() -> gateway.started().join()).isInstanceOf(CompletionException.class)
                    .hasMessageContaining("The gateway cannot listen on 127.0.0.1:" + port);
            Thread.sleep(1500); // past the grace after which an unasked failure is logged
            assertThat(errorsAbout(port)).isEmpty();
        }
    }
}
