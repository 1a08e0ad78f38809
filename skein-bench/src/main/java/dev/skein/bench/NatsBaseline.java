package dev.skein.bench;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The floor under the mesh over NATS: request and reply with the NATS Java client alone, no Skein,
 * between two connections of one JVM through the NATS server on this machine, with frames of the
 * size of the end-to-end benchmark's (a 150-byte request, a 170-byte answer). One request in flight
 * (blocking), then 64 (asynchronous). Compare with {@code EndToEnd --transport nats://127.0.0.1:4222}.
 *
 * <pre>java -cp "$(cat skein-bench/target/classpath.txt):skein-bench/target/classes" dev.skein.bench.NatsBaseline [--url nats://127.0.0.1:4222]</pre>
 */
public final class NatsBaseline {

    private static final long HIGHEST_NANOS = TimeUnit.SECONDS.toNanos(10);

    public static void main(String[] argv) throws Exception {
        Args args = Args.parse(argv, Set.of("url", "seconds", "warmup"));
        String url = args.get("url", "nats://127.0.0.1:4222");
        int seconds = args.integer("seconds", 10);
        int warmup = args.integer("warmup", 15);
        byte[] request = "x".repeat(150).getBytes(StandardCharsets.US_ASCII);
        byte[] answer = "y".repeat(170).getBytes(StandardCharsets.US_ASCII);
        Options options = new Options.Builder().server(url).noEcho().build();
        try (Connection server = Nats.connect(options); Connection client = Nats.connect(options)) {
            Dispatcher replies = server.createDispatcher((Message m) -> server.publish(m.getReplyTo(), answer));
            replies.subscribe("bench.baseline");
            server.flush(Duration.ofSeconds(5));
            for (int inFlight : new int[] {1, 64}) {
                run(client, request, inFlight, warmup);
                Histogram h = new ConcurrentHistogram(HIGHEST_NANOS, 3);
                long[] done = run(client, request, inFlight, seconds, h);
                System.out.printf(Locale.ROOT, "nats request/reply alone, %2d in flight: %,9.0f calls/s  p50 %7.1f us  p99 %8.1f us%n",
                        inFlight, done[0] / (done[1] / 1e9), h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0);
            }
        }
    }

    private static void run(Connection client, byte[] request, int inFlight, int seconds) throws Exception {
        run(client, request, inFlight, seconds, new ConcurrentHistogram(HIGHEST_NANOS, 3));
    }

    /** {calls, nanos} */
    private static long[] run(Connection client, byte[] request, int inFlight, int seconds, Histogram h) throws Exception {
        AtomicLong done = new AtomicLong();
        Semaphore permits = new Semaphore(inFlight);
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            long sent = System.nanoTime();
            if (inFlight == 1) {
                client.request("bench.baseline", request, Duration.ofSeconds(10));
                h.recordValue(Math.min(System.nanoTime() - sent, HIGHEST_NANOS));
                done.incrementAndGet();
                continue;
            }
            if (!permits.tryAcquire(15, TimeUnit.SECONDS)) throw new IllegalStateException("no answer for 15 s");
            client.request("bench.baseline", request).whenComplete((m, t) -> {
                if (t == null) {
                    h.recordValue(Math.min(System.nanoTime() - sent, HIGHEST_NANOS));
                    done.incrementAndGet();
                }
                permits.release();
            });
        }
        if (!permits.tryAcquire(inFlight, 30, TimeUnit.SECONDS)) throw new IllegalStateException("requests still in flight");
        return new long[] {done.get(), System.nanoTime() - start};
    }

    private NatsBaseline() {
    }
}
