package dev.skein.cli;

import dev.skein.core.ServiceHandle;
import dev.skein.core.errors.Unavailable;
import dev.skein.core.Json;
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
@Command(modelTransformer = SettingFlags.Mesh.class, name = "events", mixinStandardHelpOptions = true,
        description = {"Print the events of a service as they happen, one JSON line each on stdout: {path, event, data, from}.",
                "Waits up to --wait for a node serving the path, saying so on stderr after a second."},
        exitCodeListHeading = Main.EXIT_CODES,
        exitCodeList = {"0:stopped: --for elapsed, or Ctrl-C", Main.USAGE,
                "203:Unavailable: no node served the path within --wait, or the broker is down"})
final class EventsCommand implements Callable<Integer> {

    @Mixin
    MeshArgs mesh;

    @Parameters(index = "0", description = "Service path")
    String path;

    @Option(names = "--for", description = "Stop after this long (default: until Ctrl-C)", converter = MeshArgs.DurationConverter.class)
    Duration duration;

    @Option(names = "--wait", description = "How long to wait for a node serving the path (default: ${DEFAULT-VALUE})", defaultValue = "30s",
            converter = MeshArgs.DurationConverter.class)
    Duration wait;

    @Override
    public Integer call() throws Exception {
        try (Client client = new Client(mesh)) {
            long start = System.nanoTime();
            boolean said = false;
            while (client.app.lookup(path).isEmpty() && System.nanoTime() - start < wait.toNanos()) {
                if (!said && System.nanoTime() - start > TimeUnit.SECONDS.toNanos(1)) {
                    Client.say("waiting up to %s for a node serving '%s' in namespace '%s' (%s)...", Client.seconds(wait), path,
                            mesh.namespace(), client.where());
                    said = true;
                }
                Thread.sleep(50);
            }
            ServiceHandle service = client.app.lookup(path).orElse(null);
            if (service == null) {
                throw new Unavailable(String.format("no node served '%s' in namespace '%s' (%s) within %s", path, mesh.namespace(),
                        client.where(), Client.seconds(wait)));
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
            Client.say("listening for the events of '%s' (%s)%s", path, String.join(", ", service.events()),
                    duration == null ? "; Ctrl-C stops" : " for " + Client.seconds(duration));
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            if (duration != null) stop.await(duration.toMillis(), TimeUnit.MILLISECONDS);
            else stop.await();
        }
        return 0;
    }
}
