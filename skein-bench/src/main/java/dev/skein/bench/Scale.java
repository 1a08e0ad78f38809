package dev.skein.bench;

import dev.skein.core.App;
import dev.skein.core.memory.MemoryService;
import dev.skein.mesh.Mesh;
import dev.skein.mesh.MeshListener;
import dev.skein.mesh.ServiceInfo;
import dev.skein.mesh.spi.Transport;
import dev.skein.mesh.spi.TransportContext;
import dev.skein.mesh.spi.Transports;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How the mesh's cost grows with its size: N nodes in this JVM, each offering three services (two
 * of its own and one that every node offers), over the {@code local} transport (or {@code tcp} on
 * loopback). For each N it measures the time until every node knows every other, the membership
 * traffic per node per second once the mesh is quiet (bytes and frames each node sends:
 * heartbeats, and hellos when something changes), the time until a service added on one node is
 * known on every node, and the heap per node. Bounded: each size stops after its own time limit.
 *
 * <pre>java -Xmx8g -cp "$(cat skein-bench/target/classpath.txt):skein-bench/target/classes" dev.skein.bench.Scale --nodes 10,50,200</pre>
 */
public final class Scale {

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    public static void main(String[] argv) throws Exception {
        Args args = Args.parse(argv, Set.of("nodes", "transport", "quiet-seconds"));
        int[] sizes = Arrays.stream(args.get("nodes", "10,50,200").split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        String transport = Args.transportUri(args.get("transport", "local://"));
        int quietSeconds = args.integer("quiet-seconds", 10);
        System.out.printf(Locale.ROOT, "Skein scale benchmark: transport %s, heartbeat %d ms, %d s quiet window, %d cores, Java %s%n%n",
                transport, Mesh.DEFAULT_HEARTBEAT_INTERVAL.toMillis(), quietSeconds, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        System.out.println("nodes  all known after  bytes/node/s  frames/node/s  per heartbeat  new service on all  heap/node");
        for (int n : sizes) {
            Result r = run(n, transport, quietSeconds);
            System.out.printf(Locale.ROOT, "%5d  %12d ms  %12.0f  %13.1f  %11.0f B  %15d ms  %7.0f KiB%n",
                    n, r.joinMillis, r.bytesPerNodePerSecond, r.framesPerNodePerSecond, r.bytesPerHeartbeat, r.newServiceMillis,
                    r.heapPerNode / 1024.0);
        }
    }

    private record Result(long joinMillis, double bytesPerNodePerSecond, double framesPerNodePerSecond, double bytesPerHeartbeat,
                          long newServiceMillis, double heapPerNode) {
    }

    private static Result run(int n, String transportUri, int quietSeconds) throws Exception {
        String namespace = "scale-" + UUID.randomUUID().toString().substring(0, 8);
        long heapBefore = usedHeapAfterGc();
        // one pool for every node's service code, as nodes in one process would share: N pools of 16 threads would measure threads, not the mesh
        ExecutorService executor = dev.skein.core.internal.AppExecutor.create("scale");
        List<App> apps = new ArrayList<>();
        List<Mesh> meshes = new ArrayList<>();
        List<Counting> counters = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120 + n);
        try {
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                App app = App.builder().name("n" + i).executor(executor).build();
                app.use("own-" + i + "-a", new MemoryService());
                app.use("own-" + i + "-b", new MemoryService());
                app.use("shared", new MemoryService());
                Counting counting = new Counting(Transports.forUri(transportUri));
                Mesh mesh = Mesh.builder().namespace(namespace).transport(counting).build();
                app.configure(mesh);
                apps.add(app);
                meshes.add(mesh);
                counters.add(counting);
            }
            CompletableFuture.allOf(meshes.stream().map(Mesh::ready).toArray(CompletableFuture[]::new))
                    .get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            while (!meshes.stream().allMatch(m -> m.nodes().size() == n && m.services().size() == 3 * n)) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("the " + n + " nodes did not all know each other in time");
                Thread.sleep(10);
            }
            long joinMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            Thread.sleep(2 * Mesh.DEFAULT_HEARTBEAT_INTERVAL.toMillis()); // the hellos of the joins are over
            counters.forEach(Counting::reset);
            long quietStart = System.nanoTime();
            Thread.sleep(TimeUnit.SECONDS.toMillis(quietSeconds));
            double seconds = (System.nanoTime() - quietStart) / 1e9;
            long bytes = counters.stream().mapToLong(c -> c.bytes.get()).sum();
            long frames = counters.stream().mapToLong(c -> c.frames.get()).sum();
            double bytesPerNode = bytes / seconds / n;
            double framesPerNode = frames / seconds / n;

            CountDownLatch known = new CountDownLatch(n - 1);
            for (int i = 1; i < n; i++) {
                meshes.get(i).addListener(new MeshListener() {
                    @Override
                    public void serviceAdded(ServiceInfo service) {
                        if (service.path().equals("late")) known.countDown();
                    }
                });
            }
            long added = System.nanoTime();
            apps.get(0).use("late", new MemoryService());
            if (!known.await(60, TimeUnit.SECONDS)) throw new IllegalStateException("the new service was not known everywhere in 60 s");
            long newServiceMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - added);

