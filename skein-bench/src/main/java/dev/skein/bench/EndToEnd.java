package dev.skein.bench;

import dev.skein.core.App;
import dev.skein.core.EventListener;
import dev.skein.core.Methods;
import dev.skein.core.Params;
import dev.skein.core.ServiceEvent;
import dev.skein.core.ServiceHandle;
import dev.skein.mesh.Mesh;
import dev.skein.mesh.MeshCredentials;
import dev.skein.mesh.tcp.TcpOptions;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * End-to-end benchmark of the mesh: this JVM is the client; it starts {@link BenchServer} as a
 * second JVM (same java binary, same classpath) and measures, over the chosen transport and codec:
 *
 * <ol>
 *   <li>discovery: from starting the server process (and from the server's "ready" line) to the
 *       first successful remote call;</li>
 *   <li>remote {@code get} on the memory service at 1 call in flight and at {@code --inflight}
 *       (64) in flight: calls/s, p50 and p99 in microseconds (HdrHistogram);</li>
 *   <li>events/s delivered to a listener on the client's proxy while the server emits
 *       {@code --events} events as fast as it can, and whether all arrived in order.</li>
 * </ol>
 *
 * <p>{@code --telemetry off|metrics|traces|both} gives both nodes a Micrometer registry, an
 * OpenTelemetry SDK, or both ({@link BenchTelemetry}): what measuring costs.
 *
 * <p>Each measured scenario has a warm-up first. Everything is bounded in count and time, and
 * the server process is stopped at the end, on failure, and by a shutdown hook.
 *
 * <pre>
 * mvn -q -ntp install -DskipTests -pl skein-bench -am
 * java -cp "$(cat skein-bench/target/classpath.txt):skein-bench/target/classes" dev.skein.bench.EndToEnd [--codec json|cbor] [--seconds 10]
 * </pre>
 */
public final class EndToEnd {

    private static final Set<String> OPTIONS = new LinkedHashSet<>(List.of("transport", "codec", "seconds", "warmup",
            "events", "items", "inflight", "only", "server-jvm-arg", "security", "telemetry", "direct-callbacks", "non-blocking"));
    private static final long HIGHEST_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final String transportUri;
    /** What both nodes measure: off, metrics, traces or both ({@link BenchTelemetry}). */
    private final String telemetry;
    private final String codec;
    /** Whether the client's mesh runs callbacks where answers arrive ({@code Mesh.Builder.directCallbacks}). */
    private final boolean directCallbacks;
    /** Whether the server's items service is {@code ServiceOptions.nonBlocking}. */
    private final boolean nonBlocking;
    private final int seconds;
    private final int warmup;
    private final int events;
    private final int items;
    private final int inflight;
    private final Set<String> only;
    private final List<String> serverJvmArgs;
    /** Passes to run: without mesh credentials, with them (sealed packets), or both, one after the other. */
    private final List<Boolean> security;
    private final List<Row> rows = new ArrayList<>();
    /** Suffix of the rows of the current pass. */
    private String pass = "";

    private record Row(String scenario, String result, String p50, String p99, String target, String cpu, String note) {
    }

    private EndToEnd(Args args) {
        this.transportUri = Args.transportUri(args.get("transport", "tcp"));
        this.codec = args.get("codec", "json");
        this.directCallbacks = onOff(args, "direct-callbacks");
        this.nonBlocking = onOff(args, "non-blocking");
        this.seconds = positive("seconds", args.integer("seconds", 10));
        // 15 s: on 2 cores, C2 still compiles (15-40% of a core) 5 s into a scenario; see docs/BENCHMARKS.md
        this.warmup = Math.max(0, args.integer("warmup", 15));
        this.events = positive("events", args.integer("events", 100_000 * seconds));
        this.items = positive("items", args.integer("items", 1000));
        this.inflight = positive("inflight", args.integer("inflight", 64));
        this.only = new LinkedHashSet<>(Arrays.asList(args.get("only", "bare1,get1,get1async,bareN,getN,events").split(",")));
        this.serverJvmArgs = args.all("server-jvm-arg");
        this.telemetry = BenchTelemetry.check(args.get("telemetry", "off"));
        this.security = switch (args.get("security", "off")) {
            case "off" -> List.of(false);
            case "on" -> List.of(true);
            case "both" -> List.of(false, true);
            default -> throw new IllegalArgumentException("--security must be off, on or both");
        };
    }

    public static void main(String[] argv) {
        // Discovery stays on loopback, whatever the machine's default interface is.
        if (System.getProperty(TcpOptions.INTERFACE_PROPERTY) == null) System.setProperty(TcpOptions.INTERFACE_PROPERTY, "lo");
        System.setProperty("java.net.preferIPv4Stack", "true");
        EndToEnd bench;
        try {
            bench = new EndToEnd(Args.parse(argv, OPTIONS));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        int status;
        try {
            status = bench.run();
        } catch (Exception e) {
            System.err.println("The benchmark failed: " + e);
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    private int run() throws Exception {
        checkLoopbackMulticast();
        System.out.printf(Locale.ROOT, "Skein end-to-end benchmark: %s, codec %s, %d cores, Java %s (%s)%n", transportUri, codec,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), System.getProperty("java.vm.name"));
        System.out.printf(Locale.ROOT, "warm-up %d s, %d s per scenario, %d in flight, %,d events, security %s, telemetry %s, load average %s%n",
                warmup, seconds, inflight, events, security, telemetry, loadAverage());
        System.out.printf(Locale.ROOT, "client directCallbacks %s, server's items service nonBlocking %s%n%n", directCallbacks ? "on" : "off",
                nonBlocking ? "on" : "off");
        boolean failed = false;
        for (boolean sealed : security) failed |= !pass(sealed);
        printTable();
        return failed ? 1 : 0;
    }

    /** One pass of every scenario, with or without mesh credentials; false when it failed. */
    private boolean pass(boolean sealed) throws Exception {
        String namespace = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        pass = sealed ? " [sealed]" : "";
        // a fresh secret per run, handed to the server through its environment, never its command line
        byte[] random = new byte[32];
        new java.security.SecureRandom().nextBytes(random);
        String secret = sealed ? java.util.Base64.getEncoder().encodeToString(random) : null;
        App client = App.builder().name("bench-client").build();
        Mesh.Builder builder = Mesh.builder().namespace(namespace).transport(transportUri).codec(codec)
                .credentials(sealed ? MeshCredentials.secret(secret) : null).directCallbacks(directCallbacks);
        BenchTelemetry.apply(telemetry, builder);
        Mesh mesh = builder.build();
        client.configure(mesh);
        ServerProcess server = null;
        try {
            mesh.ready().get(30, TimeUnit.SECONDS);
            server = new ServerProcess(serverCommand(namespace), secret);
            discovery(mesh, server);
            awaitProxies(client, server);
            ServiceHandle itemsProxy = client.service(BenchServer.ITEMS);
            if (only.contains("bare1") && !sealed) bare(server, 1);
            if (only.contains("get1")) gets(itemsProxy, 1, server);
            if (only.contains("get1async")) asyncGets(itemsProxy, server);
            if (only.contains("bareN") && !sealed) bare(server, inflight);
            if (only.contains("getN")) gets(itemsProxy, inflight, server);
            if (only.contains("events")) events(client.service(BenchServer.PUMP), server);
            return true;
        } catch (Exception e) {
            System.err.println("FAILED: " + e);
            e.printStackTrace();
            return false;
        } finally {
            if (server != null) server.close();
            client.close();
        }
    }

    // ---- scenarios ------------------------------------------------------------------------------

    private void discovery(Mesh mesh, ServerProcess server) throws Exception {
        System.out.println("discovery...");
        CompletableFuture<Object> first = mesh.call(BenchServer.ITEMS, Methods.GET, 0, null,
                new Params().set(Mesh.TIMEOUT, Duration.ofSeconds(60)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                first.get(20, TimeUnit.MILLISECONDS);
                break;
            } catch (TimeoutException e) {
                server.checkAlive();
                if (System.nanoTime() > deadline) throw new TimeoutException("no remote call succeeded within 60 s of starting the server");
            }
        }
        long answered = System.nanoTime();
        long fromStart = answered - server.startedNanos;
        Long ready = server.ready.getNow(null);
        String note = ready == null ? "" : String.format(Locale.ROOT, "%.0f ms from the server's ready line (JVM start %.0f ms)",
                (answered - ready) / 1e6, (ready - server.startedNanos) / 1e6);
        rows.add(new Row("discovery" + pass, String.format(Locale.ROOT, "%.0f ms", fromStart / 1e6), "", "", "< 1 s", "", note));
    }

    private void gets(ServiceHandle proxy, int concurrency, ServerProcess server) throws Exception {
        String name = "get, " + concurrency + " in flight";
        if (warmup > 0) {
            System.out.println(name + ": warm-up " + warmup + " s...");
            measureGets(proxy, concurrency, warmup, server);
        }
        System.out.println(name + ": measuring " + seconds + " s...");
        long clientAllocated = Allocation.total();
        long serverAllocated = serverAllocated(proxy);
        CpuMeter cpu = CpuMeter.start(server.process.pid());
        Stats s = measureGets(proxy, concurrency, seconds, server);
        long switches = cpu.switchesSinceStart();
        System.out.println("  context switches per call, by thread: " + cpu.switchesByThread(s.count));
        String used = cpu.stop();
        double clientPerCall = (Allocation.total() - clientAllocated) / (double) s.count;
        double serverPerCall = (serverAllocated(proxy) - serverAllocated) / (double) s.count;
        Histogram h = s.histogram;
        String target = concurrency == 1 ? "p50 <= 60 us" : "125,000 calls/s";
        String note = String.format(Locale.ROOT, "%,d calls, p99.9 %s us, max %s us, %.1f context switches/call, allocated %,.0f B/call (client %,.0f + server %,.0f)%s",
                s.count, micros(h.getValueAtPercentile(99.9)), micros(h.getMaxValue()), switches / (double) s.count, clientPerCall + serverPerCall, clientPerCall,
                serverPerCall, s.errors > 0 ? ", " + s.errors + " ERRORS" : "");
        rows.add(new Row(name + pass, String.format(Locale.ROOT, "%,.0f calls/s", s.count / (s.nanos / 1e9)),
                micros(h.getValueAtPercentile(50)), micros(h.getValueAtPercentile(99)), target, used, note));
    }

    /**
     * The floor: a bare socket to the server JVM's echo, with {@code concurrency} requests in flight
     * (1: write, wait, again; more: pipelined), frames of the size of a get's.
     */
    private void bare(ServerProcess server, int concurrency) throws Exception {
        String name = "bare socket, " + concurrency + " in flight";
        int port = server.echoPort.get(30, TimeUnit.SECONDS);
        if (warmup > 0) {
            System.out.println(name + ": warm-up " + warmup + " s...");
            bareRun(port, concurrency, warmup);
        }
        System.out.println(name + ": measuring " + seconds + " s...");
        CpuMeter cpu = CpuMeter.start(server.process.pid());
        SocketEcho.Result r = bareRun(port, concurrency, seconds);
        long switches = cpu.switchesSinceStart();
        String used = cpu.stop();
        Histogram h = r.histogram();
        rows.add(new Row(name, String.format(Locale.ROOT, "%,.0f calls/s", r.count() / (r.nanos() / 1e9)),
                micros(h.getValueAtPercentile(50)), micros(h.getValueAtPercentile(99)), "(the floor)", used,
                String.format(Locale.ROOT, "%,d round trips of %d + %d bytes, %.1f context switches each, java.net, no parsing",
                        r.count(), SocketEcho.REQUEST, SocketEcho.ANSWER, switches / (double) r.count())));
    }

    private static SocketEcho.Result bareRun(int port, int concurrency, int duration) throws Exception {
        return concurrency == 1 ? SocketEcho.oneInFlight(port, duration) : SocketEcho.pipelined(port, concurrency, duration);
    }

    /**
     * One call in flight, made the way most asynchronous code calls: the callback of each answer
     * ({@code whenComplete}) records it and makes the next call, nobody waits in {@code join()}.
     */
    private void asyncGets(ServiceHandle proxy, ServerProcess server) throws Exception {
        String name = "get, 1 in flight, async callback";
        if (warmup > 0) {
            System.out.println(name + ": warm-up " + warmup + " s...");
            chainGets(proxy, warmup, server);
        }
        System.out.println(name + ": measuring " + seconds + " s...");
        CpuMeter cpu = CpuMeter.start(server.process.pid());
        Stats s = chainGets(proxy, seconds, server);
        long switches = cpu.switchesSinceStart();
        System.out.println("  context switches per call, by thread: " + cpu.switchesByThread(s.count));
        String used = cpu.stop();
        Histogram h = s.histogram;
        rows.add(new Row(name + pass, String.format(Locale.ROOT, "%,.0f calls/s", s.count / (s.nanos / 1e9)),
                micros(h.getValueAtPercentile(50)), micros(h.getValueAtPercentile(99)), "p50 <= 1.5x bare", used,
                String.format(Locale.ROOT, "%,d calls, p99.9 %s us, %.1f context switches/call%s", s.count,
                        micros(h.getValueAtPercentile(99.9)), switches / (double) s.count, s.errors > 0 ? ", " + s.errors + " ERRORS" : "")));
    }

    /** Calls {@code get} from each call's callback for {@code duration} seconds; the ids cycle through the seeded items. */
    private Stats chainGets(ServiceHandle proxy, int duration, ServerProcess server) throws Exception {
        Histogram histogram = new Histogram(HIGHEST_NANOS, 3);
        long[] counts = new long[2]; // done, errors: written by one callback at a time
        AtomicReference<Throwable> firstError = new AtomicReference<>();
        CompletableFuture<Long> finished = new CompletableFuture<>();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(duration);
        new Object() {
            int id;

            void next() {
                long sent = System.nanoTime();
                if (sent >= end || counts[1] > 1000) {
                    finished.complete(sent);
                    return;
                }
                proxy.get(id).whenComplete((v, t) -> {
                    if (t == null) {
                        histogram.recordValue(Math.min(System.nanoTime() - sent, HIGHEST_NANOS));
                        counts[0]++;
                    } else {
                        counts[1]++;
                        firstError.compareAndSet(null, t);
                    }
                    next();
                });
                if (++id == items) id = 0;
            }
        }.next();
        long stopped;
        while (true) {
            try {
                stopped = finished.get(1, TimeUnit.SECONDS);
                break;
            } catch (TimeoutException e) {
                server.checkAlive();
                if (System.nanoTime() > end + TimeUnit.SECONDS.toNanos(30)) throw new TimeoutException("the chain of calls stalled");
            }
        }
        // the callbacks' writes are seen here: the last of them completed the future this thread read
        if (counts[1] > 0) System.err.println(counts[1] + " calls failed, the first with " + firstError.get());
        if (counts[0] == 0) throw new IllegalStateException("no call succeeded", firstError.get());
        return new Stats(counts[0], counts[1], stopped - start, histogram.copy());
    }

    /** Bytes the server JVM's threads allocated so far, asked of its pump service (the item proxy's app reaches it). */
    private static long serverAllocated(ServiceHandle items) {
        Object answer = items.app().service(BenchServer.PUMP).invoke(BenchServer.ALLOCATED, Map.of(), new dev.skein.core.Params())
                .orTimeout(10, TimeUnit.SECONDS).join();
        return ((Number) ((Map<?, ?>) answer).get("bytes")).longValue();
    }

    private record Stats(long count, long errors, long nanos, Histogram histogram) {
    }

    /** {@code concurrency} calls in flight for {@code duration} seconds; ids cycle through the seeded items. */
    private Stats measureGets(ServiceHandle proxy, int concurrency, int duration, ServerProcess server) throws Exception {
        ConcurrentHistogram histogram = new ConcurrentHistogram(HIGHEST_NANOS, 3);
        AtomicLong done = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicReference<Throwable> firstError = new AtomicReference<>();
        Semaphore permits = new Semaphore(concurrency);
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(duration);
        int id = 0;
        while (System.nanoTime() < end) {
            if (!permits.tryAcquire(15, TimeUnit.SECONDS)) {
                server.checkAlive();
                throw new TimeoutException("no call completed for 15 s with " + concurrency + " in flight");
            }
            if (errors.get() > 1000) break;
            long sent = System.nanoTime();
            if (concurrency == 1) {
                // one caller that waits for each answer, as a thread calling a service does
                try {
                    proxy.get(id).join();
                    histogram.recordValue(Math.min(System.nanoTime() - sent, HIGHEST_NANOS));
                    done.incrementAndGet();
                } catch (RuntimeException e) {
                    errors.incrementAndGet();
                    firstError.compareAndSet(null, e);
                }
                permits.release();
                if (++id == items) id = 0;
                continue;
            }
            proxy.get(id).whenComplete((v, t) -> {
                long took = System.nanoTime() - sent;
                if (t == null) {
                    histogram.recordValue(Math.min(took, HIGHEST_NANOS));
                    done.incrementAndGet();
                } else {
                    errors.incrementAndGet();
                    firstError.compareAndSet(null, t);
                }
                permits.release();
            });
            if (++id == items) id = 0;
        }
        if (!permits.tryAcquire(concurrency, 30, TimeUnit.SECONDS)) throw new TimeoutException("calls still in flight 30 s after the end");
        long nanos = System.nanoTime() - start;
        if (errors.get() > 0) System.err.println(errors.get() + " calls failed, the first with " + firstError.get());
        if (done.get() == 0) throw new IllegalStateException("no call succeeded", firstError.get());
        return new Stats(done.get(), errors.get(), nanos, histogram.copy());
    }

    private void events(ServiceHandle pump, ServerProcess server) throws Exception {
        Ticks ticks = new Ticks();
        pump.on(BenchServer.TICK, ticks);
        int warmEvents = events; // the same burst once, unmeasured, so the event path is compiled
        if (warmup > 0) {
            System.out.printf(Locale.ROOT, "events: warm-up burst of %,d...%n", warmEvents);
            burst(pump, ticks, 1, warmEvents, server);
        }
        System.out.printf(Locale.ROOT, "events: burst of %,d...%n", events);
        CpuMeter cpu = CpuMeter.start(server.process.pid());
        Burst b = burst(pump, ticks, 2, events, server);
        String used = cpu.stop();
        String result = String.format(Locale.ROOT, "%,.0f events/s", b.received / (b.nanos / 1e9));
        String note = String.format(Locale.ROOT, "%,d of %,d arrived%s, %s; server emitted at %s", b.received, events,
                b.received == events ? "" : " (GAVE UP WAITING)", b.inOrder ? "in order" : "OUT OF ORDER",
                b.emitNanos > 0 ? String.format(Locale.ROOT, "%,.0f/s", events / (b.emitNanos / 1e9)) : "?");
        rows.add(new Row("events to a remote listener" + pass, result, "", "", "300,000 events/s", used, note));
        pump.off(BenchServer.TICK, ticks);
    }

    private record Burst(long received, long nanos, boolean inOrder, long emitNanos) {
    }

    private Burst burst(ServiceHandle pump, Ticks ticks, long run, int count, ServerProcess server) throws Exception {
        long waitSeconds = Math.max(30, 6L * seconds);
        ticks.expect(run, count);
        long start = System.nanoTime();
        CompletableFuture<Object> call = pump.invoke(BenchServer.BURST, Map.of("run", run, "count", count),
                new Params().set(Mesh.TIMEOUT, Duration.ofSeconds(waitSeconds)));
        long deadline = start + TimeUnit.SECONDS.toNanos(waitSeconds);
        while (!ticks.all.await(100, TimeUnit.MILLISECONDS)) {
            server.checkAlive();
            if (call.isCompletedExceptionally()) call.join();
            if (System.nanoTime() > deadline) break;
        }
        long received = ticks.received;
        long last = ticks.lastNanos;
        long emitNanos = -1;
        try {
            Object answer = call.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            emitNanos = ((Number) ((Map<?, ?>) answer).get("nanos")).longValue();
        } catch (TimeoutException e) {
            System.err.println("the burst call did not answer in time");
        }
        return new Burst(received, Math.max(1, last - start), ticks.inOrder, emitNanos);
    }

    /** Counts the ticks of the current run and checks they arrive in order; other runs' ticks are ignored. */
    private static final class Ticks implements EventListener {
        private volatile long run = -1;
        private volatile long received;
        private volatile long lastNanos;
        private volatile boolean inOrder = true;
        private volatile CountDownLatch all = new CountDownLatch(1);
        private long expected;
        private long next;

        void expect(long run, long count) {
            this.expected = count;
            this.next = 0;
            this.received = 0;
            this.inOrder = true;
            this.all = new CountDownLatch(1);
            this.run = run;
        }

        @Override
        public void onEvent(ServiceEvent event) {
            Map<?, ?> data = (Map<?, ?>) event.data();
            if (((Number) data.get("run")).longValue() != run) return;
            long n = ((Number) data.get("n")).longValue();
            if (n != next) inOrder = false;
            next = n + 1;
            long r = received + 1; // one sender's events are delivered one at a time
            received = r;
            lastNanos = System.nanoTime();
            if (r == expected) all.countDown();
        }
    }

    // ---- the server process ---------------------------------------------------------------------

    private List<String> serverCommand(String namespace) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-D" + TcpOptions.INTERFACE_PROPERTY + "=lo");
        command.add("-Djava.net.preferIPv4Stack=true");
        command.addAll(serverJvmArgs);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(BenchServer.class.getName());
        command.add("--namespace");
        command.add(namespace);
        command.add("--codec");
        command.add(codec);
        command.add("--transport");
        command.add(transportUri);
        command.add("--items");
        command.add(String.valueOf(items));
        command.add("--telemetry");
        command.add(telemetry);
        command.add("--non-blocking");
        command.add(String.valueOf(nonBlocking));
        // a bound on the server's life however the client ends: every phase at its longest, twice
        long most = 60 + 2L * (warmup + seconds) + 2L * Math.max(30, 6L * seconds);
        command.add("--max-seconds");
        command.add(String.valueOf(2 * most + 60));
        return command;
    }

    /** The server JVM: stopped by closing its stdin, then destroy(), then destroyForcibly(); also at JVM exit. */
    private static final class ServerProcess implements AutoCloseable {
        final long startedNanos;
        final Process process;
        final CompletableFuture<Long> ready = new CompletableFuture<>();
        /** The port of its bare socket echo ({@link SocketEcho}). */
        final CompletableFuture<Integer> echoPort = new CompletableFuture<>();
        private final Thread hook;

        ServerProcess(List<String> command, String meshSecret) throws IOException {
            AtomicReference<Process> started = new AtomicReference<>();
            hook = new Thread(() -> stop(started.get()), "bench-stop-server");
            Runtime.getRuntime().addShutdownHook(hook);
            ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
            pb.environment().remove(MeshCredentials.ENVIRONMENT_VARIABLE);
            if (meshSecret != null) pb.environment().put(MeshCredentials.ENVIRONMENT_VARIABLE, meshSecret);
            startedNanos = System.nanoTime();
            process = pb.start();
            started.set(process);
            Thread reader = new Thread(this::readOutput, "bench-server-output");
            reader.setDaemon(true);
            reader.start();
        }

        private void readOutput() {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith(BenchServer.READY_LINE)) ready.complete(System.nanoTime());
                    else if (line.startsWith(SocketEcho.PORT_LINE)) echoPort.complete(Integer.parseInt(line.substring(SocketEcho.PORT_LINE.length()).trim()));
                    else System.out.println("[server] " + line);
                }
            } catch (IOException e) {
                // the server is gone
            }
        }

        void checkAlive() {
            if (!process.isAlive()) throw new IllegalStateException("the server process exited with status " + process.exitValue());
        }

        @Override
        public void close() {
            stop(process);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook runs anyway
            }
        }

        private static void stop(Process p) {
            if (p == null || !p.isAlive()) return;
            try {
                p.getOutputStream().close(); // the server exits when its stdin closes
                if (p.waitFor(5, TimeUnit.SECONDS)) return;
                p.destroy();
                if (p.waitFor(5, TimeUnit.SECONDS)) return;
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            } catch (IOException e) {
                p.destroyForcibly();
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    // ---- helpers --------------------------------------------------------------------------------

    private void awaitProxies(App client, ServerProcess server) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (client.lookup(BenchServer.ITEMS).isEmpty() || client.lookup(BenchServer.PUMP).isEmpty()) {
            server.checkAlive();
            if (System.nanoTime() > deadline) throw new TimeoutException("the proxies of the server's services did not appear within 30 s");
            Thread.sleep(10);
        }
    }

    private void checkLoopbackMulticast() throws IOException {
        if (!transportUri.startsWith("tcp://") || transportUri.contains("multicast=false")) return;
        NetworkInterface lo = NetworkInterface.getByName("lo");
        if (lo == null || !lo.supportsMulticast()) {
            throw new IllegalStateException("multicast is off on the loopback interface; run `ip link set lo multicast on` (as root) first");
        }
    }

    private void printTable() {
        if (rows.isEmpty()) return;
        String[] head = {"scenario", "measured", "p50 us", "p99 us", "target", "cpu % client/server/others", "notes"};
        int[] width = new int[head.length];
        for (int i = 0; i < head.length; i++) width[i] = head[i].length();
        for (Row r : rows) {
            String[] c = cells(r);
            for (int i = 0; i < c.length; i++) width[i] = Math.max(width[i], c[i].length());
        }
        System.out.println();
        System.out.println(line(head, width));
        StringBuilder rule = new StringBuilder();
        for (int w : width) rule.append("-".repeat(w)).append("  ");
        System.out.println(rule.toString().trim());
        for (Row r : rows) System.out.println(line(cells(r), width));
    }

    private static String[] cells(Row r) {
        return new String[] {r.scenario, r.result, r.p50, r.p99, r.target, r.cpu, r.note};
    }

    private static String line(String[] cells, int[] width) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            boolean numeric = i >= 1 && i <= 3;
            String f = "%" + (numeric ? "" : "-") + width[i] + "s  ";
            b.append(String.format(Locale.ROOT, f, cells[i]));
        }
        return b.toString().stripTrailing();
    }

    private static String loadAverage() {
        try {
            String[] f = java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String micros(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1000.0);
    }

    /** The option {@code --name on|off}, off when absent. */
    private static boolean onOff(Args args, String name) {
        return switch (args.get(name, "off")) {
            case "off" -> false;
            case "on" -> true;
            default -> throw new IllegalArgumentException("--" + name + " must be on or off");
        };
    }

    private static int positive(String name, int value) {
        if (value < 1) throw new IllegalArgumentException("--" + name + " must be at least 1, got " + value);
        return value;
    }
}
