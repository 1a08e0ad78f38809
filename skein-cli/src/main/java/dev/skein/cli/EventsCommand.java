package dev.skein.cli;

import dev.skein.core.ServiceHandle;
import dev.skein.core.internal.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code skein events}: prints a service's events as JSON lines. */
@Command(name = "events", mixinStandardHelpOptions = true, description = "Print the events of a service as they happen, one JSON line each.")
final class EventsCommand implements Callable<Integer> {

    @Mixin
    MeshArgs mesh;

    @Parameters(index = "0", description = "Service path")
    String path;

    @Option(names = "--for", description = "Stop after this long (default: until Ctrl-C)", converter = MeshArgs.DurationConverter.class)
    Duration duration;

    @Override
    public Integer call() throws Exception {
        try (Client client = new Client(mesh)) {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (client.app.lookup(path).isEmpty() && System.nanoTime() < until) Thread.sleep(50);
            ServiceHandle service = client.app.lookup(path).orElse(null);
            if (service == null) {
                System.err.println("No node serves '" + path + "' in namespace " + mesh.namespace);
                return Main.exitCode(404);
            }
            for (String event : service.events()) {
                service.on(event, e -> {
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("path", e.path());
                    line.put("event", e.event());
                    line.put("data", e.data());
                    line.put("from", e.origin());
                    synchronized (System.out) {
                        System.out.println(Json.write(line));
                        System.out.flush();
                    }
                });
            }
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            if (duration != null) stop.await(duration.toMillis(), TimeUnit.MILLISECONDS);
            else stop.await();
        }
        return 0;
    }
}
