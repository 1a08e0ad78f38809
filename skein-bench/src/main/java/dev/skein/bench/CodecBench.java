package dev.skein.bench;

import dev.skein.mesh.internal.JacksonCodec;
import dev.skein.mesh.spi.Codec;
import dev.skein.mesh.spi.MalformedFrameException;
import dev.skein.mesh.spi.Packet;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The codec alone, in one thread: nanoseconds to encode and to decode the frames of the
 * end-to-end benchmark (a {@code get} answer carrying one todo, and a {@code created} event).
 * Median of 7 one-second rounds after a 3 s warm-up, per codec.
 *
 * <pre>java -cp "$(cat skein-bench/target/classpath.txt):skein-bench/target/classes" dev.skein.bench.CodecBench</pre>
 */
public final class CodecBench {

    private static volatile Object sink;

    public static void main(String[] args) throws Exception {
        for (String name : List.of("json", "cbor")) {
            Codec codec = JacksonCodec.named(name);
            Packet answer = new Packet(Packet.Type.RESPONSE, "bench-server-1f0c9a2b");
            answer.id = 123_456;
            answer.data = todo();
            Packet event = new Packet(Packet.Type.EVENT, "bench-server-1f0c9a2b");
            event.path = "pump";
            event.event = "created";
            event.seq = 987_654;
            event.data = Map.of("n", 41_234);
            for (Packet p : List.of(answer, event)) {
                byte[] frame = codec.encode(p);
                double enc = measure(() -> sink = codec.encode(p));
                double dec = measure(() -> sink = codec.decode(frame));
                System.out.printf(Locale.ROOT, "%-4s %-4s %4d bytes  encode %7.0f ns  decode %7.0f ns%n", name, p.type.wire(),
                        frame.length, enc, dec);
            }
        }
    }

    private static Map<String, Object> todo() {
        Map<String, Object> todo = new LinkedHashMap<>();
        todo.put("id", 7);
        todo.put("text", "write the benchmark chapter");
        todo.put("done", false);
        todo.put("tags", List.of("docs", "bench"));
        todo.put("priority", 2.5);
        return todo;
    }

    interface Op {
        void run() throws MalformedFrameException;
    }

    /** Median nanoseconds per operation over 7 rounds of about a second, after 3 s of warm-up. */
    private static double measure(Op op) throws MalformedFrameException {
        long warmUntil = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < warmUntil) for (int i = 0; i < 1000; i++) op.run();
        double[] rounds = new double[7];
        for (int r = 0; r < rounds.length; r++) {
            long ops = 0;
            long start = System.nanoTime();
            long until = start + 1_000_000_000L;
            long now;
            do {
                for (int i = 0; i < 1000; i++) op.run();
                ops += 1000;
            } while ((now = System.nanoTime()) < until);
            rounds[r] = (double) (now - start) / ops;
        }
        Arrays.sort(rounds);
        return rounds[rounds.length / 2];
    }

    private CodecBench() {
    }
}
