package dev.skein.cli;

import dev.skein.mesh.ServiceInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code skein services}: what the mesh serves. */
@Command(modelTransformer = SettingFlags.Mesh.class, name = "services", mixinStandardHelpOptions = true,
        description = {"List the services of the mesh: versions, instances, methods, events.", "Joins the mesh and listens up to --wait."},
        exitCodeListHeading = Main.EXIT_CODES,
        exitCodeList = {"0:done, also when no node answered (stderr says so; -o json prints [])", Main.USAGE,
                "203:Unavailable: the broker is down"})
final class ServicesCommand implements Callable<Integer> {

    @Mixin
    ListenArgs listen;

    @Mixin
    OutputArgs output;

    @Override
    public Integer call() throws Exception {
        try (Client client = listen.listen()) {
            boolean found = client.foundAny(listen.wait);
            Map<String, List<ServiceInfo>> byPath = new TreeMap<>(client.mesh.services().stream()
                    .collect(Collectors.groupingBy(ServiceInfo::path)));
            if (found && byPath.isEmpty()) Client.say("the nodes of namespace '%s' serve no services", client.mesh.options().namespace());
            if (output.json()) {
                OutputArgs.printJson(byPath.entrySet().stream().map(e -> json(e.getKey(), e.getValue())).toList());
                return 0;
            }
            if (byPath.isEmpty()) return 0;
            System.out.printf("%-24s %-10s %-9s %-40s %s%n", "PATH", "VERSION", "INSTANCES", "METHODS", "EVENTS");
            byPath.forEach((path, list) -> System.out.printf("%-24s %-10s %-9d %-40s %s%n", path,
                    list.stream().map(ServiceInfo::version).distinct().collect(Collectors.joining(",")), list.size(),
                    String.join(",", list.get(0).methods()), String.join(",", list.get(0).events())));
        }
        return 0;
    }

    /** One path in JSON: {path, versions, instances, nodes, methods, events}, methods and events of every instance together. */
    private static Map<String, Object> json(String path, List<ServiceInfo> instances) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", path);
        m.put("versions", instances.stream().map(ServiceInfo::version).distinct().sorted().toList());
        m.put("instances", instances.size());
        m.put("nodes", instances.stream().map(ServiceInfo::node).toList());
        m.put("methods", instances.stream().flatMap(s -> s.methods().stream()).distinct().toList());
        m.put("events", instances.stream().flatMap(s -> s.events().stream()).distinct().toList());
        return m;
    }
}
