package dev.skein.mesh;

import dev.skein.core.ServicePath;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One instance of a service as a node advertises it.
 *
 * @param path     the service path
 * @param node     the id of the node that serves it
 * @param methods  every method it offers, standard and custom
 * @param events   every event it emits, standard and custom
 * @param version  its semantic version
 * @param metadata free metadata
 */
public record ServiceInfo(String path, String node, List<String> methods, List<String> events, String version,
                          Map<String, Object> metadata) {

    /**
     * Checks the path is canonical; copies the lists and the metadata (whose values may be
     * {@code null}); {@code null} metadata becomes empty.
     *
     * @throws IllegalArgumentException when {@code path} is not canonical ({@link ServicePath})
     */
    public ServiceInfo {
        String why = ServicePath.whyNotCanonical(path);
        if (why != null) throw new IllegalArgumentException("The service path " + ServicePath.quoted(path) + " of node " + node
                + " is not canonical: " + why);

        methods = List.copyOf(methods);
        events = List.copyOf(events);
        // metadata is free JSON: null values are allowed, which Map.copyOf would refuse
        metadata = metadata == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** The wire form inside a hello packet. */
    public Map<String, Object> toWire() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", path);
        m.put("methods", methods);
        m.put("events", events);
        m.put("version", version);
        if (!metadata.isEmpty()) m.put("metadata", metadata);
        return m;
    }

    /**
     * Reads the wire form; missing lists are empty.
     *
     * @throws IllegalArgumentException when its path is missing or not canonical (the mesh refuses such a service before it gets here)
     */
    @SuppressWarnings("unchecked")
    public static ServiceInfo fromWire(Map<String, Object> wire, String node) {
        Object metadata = wire.get("metadata");
        return new ServiceInfo(wire.get("path") instanceof String path ? path : null, node,
                wire.get("methods") instanceof List<?> m ? (List<String>) m : List.of(),
                wire.get("events") instanceof List<?> e ? (List<String>) e : List.of(),
                wire.get("version") == null ? "0.0.0" : String.valueOf(wire.get("version")),
                metadata instanceof Map<?, ?> md ? (Map<String, Object>) md : Map.of());
    }
}
