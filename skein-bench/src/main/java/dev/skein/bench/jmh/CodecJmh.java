package dev.skein.bench.jmh;

import dev.skein.mesh.internal.JacksonCodec;
import dev.skein.mesh.spi.Codec;
import dev.skein.mesh.spi.MalformedFrameException;
import dev.skein.mesh.spi.Packet;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The codec alone: encoding and decoding the frames of one remote {@code get} (its request and its
 * answer carrying one todo) and of one event, per codec. Run with {@code -prof gc} for the bytes
 * allocated per operation (docs/BENCHMARKS.md, "Micro-benchmarks").
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecJmh {

    @Param({"json", "cbor"})
    public String codecName;

    private Codec codec;
    private Packet request;
    private Packet answer;
    private Packet event;
    private byte[] requestFrame;
    private byte[] answerFrame;
    private byte[] eventFrame;

    @Setup
    public void setUp() {
        codec = JacksonCodec.named(codecName);
        request = new Packet(Packet.Type.REQUEST, "bench-client-08fc4c39");
        request.id = 123_456;
        request.path = "items";
        request.method = "get";
        request.itemId = 7;
        request.params = Map.of("query", Map.of());
        request.ttl = 30_000;
        answer = new Packet(Packet.Type.RESPONSE, "bench-server-1f0c9a2b");
        answer.id = 123_456;
        answer.data = todo();
        event = new Packet(Packet.Type.EVENT, "bench-server-1f0c9a2b");
        event.path = "pump";
        event.event = "tick";
        event.seq = 987_654;
        event.data = Map.of("run", 1, "n", 41_234);
        requestFrame = codec.encode(request);
        answerFrame = codec.encode(answer);
        eventFrame = codec.encode(event);
    }

    static Map<String, Object> todo() {
        Map<String, Object> todo = new LinkedHashMap<>();
        todo.put("id", 7);
        todo.put("text", "write the benchmark chapter");
        todo.put("done", false);
        todo.put("tags", List.of("docs", "bench"));
        todo.put("priority", 2.5);
        return todo;
    }

    @Benchmark
    public byte[] encodeRequest() {
        return codec.encode(request);
    }

    @Benchmark
    public Packet decodeRequest() throws MalformedFrameException {
        return codec.decode(requestFrame);
    }

    @Benchmark
    public byte[] encodeAnswer() {
        return codec.encode(answer);
    }

    @Benchmark
    public Packet decodeAnswer() throws MalformedFrameException {
        return codec.decode(answerFrame);
    }

    @Benchmark
    public byte[] encodeEvent() {
        return codec.encode(event);
    }

    @Benchmark
    public Packet decodeEvent() throws MalformedFrameException {
        return codec.decode(eventFrame);
    }
}
