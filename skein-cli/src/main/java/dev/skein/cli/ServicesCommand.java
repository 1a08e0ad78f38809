package dev.skein.cli;

import dev.skein.mesh.ServiceInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code skein services}: what the mesh serves. */
@Command(name = "services", mixinStandardHelpOptions = true, description = "List the services of the mesh: versions, methods, instances.")
final class ServicesCommand implements Callable<Integer> {

    @Mixin
    ListenArgs listen;

    @Override
    public Integer call() throws Exception {
        try (Client client = listen.listen()) {
            if (!client.foundAny(listen.wait)) return 0;
            Map<String, List<ServiceInfo>> byPath = new TreeMap<>(client.mesh.services().stream()
                    .collect(Collectors.groupingBy(ServiceInfo::path)));
            System.out.printf("%-24s %-10s %-9s %-40s %s%n", "PATH", "VERSION", "INSTANCES", "METHODS", "EVENTS");
            byPath.forEach((path, list) -> System.out.printf("%-24s %-10s %-9d %-40s %s%n", path,
                    list.stream().map(ServiceInfo::version).distinct().collect(Collectors.joining(",")), list.size(),
                    String.join(",", list.get(0).methods()), String.join(",", list.get(0).events())));
        }
        return 0;
    }
}
