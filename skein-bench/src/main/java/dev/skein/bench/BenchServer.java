package dev.skein.bench;

import dev.skein.core.App;
import dev.skein.core.BlockingService;
import dev.skein.core.Params;
import dev.skein.core.ServiceHandle;
import dev.skein.core.ServiceOptions;
import dev.skein.core.memory.MemoryService;
import dev.skein.mesh.Mesh;
import dev.skein.mesh.MeshCredentials;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The server side of the end-to-end benchmark, started by {@link EndToEnd} as a separate JVM:
 * a {@link MemoryService} at {@value #ITEMS} seeded with items, and a {@value #PUMP} service whose
 * custom method {@value #BURST} emits {@code count} {@value #TICK} events as fast as it can.
 *
 * <p>Also answers a bare socket's echoes ({@link SocketEcho}), the floor under the mesh. Prints the
 * echo's port, then {@value #READY_LINE} once its mesh is ready, then runs until its standard input closes
 * (the client exits or dies), it is killed, or {@code --max-seconds} pass.
 *
 * <pre>
 * java -cp ... dev.skein.bench.BenchServer --namespace bench-1 [--codec json] [--transport tcp] [--items 1000] [--max-seconds 900]
 * </pre>
 */
public final class BenchServer {

    static final String ITEMS = "items";
    static final String PUMP = "pump";
    static final String BURST = "burst";
    static final String TICK = "tick";
    /** Pump's method answering with the bytes this JVM's threads allocated so far ({@link Allocation}). */
    static final String ALLOCATED = "allocated";
    static final String READY_LINE = "SKEIN-BENCH-SERVER-READY";

    private BenchServer() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = Args.parse(argv, Set.of("namespace", "codec", "transport", "items", "max-seconds", "telemetry", "non-blocking"));
        String namespace = args.get("namespace", null);
        if (namespace == null) throw new IllegalArgumentException("--namespace is required");
        int items = args.integer("items", 1000);
        int maxSeconds = args.integer("max-seconds", 900);

        App app = App.builder().name("bench-server").build();
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "bench-server-close"));
        watchdog(maxSeconds);

        // --non-blocking true: the items service says its methods never block, so its calls are served on the I/O thread that read them
        app.use(ITEMS, seeded(items), ServiceOptions.builder().nonBlocking(Boolean.parseBoolean(args.get("non-blocking", "false"))).build());
        Pump pump = new Pump();
        app.use(PUMP, pump, ServiceOptions.builder().methods(BURST, ALLOCATED).events(TICK).build());
        pump.self = app.service(PUMP);
        Mesh.Builder builder = Mesh.builder()
                .namespace(namespace)
                .transport(Args.transportUri(args.get("transport", "tcp")))
                .codec(args.get("codec", "json"))
                .credentials(MeshCredentials.fromEnvironment(MeshCredentials.ENVIRONMENT_VARIABLE));
        BenchTelemetry.apply(args.get("telemetry", "off"), builder);
        Mesh mesh = builder.build();
        app.configure(mesh);
        mesh.ready().get(30, TimeUnit.SECONDS);
        System.out.println(SocketEcho.PORT_LINE + " " + SocketEcho.serve()); // the floor the client compares the mesh with
        System.out.println(READY_LINE + " " + mesh.nodeId());
        System.out.flush();

        // Run until the client closes our standard input (it exited, or died) or kills us.
        InputStream in = System.in;
        byte[] buf = new byte[256];
        try {
            while (in.read(buf) >= 0) {
                // nothing is expected on stdin; it is only a lifeline
            }
        } catch (IOException e) {
            // the pipe broke: the client is gone
        }
        app.close();
        System.exit(0);
    }

    /** The items the benchmark gets: ids 0 to count-1, each a small JSON object. */
    static MemoryService seeded(int count) {
        List<Map<?, ?>> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", i);
            item.put("name", "item-" + i);
            item.put("price", i * 1.25);
            item.put("tags", List.of("bench", i % 2 == 0 ? "even" : "odd"));
            list.add(item);
        }
        return MemoryService.withItems(list.toArray(new Map<?, ?>[0]));
    }

    /** Ends the JVM after {@code seconds} whatever happens: the benchmark never leaves a server behind. */
    private static void watchdog(int seconds) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
                System.err.println("bench server: --max-seconds " + seconds + " passed; exiting");
                System.exit(3);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "bench-server-watchdog");
        t.setDaemon(true);
        t.start();
    }

    /**
     * {@code burst {run, count}} emits {@code count} {@code tick} events {@code {run, n}} (n from 0)
     * one after the other on the calling thread, then answers {@code {emitted, nanos}}.
     */
    static final class Pump implements BlockingService {
        volatile ServiceHandle self;

        @Override
        public Object invoke(String method, Object data, Params params) {
            if (ALLOCATED.equals(method)) return Map.of("bytes", Allocation.total());
            Map<?, ?> request = (Map<?, ?>) data;
            long run = ((Number) request.get("run")).longValue();
            int count = ((Number) request.get("count")).intValue();
            ServiceHandle handle = self;
            long start = System.nanoTime();
            for (int n = 0; n < count; n++) {
                Map<String, Object> tick = new LinkedHashMap<>(4);
                tick.put("run", run);
                tick.put("n", n);
                handle.emit(TICK, tick);
            }
            long nanos = System.nanoTime() - start;
            return Map.of("emitted", count, "nanos", nanos);
        }
    }
}
