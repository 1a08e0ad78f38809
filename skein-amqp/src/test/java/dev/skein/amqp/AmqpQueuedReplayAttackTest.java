package dev.skein.amqp;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import dev.skein.core.Methods;
import dev.skein.core.Params;
import dev.skein.core.memory.MemoryService;
import dev.skein.mesh.Mesh;
import dev.skein.mesh.MeshCredentials;
import dev.skein.mesh.internal.security.FrameSeal;
import dev.skein.testkit.MeshTck;
import dev.skein.testkit.SharedBrokers;
import dev.skein.testkit.TestNodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 21, item 3, for requests queued in RabbitMQ with a mesh secret (the shared broker: SharedBrokers):
 * a node refuses frames sealed before it started, but a request queued for any instance of a
 * service is meant for an instance that may start later, so it is bounded by its deadline instead.
 * A party that reads the queue and puts a copy of a request back after its deadline has it run by
 * no instance.
 */
@Timeout(60)
class AmqpQueuedReplayAttackTest {

    private static final MeshCredentials SECRET = MeshCredentials.secret("the-mesh-secret-of-the-queued-replay-attack");

    private TestNodes nodes;
    private Connection observer;
    private Channel broker;

    @BeforeEach
    void start() throws Exception {
        String uri = SharedBrokers.amqp();
        nodes = new TestNodes(uri, b -> b.credentials(SECRET));
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(uri);
        observer = factory.newConnection("skein-test-attacker");
        broker = observer.createChannel();
    }

    @AfterEach
    void stop() throws Exception {
        nodes.close();
        observer.close();
    }

    private String queue(String path) {
        return "skein." + nodes.namespace() + ".svc." + path;
    }

    private int waiting(String path) {
        try (Channel ch = observer.createChannel()) {
            return ch.queueDeclarePassive(queue(path)).getMessageCount();
        } catch (Exception noQueue) {
            return -1;
        }
    }

    /**
     * A create queued more than the clock allowance before the only instance starts still runs there,
     * once; the attacker's copy of it, put back in the queue after the call's deadline, is not run by
     * another instance that never saw it.
     */
    @Test
    void aQueuedCreateRunsOnceOnAnInstanceStartedLaterAndItsCopyPutBackAfterTheDeadlineDoesNot() throws Exception {
        TestNodes.Node client = nodes.start("client", app -> { });
        long called = System.currentTimeMillis();
        CompletableFuture<Object> early = client.mesh().call("todos", Methods.CREATE, null, Map.of("text", "early"),
                new Params().set(Mesh.TIMEOUT, Duration.ofSeconds(4)));
        await().atMost(Duration.ofSeconds(3)).until(() -> waiting("todos") == 1);
        GetResponse copy = broker.basicGet(queue("todos"), false); // the attacker reads it, and puts it back
        assertThat(copy).isNotNull();
        broker.basicNack(copy.getEnvelope().getDeliveryTag(), false, true);
        await().atMost(Duration.ofSeconds(5)).until(() -> System.currentTimeMillis() > called + FrameSeal.START_ALLOWANCE_MILLIS + 300);

        MemoryService first = new MemoryService();
        TestNodes.Node server = nodes.start("server", app -> app.use("todos", first));
        assertThat(MeshTck.join(early)).isEqualTo(Map.of("id", 0, "text", "early"));
        server.app().close();

        // another instance, which never saw the request, is the one the copy reaches
        MemoryService second = new MemoryService();
        TestNodes.Node other = nodes.start("other", app -> app.use("todos", second));
        MeshTck.join(other.mesh().ready().thenApply(v -> null));
        await().atMost(Duration.ofSeconds(10)).until(() -> System.currentTimeMillis() > called + 4_000 + FrameSeal.START_ALLOWANCE_MILLIS + 300);
        com.rabbitmq.client.AMQP.BasicProperties noExpiry = copy.getProps().builder().expiration(null).build();
        broker.basicPublish("", queue("todos"), noExpiry, copy.getBody());
        await().atMost(Duration.ofSeconds(10)).until(() -> waiting("todos") == 0); // the other instance took it
        await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> true); // and would have run it by now

        assertThat((List<?>) MeshTck.join(first.find(new Params()).toCompletableFuture())).hasSize(1);
        assertThat((List<?>) MeshTck.join(second.find(new Params()).toCompletableFuture())).isEmpty();
    }
}
