package dev.skein.amqp;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.skein.core.Methods;
import dev.skein.core.Params;
import dev.skein.core.errors.Unavailable;
import dev.skein.core.memory.MemoryService;
import dev.skein.mesh.Mesh;
import dev.skein.testkit.MeshTck;
import dev.skein.testkit.SharedBrokers;
import dev.skein.testkit.TestNodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With RabbitMQ, a request for a service that has no instance yet waits in the broker, in the
 * service's queue, until an instance takes it or its time runs out (the shared broker: SharedBrokers).
 */
@Timeout(60)
class AmqpQueuedRequestsTest {

    private TestNodes nodes;
    private Connection observer;
    private Channel broker;

    @BeforeEach
    void start() throws Exception {
        String uri = SharedBrokers.amqp();
        nodes = new TestNodes(uri);
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(uri);
        observer = factory.newConnection("skein-test-observer");
        broker = observer.createChannel();
    }

    @AfterEach
    void stop() throws Exception {
        nodes.close();
        observer.close();
    }

    /** Messages waiting in the service queue of {@code path}, or -1 when there is no such queue. */
    private int waiting(String path) {
        try (Channel ch = observer.createChannel()) {
            return ch.queueDeclarePassive("skein." + nodes.namespace() + ".svc." + path).getMessageCount();
        } catch (Exception noQueue) {
            return -1;
        }
    }

    @Test
    void aCreateMadeBeforeAnyInstanceExistsWaitsInTheBrokerAndRunsOnceWhenOneStarts() {
        TestNodes.Node client = nodes.start("client", app -> { });
        CompletableFuture<Object> early = client.mesh().call("todos", Methods.CREATE, null, Map.of("text", "early"),
                new Params().set(Mesh.TIMEOUT, Duration.ofSeconds(30)));

        await().atMost(Duration.ofSeconds(10)).until(() -> waiting("todos") == 1);
        assertThat(early).isNotDone();
        MemoryService store = new MemoryService();
        nodes.start("server", app -> app.use("todos", store));

        assertThat(MeshTck.join(early)).isEqualTo(Map.of("id", 0, "text", "early"));
        assertThat(waiting("todos")).isZero();
        assertThat((List<?>) MeshTck.join(store.find(new Params()).toCompletableFuture())).hasSize(1);
    }

    @Test
    void aQueuedRequestNoInstanceTakesFailsWithUnavailableAndNeverRuns() throws Exception {
        TestNodes.Node client = nodes.start("client", app -> { });

        Throwable error = MeshTck.failure(client.mesh().call("todos", Methods.CREATE, null, Map.of("text", "too late"),
                new Params().set(Mesh.TIMEOUT, Duration.ofMillis(500))));
        assertThat(error).isInstanceOf(Unavailable.class).hasMessageContaining("todos");

        MemoryService store = new MemoryService();
        TestNodes.Node server = nodes.start("server", app -> app.use("todos", store));
        MeshTck.awaitService(client.app(), "todos");
        Thread.sleep(500); // time enough for an expired request to be delivered, if the broker still held it
        assertThat((List<?>) MeshTck.join(store.find(new Params()).toCompletableFuture())).isEmpty();
        assertThat(server.mesh().ready()).isCompleted();
    }

    @Test
    void requestsQueuedForTwoInstancesRunExactlyOnceEach() {
        TestNodes.Node client = nodes.start("client", app -> { });
        List<CompletableFuture<Object>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            calls.add(client.mesh().call("todos", Methods.CREATE, null, Map.of("n", i), new Params().set(Mesh.TIMEOUT, Duration.ofSeconds(30))));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> waiting("todos") == 20);
        MemoryService first = new MemoryService();
        MemoryService second = new MemoryService();
        nodes.start("first", app -> app.use("todos", first));
        nodes.start("second", app -> app.use("todos", second));

        for (CompletableFuture<Object> call : calls) assertThat(MeshTck.join(call)).isNotNull();
        List<Object> created = new ArrayList<>();
        for (MemoryService store : List.of(first, second)) {
            for (Object todo : (List<?>) MeshTck.join(store.find(new Params()).toCompletableFuture())) created.add(((Map<?, ?>) todo).get("n"));
        }
        assertThat(created).hasSize(20).doesNotHaveDuplicates();
    }

    @Test
    void aNodeThatQueuedARequestAndThenServesThePathItselfAnswersIt() {
        TestNodes.Node node = nodes.start("both", app -> { });
        MeshTck.join(node.mesh().ready().thenApply(v -> null));
        CompletableFuture<Object> early = node.mesh().call("todos", Methods.CREATE, null, Map.of("text", "mine"),
                new Params().set(Mesh.TIMEOUT, Duration.ofSeconds(30)));
        await().atMost(Duration.ofSeconds(10)).until(() -> waiting("todos") == 1);

        node.app().use("todos", new MemoryService());

        assertThat(MeshTck.join(early)).isEqualTo(Map.of("id", 0, "text", "mine"));
    }

    @Test
    void withAnInstanceUpRequestsGoStraightToItAndNothingIsQueued() {
        nodes.start("server", app -> app.use("todos", new MemoryService()));
        TestNodes.Node client = nodes.start("client", app -> { });
        MeshTck.awaitService(client.app(), "todos");

        assertThat(MeshTck.join(client.app().service("todos").create(Map.of("text", "direct")))).isNotNull();
        assertThat(waiting("todos")).isZero(); // the server's consumer holds the queue; nothing waits in it
    }
}
