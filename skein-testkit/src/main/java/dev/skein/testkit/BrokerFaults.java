package dev.skein.testkit;

import dev.skein.core.Methods;
import dev.skein.core.Params;
import dev.skein.core.errors.SkeinError;
import dev.skein.core.errors.Unavailable;
import dev.skein.core.memory.MemoryService;
import dev.skein.mesh.Mesh;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Broker faults every broker transport must survive: a broker of the test's own is stopped in the
 * middle of traffic and started again on the same port.
 */
public abstract class BrokerFaults {

    private BrokerProcess broker;
    private TestNodes nodes;

    /** A broker process on a spare port, not yet started. */
    protected abstract BrokerProcess broker() throws Exception;

    /** The transport URI for a broker on this port. */
    protected abstract String transport(int port);

    @AfterEach
    public void stopEverything() throws Exception {
        if (nodes != null) nodes.close();
        if (broker != null) broker.close();
    }

    @Test
    @Timeout(90)
    public void callsDuringAnOutageWaitOrFailWithinTheirTimeoutAndTrafficResumesAfterTheRestart() throws Exception {
        broker = broker().start();
        nodes = new TestNodes(transport(broker.port()), b -> b.heartbeat(Duration.ofMillis(300), Duration.ofSeconds(20)));
        TestNodes.Node server = nodes.start("server", app -> app.use("todos", new MemoryService()));
        TestNodes.Node client = nodes.start("client", app -> { });
        MeshTck.awaitService(client.app(), "todos");
        assertThat(MeshTck.join(client.app().service("todos").create(Map.of("n", 0)))).isNotNull();

        broker.stop();
        List<CompletableFuture<Object>> during = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            during.add(client.mesh().call("todos", Methods.FIND, null, null, new Params().set(Mesh.TIMEOUT, Duration.ofSeconds(2))));
        }
        for (CompletableFuture<Object> call : during) {
            try {
                call.orTimeout(10, TimeUnit.SECONDS).join();
            } catch (CompletionException e) {
                assertThat(SkeinError.unwrap(e)).isInstanceOf(SkeinError.class);
                assertThat(((SkeinError) SkeinError.unwrap(e)).code()).isIn(408, 503);
            }
        }
        broker.start();

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() ->
                client.mesh().call("todos", Methods.CREATE, null, Map.of("n", 1), new Params().set(Mesh.TIMEOUT, Duration.ofSeconds(1)))
                        .get(3, TimeUnit.SECONDS) != null);
        List<Object> created = new CopyOnWriteArrayList<>();
        client.app().service("todos").on("created", e -> created.add(((Map<?, ?>) e.data()).get("n")));
        server.app().service("todos").create(Map.of("n", 2)).join();
        // Answers and events travel apart, so n=1's event may still arrive after its answer did.
        // The new event must arrive, and only once.
        await().atMost(Duration.ofSeconds(10)).until(() -> created.contains(2));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> Collections.frequency(created, 2) == 1);
        List<Object> numbers = new ArrayList<>();
        for (Object todo : (List<?>) MeshTck.join(client.app().service("todos").find())) numbers.add(((Map<?, ?>) todo).get("n"));
        assertThat(numbers).containsExactly(0, 1, 2);
    }

    @Test
    @Timeout(60)
    public void aBrokerThatIsUnreachableAtStartFailsReadinessNamingItsAddress() throws Exception {
        broker = broker(); // never started: nothing listens on its port
        nodes = new TestNodes(transport(broker.port()));
        TestNodes.Node node = nodes.start("lonely", app -> { });

        Throwable error = MeshTck.failure(node.mesh().ready());

        assertThat(error).isInstanceOf(Unavailable.class).hasMessageContaining(String.valueOf(broker.port()));
    }
}
