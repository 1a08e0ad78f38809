package dev.skein.mesh.internal;

import dev.skein.mesh.spi.Codec;
import dev.skein.mesh.spi.MalformedFrameException;
import dev.skein.mesh.spi.Packet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JacksonCodecTest {

    @ParameterizedTest
    @ValueSource(strings = {"json", "cbor"})
    void aRequestSurvivesTheRoundTrip(String name) throws Exception {
        Codec codec = JacksonCodec.named(name);
        Packet p = new Packet(Packet.Type.REQUEST, "node-a");
        p.id = 42;
        p.path = "todos";
        p.method = "patch";
        p.itemId = 7;
        p.data = Map.of("done", true, "tags", List.of("a", "b"));
        p.params = Map.of("query", Map.of("$limit", 2));
        p.ttl = 900;

        Packet back = codec.decode(codec.encode(p));

        assertThat(back.type).isEqualTo(Packet.Type.REQUEST);
        assertThat(back.from).isEqualTo("node-a");
        assertThat(back.id).isEqualTo(42);
        assertThat(back.path).isEqualTo("todos");
        assertThat(back.method).isEqualTo("patch");
        assertThat(back.itemId).isEqualTo(7);
        assertThat(back.data).isEqualTo(p.data);
        assertThat(back.params).isEqualTo(p.params);
        assertThat(back.ttl).isEqualTo(900);
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "cbor"})
    void resultsWithJavaTimeValuesCanBeEncoded(String name) throws Exception {
        Codec codec = JacksonCodec.named(name);
        Packet p = new Packet(Packet.Type.RESPONSE, "node-a");
        p.id = 1;
        p.data = Map.of("at", Instant.parse("2026-11-23T10:00:00Z"));

        Packet back = codec.decode(codec.encode(p));

        assertThat(back.data).isEqualTo(Map.of("at", "2026-11-23T10:00:00Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"v\":1,\"t\":\"req\",\"from\":\"x\",\"id\":1,\"path\":{\"from\":\"y\"},\"method\":\"get\"}",
            "{\"v\":1,\"t\":\"req\",\"from\":\"x\",\"id\":1,\"method\":\"get\"}",
            "{\"v\":1,\"t\":\"req\",\"from\":\"x\",\"id\":1,\"path\":\"todos\"}",
            "{\"v\":1,\"t\":\"res\",\"from\":\"x\"}",
            "{\"v\":1,\"t\":\"evt\",\"from\":\"x\",\"path\":\"todos\"}",
            "{\"v\":1.7,\"t\":\"beat\",\"from\":\"x\"}",
            "{\"v\":1,\"t\":\"beat\",\"from\":\"x\"} trailing",
            "{\"v\":1,\"t\":\"nonsense\",\"from\":\"x\"}",
            "{\"v\":2,\"t\":\"beat\",\"from\":\"x\"}",
            "[1,2,3]",
            "not json"
    })
    void aPacketThatDoesNotFitTheProtocolIsMalformed(String frame) {
        Codec codec = JacksonCodec.json();

        assertThatThrownBy(() -> codec.decode(frame.getBytes(StandardCharsets.UTF_8))).isInstanceOf(MalformedFrameException.class);
    }
}
