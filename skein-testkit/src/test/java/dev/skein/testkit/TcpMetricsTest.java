package dev.skein.testkit;

import dev.skein.core.Params;
import dev.skein.core.ServiceOptions;
import dev.skein.core.memory.MemoryService;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The meters a node keeps in the MeterRegistry it is given, seen from both ends of real tcp calls. */
@Timeout(60)
class TcpMetricsTest {

    private TestNodes nodes;
    private final MeterRegistry serverMeters = new SimpleMeterRegistry();
    private final MeterRegistry clientMeters = new SimpleMeterRegistry();

    @BeforeEach
    void start() {
        nodes = new TestNodes("tcp://?beacon=200");
    }

    @AfterEach
    void stop() {
        nodes.close();
    }

    @Test
    void callsAreTimedPerServiceMethodRemoteNodeAndOutcomeOnBothSides() {
        TestNodes.Node server = nodes.start("server", app -> app.use("items", new MemoryService()), b -> b.metrics(serverMeters));
        TestNodes.Node client = nodes.start("client", app -> { }, b -> b.metrics(clientMeters));
        MeshTck.awaitService(client.app(), "items");
        String serverId = server.mesh().nodeId();
        String clientId = client.mesh().nodeId();

        for (int i = 0; i < 5; i++) MeshTck.join(client.mesh().call("items", "create", null, Map.of("n", i), new Params()));
        for (int i = 0; i < 2; i++) MeshTck.failure(client.mesh().call("items", "get", "no-such-id", null, new Params()));

        Timer created = clientMeters.find("skein.client.calls").tags("service", "items", "method", "create", "node", serverId, "outcome", "ok")
                .tag("mesh.node", clientId).timer();
        assertThat(created).isNotNull();
        assertThat(created.count()).isEqualTo(5);
        assertThat(created.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();
        assertThat(clientMeters.find("skein.client.calls").tags("method", "get", "outcome", "NotFound").timer().count()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(serverMeters.find("skein.server.calls").tags("service", "items", "method", "create", "node", clientId, "outcome", "ok")
                    .timer().count()).isEqualTo(5);
            assertThat(serverMeters.find("skein.server.calls").tags("method", "get", "outcome", "NotFound").timer().count()).isEqualTo(2);
        });
        assertThat(clientMeters.get("skein.client.calls.in.flight").gauge().value()).isZero();
        assertThat(serverMeters.get("skein.server.calls.in.flight").gauge().value()).isZero();
    }

    @Test
    void eventsMembershipFramesAndBytesAreCounted() {
        TestNodes.Node server = nodes.start("server", app -> app.use("feed", new MemoryService(), ServiceOptions.builder().events("tick").build()),
                b -> b.metrics(serverMeters));
        TestNodes.Node client = nodes.start("client", app -> { }, b -> b.metrics(clientMeters));
        MeshTck.awaitService(client.app(), "feed");
        AtomicInteger heard = new AtomicInteger();
        client.app().service("feed").on("tick", e -> heard.incrementAndGet());

        for (int i = 0; i < 3; i++) server.app().service("feed").emit("tick", Map.of("n", i));
        await().atMost(Duration.ofSeconds(5)).until(() -> heard.get() == 3);

        assertThat(serverMeters.get("skein.events.sent").tags("service", "feed", "event", "tick").counter().count()).isEqualTo(3);
        assertThat(clientMeters.get("skein.events.received").tags("service", "feed", "event", "tick", "node", server.mesh().nodeId())
                .counter().count()).isEqualTo(3);
        assertThat(clientMeters.get("skein.membership.changes").tag("change", "joined").counter().count()).isGreaterThanOrEqualTo(1);
        assertThat(clientMeters.get("skein.nodes.online").gauge().value()).isEqualTo(1);
        for (MeterRegistry meters : new MeterRegistry[]{serverMeters, clientMeters}) {
            for (String direction : new String[]{"in", "out"}) {
                assertThat(meters.get("skein.transport.frames").tags("transport", "tcp", "direction", direction).counter().count()).isPositive();
                assertThat(meters.get("skein.transport.bytes").tags("transport", "tcp", "direction", direction).counter().count()).isPositive();
            }
        }
    }

    @Test
    void aNodeThatLeavesTakesItsMetersOutOfTheRegistryAndItsPeerCountsTheChange() {
        TestNodes.Node server = nodes.start("server", app -> app.use("items", new MemoryService()), b -> b.metrics(serverMeters));
        TestNodes.Node client = nodes.start("client", app -> { }, b -> b.metrics(clientMeters));
        MeshTck.awaitService(client.app(), "items");
        assertThat(clientMeters.getMeters()).isNotEmpty();

        client.app().close();

        assertThat(clientMeters.getMeters()).isEmpty();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(serverMeters.get("skein.membership.changes").tag("change", "left").counter().count()).isEqualTo(1));
        assertThat(serverMeters.get("skein.nodes.online").gauge().value()).isZero();
    }
}
