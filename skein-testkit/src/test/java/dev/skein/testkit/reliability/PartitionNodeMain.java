package dev.skein.testkit.reliability;

import dev.skein.core.App;
import dev.skein.core.Methods;
import dev.skein.core.Params;
import dev.skein.core.Service;
import dev.skein.core.ServiceOptions;
import dev.skein.mesh.Mesh;
import dev.skein.mesh.MeshListener;
import dev.skein.mesh.NodeInfo;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;

/**
 * One side of the partition case, in its own network namespace: serves {@code own} (whose get names
 * this node, and which emits a "tick" every 20 ms), keeps 8 gets in flight on {@code peer}, and
 * listens to the peer's ticks. Prints, with a millisecond clock: {@code SEEN id} and {@code GONE id}
 * as the peer node joins and leaves, {@code DUP seq} for a tick heard twice, and every 250 ms
 * {@code STATS ok fail slowestFailureMs}. Args: namespace, transport URI, own path, peer path.
 */
public final class PartitionNodeMain {

    public static void main(String[] args) throws Exception {
        App app = App.builder().name(args[2]).build();
        Mesh mesh = Mesh.builder().namespace(args[0]).transport(args[1]).build();
        app.use(args[2], new Service() {
            @Override
            public CompletionStage<Object> get(Object id, Params params) {
                return CompletableFuture.completedFuture(Map.of("from", mesh.nodeId()));
            }
        }, ServiceOptions.builder().events("tick").build());
        app.configure(mesh);
        mesh.addListener(new MeshListener() {
            @Override
            public void nodeJoined(NodeInfo node) {
                print("SEEN " + node.id());
            }

            @Override
            public void nodeLeft(NodeInfo node, boolean graceful) {
                print("GONE " + node.id() + " " + (node.online() ? "online" : node.offlineReason().replace(' ', '-')));
            }
        });
        mesh.ready().join();
        Set<Long> heard = ConcurrentHashMap.newKeySet();
        app.service(args[3]).on("tick", e -> {
            long seq = ((Number) ((Map<?, ?>) e.data()).get("seq")).longValue();
            if (!heard.add(seq)) print("DUP " + seq);
        });
        ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
        AtomicLong seq = new AtomicLong();
        timer.scheduleAtFixedRate(() -> app.service(args[2]).emit("tick", Map.of("seq", seq.incrementAndGet())), 20, 20, TimeUnit.MILLISECONDS);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        LongAccumulator slowestFailure = new LongAccumulator(Math::max, 0);
        for (int i = 0; i < 8; i++) call(mesh, args[3], ok, failed, slowestFailure);
        timer.scheduleAtFixedRate(() -> print("STATS " + ok.get() + " " + failed.get() + " " + slowestFailure.get()), 250, 250, TimeUnit.MILLISECONDS);
        print("READY " + mesh.nodeId());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        while (in.readLine() != null) {
            // wait for stdin to close
        }
        timer.shutdownNow();
        app.close();
        System.exit(0);
    }

    private static void call(Mesh mesh, String path, AtomicLong ok, AtomicLong failed, LongAccumulator slowestFailure) {
        long start = System.nanoTime();
        mesh.call(path, Methods.GET, 1, null, new Params().set(Mesh.TIMEOUT, Duration.ofSeconds(2))).whenComplete((r, e) -> {
            if (e == null) {
                ok.incrementAndGet();
            } else {
                failed.incrementAndGet();
                slowestFailure.accumulate(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            }
            CompletableFuture.delayedExecutor(e == null ? 0 : 50, TimeUnit.MILLISECONDS).execute(() -> call(mesh, path, ok, failed, slowestFailure));
        });
    }

    private static synchronized void print(String line) {
        System.out.println(System.nanoTime() / 1_000_000 + " " + line);
        System.out.flush();
    }
}