            double heapPerNode = (usedHeapAfterGc() - heapBefore) / (double) n;
            return new Result(joinMillis, bytesPerNode, framesPerNode, frames == 0 ? 0 : bytes / (double) frames, newServiceMillis, heapPerNode);
        } finally {
            for (App app : apps) app.close();
            executor.shutdownNow();
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    /** A transport that counts what its node sends, a broadcast once per receiving peer. */
    private static final class Counting implements Transport {
        private final Transport inner;
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong frames = new AtomicLong();
        private final Set<String> peers = java.util.concurrent.ConcurrentHashMap.newKeySet();

        Counting(Transport inner) {
            this.inner = inner;
        }

        void reset() {
            bytes.set(0);
            frames.set(0);
        }

        @Override
        public String scheme() {
            return inner.scheme();
        }

        @Override
        public String address() {
            return inner.address();
        }

        @Override
        public CompletableFuture<Void> start(TransportContext context) {
            dev.skein.mesh.spi.TransportListener listener = context.listener();
            // the peers this node can reach: a broadcast goes to each
            dev.skein.mesh.spi.TransportListener watching = new Watching(listener, peers);
            return inner.start(new TransportContext(context.nodeId(), context.namespace(), context.maxFrameSize(), context.scheduler(),
                    watching, context.authenticator()));
        }

        @Override
        public boolean send(String nodeId, byte[] frame) {
            boolean sent = inner.send(nodeId, frame);
            if (sent) {
                bytes.addAndGet(frame.length);
                frames.incrementAndGet();
            }
            return sent;
        }

        @Override
        public void broadcast(byte[] frame) {
            inner.broadcast(frame);
            int to = peers.size();
            bytes.addAndGet((long) frame.length * to);
            frames.addAndGet(to);
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    /** Passes everything on to the node, and keeps the set of peers it can reach. */
    private record Watching(dev.skein.mesh.spi.TransportListener node, Set<String> peers) implements dev.skein.mesh.spi.TransportListener {
        @Override
        public void onFrame(byte[] frame) throws dev.skein.mesh.spi.MalformedFrameException {
            node.onFrame(frame);
        }

        @Override
        public void onFrameFrom(String peer, byte[] frame) throws dev.skein.mesh.spi.MalformedFrameException {
            node.onFrameFrom(peer, frame);
        }

        @Override
        public void onFrameOrDrop(byte[] frame, String source) {
            node.onFrameOrDrop(frame, source);
        }

        @Override
        public void onPeerIdentity(String nodeId, Set<String> identities) {
            node.onPeerIdentity(nodeId, identities);
        }

        @Override
        public void onPeerConnected(String nodeId) {
            peers.add(nodeId);
            node.onPeerConnected(nodeId);
        }

        @Override
        public void onReconnected() {
            node.onReconnected();
        }

        @Override
        public void onPeerLost(String nodeId) {
            peers.remove(nodeId);
            node.onPeerLost(nodeId);
        }
    }

    private Scale() {
    }
}
