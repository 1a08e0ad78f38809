package dev.skein.testkit;

import dev.skein.core.Params;
import dev.skein.core.ServiceOptions;
import dev.skein.core.errors.PayloadTooLarge;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Sizes that agree end to end: the mesh's frame limit is the one limit a value meets, on the
 * caller, in the codec of the receiver and on the way back. A value above it fails on the caller
 * at once with PayloadTooLarge, naming the limit; under it, it arrives, however large.
 */
@Timeout(120)
class TcpLargeValuesTest {

    private static final int MB = 1_000_000;
    private TestNodes nodes;

    @AfterEach
    void stop() {
        if (nodes != null) nodes.close();
    }

    private static String text(int length) {
        return "x".repeat(length);
    }

    @Test
    void fiveMegabytesTravelUnderTheDefaultLimitAndJustAboveItFailsOnTheCallerAtOnce() {
        nodes = new TestNodes("tcp://?beacon=200", b -> b.timeout(Duration.ofSeconds(30)));
        TestNodes.Node server = nodes.start("server", app -> app.use("blobs", new MemoryService(),
                ServiceOptions.builder().events("big").build()));
        TestNodes.Node client = nodes.start("client", app -> { });
        MeshTck.awaitService(client.app(), "blobs");

        Object created = MeshTck.join(client.app().service("blobs").create(Map.of("text", text(5 * MB))));
        assertThat((String) MeshTck.map(created).get("text")).hasSize(5 * MB);

        long start = System.nanoTime();
        Throwable tooLarge = MeshTck.failure(client.app().service("blobs").create(Map.of("text", text(Mesh.DEFAULT_MAX_FRAME_SIZE - 100))));
        assertThat(tooLarge).isInstanceOf(PayloadTooLarge.class).hasMessageContaining("maximum frame size of " + Mesh.DEFAULT_MAX_FRAME_SIZE)
                .hasMessageContaining("nothing was sent");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5)); // not the call's 30 s timeout
        assertThat((List<?>) MeshTck.join(server.app().service("blobs").find(new Params()))).hasSize(1);
    }

    @Test
    void anAnswerOrAnEventAboveTheLimitIsRefusedWhereItStartsAndTheCallerHearsWhy() {
        nodes = new TestNodes("tcp://?beacon=200", b -> b.timeout(Duration.ofSeconds(30)));
        TestNodes.Node server = nodes.start("server", app -> app.use("blobs", new MemoryService(),
                ServiceOptions.builder().events("big").build()));
        TestNodes.Node client = nodes.start("client", app -> { });
        MeshTck.awaitService(client.app(), "blobs");
        for (int i = 0; i < 3; i++) server.app().service("blobs").create(Map.of("text", text(7 * MB))).join();

        Throwable answer = MeshTck.failure(client.app().service("blobs").find(new Params()));
        assertThat(answer).isInstanceOf(PayloadTooLarge.class).hasMessageContaining("blobs.find").hasMessageContaining("cannot travel");
        assertThatThrownBy(() -> server.app().service("blobs").emit("big", Map.of("text", text(17 * MB))))
                .isInstanceOf(PayloadTooLarge.class).hasMessageContaining("blobs big");
    }

    /** The attack run's case: with the limit raised to 100 MB a 50 MB create used to hang (Jackson's own 20 MB string limit on the receiver). */
    @Test
    void fiftyMegabytesTravelBothWaysOnceTheLimitIsRaised() {
        nodes = new TestNodes("tcp://?beacon=200", b -> b.maxFrameSize(100 * MB).timeout(Duration.ofSeconds(60)));
        nodes.start("server", app -> app.use("blobs", new MemoryService()));
        TestNodes.Node client = nodes.start("client", app -> { });
        MeshTck.awaitService(client.app(), "blobs");
        List<Integer> heard = Collections.synchronizedList(new ArrayList<>());
        client.app().service("blobs").on("created", e -> heard.add(((String) MeshTck.map(e.data()).get("text")).length()));

        Object created = client.app().service("blobs").create(Map.of("text", text(50 * MB))).orTimeout(60, java.util.concurrent.TimeUnit.SECONDS).join();

        assertThat((String) MeshTck.map(created).get("text")).hasSize(50 * MB);
        await().atMost(Duration.ofSeconds(30)).until(() -> heard.contains(50 * MB));
    }
}
