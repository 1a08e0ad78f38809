package dev.skein.examples.syncredis;

import dev.skein.client.SkeinClient;
import dev.skein.core.App;
import dev.skein.gateway.Gateway;
import dev.skein.testkit.SharedBrokers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two replicas on the Redis of 127.0.0.1:6379 (or the test's own where none answers there) under a
 * key of their own; a WebSocket client of one hears what the other created.
 */
class SyncRedisTest {

    private final String redis = SharedBrokers.redis();
    private final String key = "sync-redis-" + UUID.randomUUID();
    private App replicaA;
    private App replicaB;

    @BeforeEach
    void start() {
        replicaA = Replica.start("replica-a", redis, key, 0);
        replicaB = Replica.start("replica-b", redis, key, 0);
    }

    @AfterEach
    void stop() {
        if (replicaB != null) replicaB.close();
        if (replicaA != null) replicaA.close();
    }

    private static String url(App replica) {
        return replica.plugin(Gateway.class).orElseThrow().url();
    }

    @Test
    @Timeout(30)
    void aClientOfOneReplicaHearsAMessageCreatedThroughTheOther() throws Exception {
        try (SkeinClient client = SkeinClient.connect(url(replicaB))) {
            List<Object> heard = new CopyOnWriteArrayList<>();
            client.on("messages", "created", heard::add);

            HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url(replicaA) + "/messages"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"hello from a\"}"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(created.statusCode()).isEqualTo(201);
            await().atMost(Duration.ofSeconds(5)).until(() -> heard.contains(Map.of("id", 0, "text", "hello from a")));
        }
    }

    @Test
    @Timeout(30)
    void aReplicasListenersHearItsOwnEventsAndTheOtherReplicas() {
        List<Object> heardOnA = new CopyOnWriteArrayList<>();
        replicaA.service("messages").on("created", event -> heardOnA.add(((Map<?, ?>) event.data()).get("text")));

        replicaB.service("messages").create(Map.of("text", "from b")).join();
        replicaA.service("messages").create(Map.of("text", "from a")).join();

        await().atMost(Duration.ofSeconds(5)).until(() -> heardOnA.size() == 2);
        assertThat(heardOnA).containsExactlyInAnyOrder("from b", "from a");
    }
}
