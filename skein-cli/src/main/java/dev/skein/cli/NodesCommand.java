package dev.skein.cli;

import dev.skein.mesh.Health;
import dev.skein.mesh.NodeInfo;
import dev.skein.mesh.ServiceInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code skein nodes}: the fleet registry. */
@Command(name = "nodes", mixinStandardHelpOptions = true, description = "List the nodes of the mesh with their health and services.")
final class NodesCommand implements Callable<Integer> {

    @Mixin
    ListenArgs listen;

    @Override
    public Integer call() throws Exception {
        try (Client client = listen.listen()) {
            if (!client.foundAny(listen.wait)) return 0;
            System.out.printf("%-28s %-10s %-24s %6s %6s %12s %10s  %s%n", "NODE", "NAME", "ADDRESS", "CPU%", "LOAD",
                    "HEAP MB", "UPTIME", "SERVICES");
            for (NodeInfo n : client.mesh.nodes()) {
                if (n.local()) continue;
                Health h = n.health();
                System.out.printf("%-28s %-10s %-24s %6s %6s %12s %10s  %s%n", n.id(), n.name(), n.address(),
                        h.cpuLoad() < 0 ? "-" : String.format("%.0f", h.cpuLoad() * 100),
                        h.loadAverage() < 0 ? "-" : String.format("%.2f", h.loadAverage()),
                        (h.heapUsed() >> 20) + "/" + (h.heapMax() >> 20), Duration.ofMillis(h.uptimeMillis()).toSeconds() + "s",
                        n.services().stream().map(ServiceInfo::path).collect(Collectors.joining(",")));
            }
        }
        return 0;
    }
}
