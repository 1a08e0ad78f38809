package dev.skein.testkit.reliability;

import dev.skein.core.App;
import dev.skein.core.Params;
import dev.skein.core.Service;
import dev.skein.core.ServiceOptions;
import dev.skein.mesh.Mesh;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One instance of "items" in its own JVM, for the reliability suite: get and find answer from any
 * instance (the answer names it), create takes 2 ms, and every 20 ms it emits a "tick" event with
 * a counter of its own. Prints READY once it has joined; leaves gracefully when stdin closes.
 * Args: namespace, transport URI.
 */
public final class ReliabilityServerMain {

    public static void main(String[] args) throws Exception {
        App app = App.builder().name("items").build();
        Mesh mesh = Mesh.builder().namespace(args[0]).transport(args[1]).build();
        AtomicLong created = new AtomicLong();
        app.use("items", new Service() {
            @Override
            public CompletionStage<Object> find(Params params) {
                return CompletableFuture.completedFuture(List.of(Map.of("from", mesh.nodeId())));
            }

            @Override
            public CompletionStage<Object> get(Object id, Params params) {
                return CompletableFuture.completedFuture(Map.of("id", id, "from", mesh.nodeId()));
            }

            @Override
            public CompletionStage<Object> create(Object data, Params params) {
                return CompletableFuture.supplyAsync(() -> (Object) Map.of("n", created.incrementAndGet(), "from", mesh.nodeId()),
                        CompletableFuture.delayedExecutor(2, TimeUnit.MILLISECONDS));
            }
        }, ServiceOptions.builder().events("tick").build());
        app.configure(mesh);
        mesh.ready().join();
        ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
        AtomicLong seq = new AtomicLong();
        ticks.scheduleAtFixedRate(() -> app.service("items").emit("tick", Map.of("from", mesh.nodeId(), "seq", seq.incrementAndGet())),
                20, 20, TimeUnit.MILLISECONDS);
        System.out.println("READY " + mesh.nodeId());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        while (in.readLine() != null) {
            // wait for stdin to close
        }
        ticks.shutdownNow();
        app.close();
    }
}
