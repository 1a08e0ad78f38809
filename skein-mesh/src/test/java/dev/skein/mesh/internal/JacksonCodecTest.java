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

    /** Every shape data can take, and what Jackson's own data binding makes of it. */
    private static Object everyShape() {
        Map<String, Object> withNull = new java.util.LinkedHashMap<>();
        withNull.put("nothing", null);
        withNull.put("zero", 0);
        Map<Object, Object> otherKeys = new java.util.LinkedHashMap<>();
        otherKeys.put(1, "one");
        otherKeys.put(true, "yes");
        Map<String, Object> all = new java.util.LinkedHashMap<>();
        all.put("int", 42);
        all.put("negative", -7);
        all.put("long", 9_000_000_000L);
        all.put("big", new java.math.BigInteger("123456789012345678901234567890"));
        all.put("short", (short) 3);
        all.put("byte", (byte) 4);
        all.put("double", 3.25);
        all.put("float", 1.5f);
        all.put("decimal", new java.math.BigDecimal("12.50"));
        all.put("true", true);
        all.put("false", false);
        all.put("text", "é ü 日本 \"quoted\" \\ \n tab\t \u0001");
        all.put("empty", "");
        all.put("list", List.of(1, "two", List.of(3.5, Map.of()), List.of()));
        all.put("set", new java.util.TreeSet<>(List.of("a", "b")));
        all.put("array", new Object[]{1, "x", null});
        all.put("ints", new int[]{1, 2});
        all.put("bytes", "binary".getBytes(StandardCharsets.UTF_8));
        all.put("nulls", withNull);
        all.put("otherKeys", otherKeys);
        all.put("at", Instant.parse("2026-11-23T10:00:00Z"));
        all.put("pojo", new Point(1, 2));
        all.put("char", 'c');
        all.put("uuid", java.util.UUID.fromString("123e4567-e89b-12d3-a456-426614174000"));
        return all;
    }

    /** A record, as a service might return: encoded as Jackson's binding would. */
    public record Point(int x, int y) {
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "cbor"})
    void dataOfEveryShapeDecodesAsJacksonDataBindingWould(String name) throws Exception {
        Codec codec = JacksonCodec.named(name);
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper(
                name.equals("cbor") ? new com.fasterxml.jackson.dataformat.cbor.CBORFactory() : new com.fasterxml.jackson.core.JsonFactory())
                .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
                .registerModule(dev.skein.mesh.spi.TypedValues.module())
                .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        Object data = everyShape();
        Packet p = new Packet(Packet.Type.RESPONSE, "node-a");
        p.id = 3;
        p.data = data;
        p.itemId = 9_000_000_000L;

        Packet back = codec.decode(codec.encode(p));

        Object expected = dev.skein.mesh.spi.TypedValues.reviveAll(mapper.readValue(mapper.writeValueAsBytes(data), Object.class));
        assertThat(back.data).usingRecursiveComparison().isEqualTo(expected);
        assertThat(back.itemId).isEqualTo(9_000_000_000L);
        // the types of numbers survive as the binding makes them
        Map<?, ?> map = (Map<?, ?>) back.data;
        Map<?, ?> want = (Map<?, ?>) expected;
        for (Object key : want.keySet()) {
            Object w = want.get(key);
            if (w != null) assertThat(map.get(key)).as(String.valueOf(key)).isInstanceOf(w.getClass());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "cbor"})
    void framesOfEverySizeEncodeWholeFromSmallToManyWritesOfTheGenerator(String name) throws Exception {
        Codec codec = JacksonCodec.named(name);
        for (int size : new int[] {0, 1, 7_000, 8_000, 8_200, 100_000, 1_000_000}) {
            Packet p = new Packet(Packet.Type.RESPONSE, "node-a");
            p.id = 1;
            p.data = Map.of("text", "é".repeat(size / 2) + "x".repeat(size - size / 2));

            Packet back = codec.decode(codec.encode(p));

            assertThat(back.data).as("%d characters", size).isEqualTo(p.data);
        }
    }

    /** A date arrives as the Instant it was, not as a string (issue #24): an Instant or a Date, alone or in a record. */
    @ParameterizedTest
    @ValueSource(strings = {"json", "cbor"})
    void datesArriveAsInstants(String name) throws Exception {
        Codec codec = JacksonCodec.named(name);
        Instant at = Instant.parse("2026-11-23T10:00:00.123456789Z");
        Packet p = new Packet(Packet.Type.RESPONSE, "node-a");
        p.id = 1;
        p.data = Map.of("at", at, "date", java.util.Date.from(Instant.parse("2026-11-23T10:00:00.5Z")), "stamped", new Stamped("x", at),
                "list", List.of(at));

        Packet back = codec.decode(codec.encode(p));

        assertThat(back.data).isEqualTo(Map.of("at", at, "date", Instant.parse("2026-11-23T10:00:00.5Z"),
                "stamped", Map.of("name", "x", "at", at), "list", List.of(at)));
    }

    /** An object with the key {@code $date} that is not a date stays an object; more keys than one, too. */
    @ParameterizedTest
    @ValueSource(strings = {"json", "cbor"})
    void anObjectThatOnlyLooksLikeADateStaysAnObject(String name) throws Exception {
        Codec codec = JacksonCodec.named(name);
        Packet p = new Packet(Packet.Type.RESPONSE, "node-a");
        p.id = 1;
        p.data = Map.of("a", Map.of("$date", "tomorrow"), "b", Map.of("$date", "2026-11-23T10:00:00Z", "tz", "UTC"), "c", Map.of("$date", 5));

        Packet back = codec.decode(codec.encode(p));

        assertThat(back.data).isEqualTo(p.data);
    }

    /** A record with a date, as a service might return. */
    public record Stamped(String name, Instant at) {
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
