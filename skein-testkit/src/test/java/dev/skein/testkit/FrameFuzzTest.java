package dev.skein.testkit;

import dev.skein.core.Params;
import dev.skein.core.memory.MemoryService;
import dev.skein.mesh.Mesh;
import dev.skein.mesh.internal.JacksonCodec;
import dev.skein.mesh.local.LocalTransport;
import dev.skein.mesh.spi.Packet;
import dev.skein.mesh.spi.TransportContext;
import dev.skein.mesh.spi.TransportListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A million generated frames at a live node, as a peer on its transport would send them: random
 * bytes, valid packets mutated byte by byte, and well-formed packets whose fields hold values of
 * every wrong type. The node must drop what it cannot use, never crash or keep what it drops,
 * and go on serving real calls. The generator is seeded (the seed is printed) so a failure can
 * be replayed.
 */
@Timeout(180)
class FrameFuzzTest {

    private static final int FRAMES = 1_000_000;
    private static final String[] TYPES = {"req", "res", "evt", "cancel", "beat", "leave", "nope", ""};
    private static final Object[] VALUES = {null, 0, -1, Long.MAX_VALUE, 1.5e308, "", "x".repeat(300), true, List.of(), List.of(1, "a"),
            Map.of(), Map.of("$limit", "a"), Map.of("query", List.of()), Map.of("user", 7), Map.of("headers", Map.of("a", List.of()))};

    @Test
    void aMillionGeneratedFramesAreDroppedWithoutACrashAndTheNodeServesRealCallsAfterwards() throws Exception {
        long seed = System.nanoTime();
        System.out.println("FrameFuzzTest seed " + seed);
        Random random = new Random(seed);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try (TestNodes nodes = new TestNodes("local://")) {
            TestNodes.Node server = nodes.start("server", app -> app.use("todos", new MemoryService()));
            TestNodes.Node client = nodes.start("client", app -> { });
            MeshTck.awaitService(client.app(), "todos");
            LocalTransport fuzzer = new LocalTransport();
            fuzzer.start(new TransportContext("fuzzer-1", nodes.namespace(), Mesh.DEFAULT_MAX_FRAME_SIZE, scheduler,
                    new TransportListener() {
                        @Override
                        public void onFrame(byte[] frame) {
                        }
                    }, null)).get(10, TimeUnit.SECONDS);
            List<byte[]> seeds = seeds();
            long heapBefore = heapAfterGc();

            String target = server.mesh().nodeId();
            for (int i = 1; i <= FRAMES; i++) {
                fuzzer.send(target, frame(random, seeds));
                if (i % 20_000 == 0) {
                    // a real call after each batch: the node's inbox is ordered, so the batch was handled when it answers
                    assertThat(MeshTck.join(client.app().service("todos").find(new Params()))).isNotNull();
                }
            }
            long heapAfter = heapAfterGc();
            fuzzer.close();

            Object created = MeshTck.join(client.app().service("todos").create(Map.of("text", "after a million frames")));
            assertThat(MeshTck.map(created)).containsEntry("text", "after a million frames");
            System.out.println("FrameFuzzTest heap after GC: " + (heapBefore >> 20) + " MB before, " + (heapAfter >> 20) + " MB after");
            assertThat(heapAfter - heapBefore).as("heap kept from the frames").isLessThan(64L << 20);
        } finally {
            scheduler.shutdownNow();
        }
    }

    /** Valid frames to mutate: a request, an answer, an event, a heartbeat. */
    private static List<byte[]> seeds() {
        JacksonCodec json = JacksonCodec.json();
        List<byte[]> seeds = new ArrayList<>();
        Packet request = new Packet(Packet.Type.REQUEST, "fuzzer-1");
        request.id = 7;
        request.path = "todos";
        request.method = "patch";
        request.itemId = 0;
        request.data = Map.of("text", "t", "done", true);
        request.params = Map.of("query", Map.of("done", Map.of("$in", List.of(true, false))));
        request.ttl = 1000;
        seeds.add(json.encode(request));
        Packet response = new Packet(Packet.Type.RESPONSE, "fuzzer-1");
        response.id = 3;
        response.error = Map.of("name", "NotFound", "code", 404, "message", "m");
        seeds.add(json.encode(response));
        Packet event = new Packet(Packet.Type.EVENT, "fuzzer-1");
        event.path = "todos";
        event.event = "created";
        event.data = Map.of("id", 1);
        event.seq = 9;
        seeds.add(json.encode(event));
        seeds.add(json.encode(new Packet(Packet.Type.HEARTBEAT, "fuzzer-1")));
        return seeds;
    }

    private static byte[] frame(Random random, List<byte[]> seeds) {
        int kind = random.nextInt(4);
        if (kind == 0) { // random bytes
            byte[] b = new byte[random.nextInt(300)];
            random.nextBytes(b);
            return b;
        }
        if (kind == 1 || kind == 2) { // a valid frame, mutated
            byte[] b = seeds.get(random.nextInt(seeds.size())).clone();
            if (b.length > 0 && random.nextBoolean()) b = java.util.Arrays.copyOf(b, random.nextInt(b.length));
            for (int flips = random.nextInt(4); flips >= 0 && b.length > 0; flips--) b[random.nextInt(b.length)] = (byte) random.nextInt(256);
            return b;
        }
        // well formed, with values of every type where a packet has fields
        StringBuilder s = new StringBuilder("{\"v\":").append(random.nextInt(3)).append(",\"t\":\"").append(TYPES[random.nextInt(TYPES.length)])
                .append("\",\"from\":").append(value(random, "fuzzer-1"));
        for (String field : new String[]{"id", "path", "method", "itemId", "data", "params", "ttl", "error", "event", "seq", "node", "h"}) {
            if (random.nextInt(3) > 0) s.append(",\"").append(field).append("\":").append(value(random, null));
        }
        return s.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String value(Random random, String usual) {
        if (usual != null && random.nextInt(4) > 0) return "\"" + usual + "\"";
        Object v = VALUES[random.nextInt(VALUES.length)];
        return dev.skein.core.Json.write(v);
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
