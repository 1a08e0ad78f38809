package dev.skein.testkit;

import dev.skein.core.memory.MemoryService;
import dev.skein.mesh.Mesh;
import dev.skein.mesh.internal.JacksonCodec;
import dev.skein.mesh.spi.MalformedFrameException;
import dev.skein.mesh.spi.Packet;
import dev.skein.mesh.spi.Transport;
import dev.skein.mesh.spi.TransportContext;
import dev.skein.mesh.spi.TransportListener;
import dev.skein.mesh.spi.Transports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A request the serving node cannot read whole, but whose caller and id it can, is answered with
 * BadRequest at once, and the connection, which carries other calls, stays open.
 */
@Timeout(60)
class TcpUnreadableRequestTest {

    @Test
    void aRequestThatCannotBeReadIsAnsweredBadRequestAndTheConnectionKeepsCarryingCalls() throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        Transport raw = Transports.forUri("tcp://?beacon=200");
        try (TestNodes nodes = new TestNodes("tcp://?beacon=200")) {
            TestNodes.Node server = nodes.start("server", app -> app.use("todos", new MemoryService()));
            List<Packet> answers = new CopyOnWriteArrayList<>();
            JacksonCodec json = JacksonCodec.json();
            raw.start(new TransportContext("raw-1", nodes.namespace(), Mesh.DEFAULT_MAX_FRAME_SIZE, scheduler, new TransportListener() {
                @Override
                public void onFrame(byte[] frame) throws MalformedFrameException {
                    answers.add(json.decode(frame));
                }
            }, null)).get(10, TimeUnit.SECONDS);
            String target = server.mesh().nodeId();
            byte[] broken = ("{\"v\":1,\"t\":\"req\",\"from\":\"raw-1\",\"id\":5,\"path\":\"todos\",\"method\":\"create\",\"data\":{\"text\":")
                    .getBytes(StandardCharsets.UTF_8);
            await().atMost(Duration.ofSeconds(10)).until(() -> raw.send(target, broken));

            await().atMost(Duration.ofSeconds(5)).until(() -> answers.stream().anyMatch(p -> p.type == Packet.Type.RESPONSE && p.id == 5));
            Packet refused = answers.stream().filter(p -> p.type == Packet.Type.RESPONSE && p.id == 5).findFirst().orElseThrow();
            assertThat(refused.error).containsEntry("name", "BadRequest");
            assertThat(String.valueOf(refused.error.get("message"))).contains("could not read the request");

            Packet find = new Packet(Packet.Type.REQUEST, "raw-1");
            find.id = 6;
            find.path = "todos";
            find.method = "find";
            find.ttl = 5000;
            assertThat(raw.send(target, json.encode(find))).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> answers.stream().anyMatch(p -> p.type == Packet.Type.RESPONSE && p.id == 6));
            assertThat(answers.stream().filter(p -> p.id == 6).findFirst().orElseThrow().data).isEqualTo(List.of());
        } finally {
            raw.close();
            scheduler.shutdownNow();
        }
    }
}
