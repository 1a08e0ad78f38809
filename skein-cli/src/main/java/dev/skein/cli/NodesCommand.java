package dev.skein.cli;

import dev.skein.core.Json;
import dev.skein.mesh.Health;
import dev.skein.mesh.NodeInfo;
import dev.skein.mesh.ServiceInfo;
import dev.skein.core.errors.SkeinError;
import dev.skein.core.errors.Unavailable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code skein nodes}: the fleet registry. */
@Command(modelTransformer = SettingFlags.Mesh.class, name = "nodes", mixinStandardHelpOptions = true,
        description = {"List the nodes of the mesh with their health and services.",
                "Joins the mesh and listens up to --wait, or asks a long-running node or gateway (--url).",
                "-o json prints the nodes as the /fleet endpoint does."},
        exitCodeListHeading = Main.EXIT_CODES,
        exitCodeList = {"0:done, also when no node answered (stderr says so; -o json prints [])", Main.USAGE,
                "1xx:with --url, an HTTP error status - 300 (401 -> 101, 403 -> 103)",
                "203:Unavailable: the broker is down, or --url cannot be reached"})
final class NodesCommand implements Callable<Integer> {

    /** The environment variable of the access token sent to {@code --url} when its gateway has authentication. */
    static final String ACCESS_TOKEN_VARIABLE = "SKEIN_ACCESS_TOKEN";

    @Mixin
    ListenArgs listen;

    @Mixin
    OutputArgs output;

    @Spec
    CommandSpec spec;

    @Option(names = "--url", description = "Ask the node or gateway at this HTTP address (its /fleet) instead of joining the mesh: "
            + "a node that has run a while also knows the nodes that went away. Sends $" + ACCESS_TOKEN_VARIABLE + " as the bearer token if set")
    URI url;

    @Option(names = "--all", description = "With --url: the nodes gone offline within the mesh's offline retention too, with why")
    boolean all;

    @Override
    public Integer call() throws Exception {
        if (all && url == null) {
            throw new ParameterException(spec.commandLine(), "--all needs --url: a node that has just joined knows no node that went "
                    + "away before it; ask one that has run a while (skein node --http-port, or a gateway)");
        }
        if (url != null) {
            print(fromUrl());
            return 0;
        }
        try (Client client = listen.listen()) {
            client.foundAny(listen.wait);
            print(client.mesh.nodes().stream().filter(n -> !n.local()).toList());
        }
        return 0;
    }

    private List<NodeInfo> fromUrl() throws InterruptedException {
        URI fleet = url.resolve(url.getPath().endsWith("/") ? "fleet" : url.getPath() + "/fleet");
        HttpRequest.Builder request = HttpRequest.newBuilder(fleet).timeout(Duration.ofSeconds(10)).GET();
        String token = System.getenv(ACCESS_TOKEN_VARIABLE);
        if (token != null && !token.isBlank()) request.header("Authorization", "Bearer " + token.trim());
        HttpResponse<String> response;
        try {
            response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Unavailable("Cannot reach " + fleet + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
        if (response.statusCode() != 200) {
            throw SkeinError.of(response.statusCode(), fleet + " answered " + response.statusCode() + ": " + response.body());
        }
        List<NodeInfo> nodes = new ArrayList<>();
        if (Json.read(response.body()) instanceof List<?> list) {
            for (Object o : list) {
                @SuppressWarnings("unchecked") Map<String, Object> m = (Map<String, Object>) o;
                NodeInfo n = NodeInfo.fromJson(m);
                if (all || n.online()) nodes.add(n);
            }
        }
        return nodes;
    }

    private void print(List<NodeInfo> nodes) {
        if (output.json()) {
            OutputArgs.printJson(nodes.stream().map(NodeInfo::toJson).toList());
            return;
        }
        if (nodes.isEmpty()) return;
        String format = "%-28s %-10s %-10s %-16s %-24s %-26s %6s %6s %12s %10s  %s%n";
        System.out.printf(format, "NODE", "NAME", "ROLE", "HOST", "ADDRESS", "STATUS", "CPU%", "LOAD", "HEAP MB", "UPTIME", "SERVICES");
        for (NodeInfo n : nodes) {
            Health h = n.health();
            System.out.printf(format, n.id(), n.name(), n.role().isEmpty() ? "-" : n.role(), n.host().isEmpty() ? "-" : n.host(), n.address(), status(n),
                    h.cpuLoad() < 0 ? "-" : String.format("%.0f", h.cpuLoad() * 100),
                    h.loadAverage() < 0 ? "-" : String.format("%.2f", h.loadAverage()),
                    h.heapMax() < 0 ? "-" : (h.heapUsed() >> 20) + "/" + (h.heapMax() >> 20),
                    h.uptimeMillis() < 0 ? "-" : Duration.ofMillis(h.uptimeMillis()).toSeconds() + "s",
                    n.services().stream().map(ServiceInfo::path).collect(Collectors.joining(",")));
        }
    }

    /** "online", or "offline (left, 42s ago)". */
    private static String status(NodeInfo n) {
        if (n.online()) return n.local() ? "online (this node)" : "online";
        String ago = n.lastSeen() == null ? "" : ", " + Math.max(0, Duration.between(n.lastSeen(), Instant.now()).toSeconds()) + "s ago";
        return "offline (" + n.offlineReason() + ago + ")";
    }
}
