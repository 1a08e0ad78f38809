package dev.skein.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.skein.core.App;
import dev.skein.core.Service;
import dev.skein.core.ServiceOptions;
import dev.skein.gateway.Gateway;
import dev.skein.gateway.GatewaySettings;
import dev.skein.mesh.Mesh;
import dev.skein.core.memory.MemoryOptions;
import dev.skein.core.memory.MemoryService;
import dev.skein.core.settings.GivenSettings;
import dev.skein.core.settings.Setting;
import dev.skein.core.settings.SettingType;
import dev.skein.mesh.MeshSettings;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A node described by one YAML file ({@code skein node --config node.yaml}), as happner configures
 * a member: its name, the mesh (every setting of {@link MeshSettings} under its own name, and the
 * access rules), the services to start (classes on the class path, or memory services) and its
 * gateway with what it exposes or brokers. docs/HAPPNER.md and docs/SETTINGS.md have every key.
 */
final class NodeConfig {

    private static final Set<String> TOP = Set.of("name", "mesh", "services", "gateway", "httpPort");
    /** The keys of {@code mesh}: every declared setting but the secret (never in a node file), the access rules, the broker password's file. */
    private static final Set<String> MESH = meshKeys();
    private static final Set<String> SERVICE = Set.of("path", "class", "version", "methods", "events", "nonBlocking", "paginate", "multi");
    /** The keys of {@code gateway}: every declared setting but the secret (the operations token), {@code mount} (the older {@code mounts}) and {@code broker}. */
    private static final Set<String> GATEWAY = gatewayKeys();

    private static Set<String> gatewayKeys() {
        Set<String> keys = new java.util.TreeSet<>(Set.of("mount", "broker"));
        for (Setting<?> s : GatewaySettings.ALL) if (!s.isSecret()) keys.add(s.name());
        return Set.copyOf(keys);
    }

    private static Set<String> meshKeys() {
        Set<String> keys = new java.util.TreeSet<>(Set.of("access", "transportPasswordFile"));
        for (Setting<?> s : MeshSettings.ALL) if (!s.isSecret()) keys.add(s.name());
        return Set.copyOf(keys);
    }

    private final Map<String, Object> root;
    private final Path file;

    private NodeConfig(Path file, Map<String, Object> root) {
        this.file = file;
        this.root = root;
    }

    /** Reads {@code file}; an unknown key or a value of the wrong kind is an IllegalArgumentException naming it. */
    @SuppressWarnings("unchecked")
    static NodeConfig read(Path file) throws IOException {
        Object parsed = new ObjectMapper(new YAMLFactory()).readValue(file.toFile(), Object.class);
        if (!(parsed instanceof Map<?, ?> map)) throw new IllegalArgumentException(file + ": a node file is a YAML mapping");
        NodeConfig config = new NodeConfig(file, (Map<String, Object>) map);
        config.only(config.root, TOP, "");
        return config;
    }

    /** The app the file describes, with its services; not started. */
    App app() {
        App app = App.builder().name(string(root, "name", "node")).build();
        for (Map<String, Object> s : list(root, "services")) {
            only(s, SERVICE, "services[]");
            String path = required(s, "path", "services[]");
            ServiceOptions.Builder options = ServiceOptions.builder();
            if (s.get("version") != null) options.version(String.valueOf(s.get("version")));
            List<String> methods = strings(s, "methods");
            if (!methods.isEmpty()) options.methods(methods.toArray(String[]::new));
            List<String> events = strings(s, "events");
            if (!events.isEmpty()) options.events(events.toArray(String[]::new));
            options.nonBlocking(flag(s, "nonBlocking", path));
            Service service = s.get("class") == null ? memory(s, path) : instantiate(String.valueOf(s.get("class")));
            app.use(path, service, options.build());
        }
        return app;
    }

    /** The paths of the services the file starts. */
    List<String> servicePaths() {
        return list(root, "services").stream().map(s -> String.valueOf(s.get("path"))).toList();
    }

    /**
     * Adds the file's mesh settings to {@code into}: every key of {@code mesh} is a declared setting
     * ({@link MeshSettings}) of the same name, a file named relative to the node file's folder;
     * {@code mesh.access} and {@code mesh.transportPasswordFile} are read apart.
     */
    void giveMesh(GivenSettings into) {
        mesh().forEach((key, value) -> {
            if (key.equals("access") || key.equals("transportPasswordFile") || value == null) return;
            Setting<?> setting = MeshSettings.ALL.stream().filter(s -> s.name().equals(key)).findFirst().orElseThrow();
            Object read = setting.type() == SettingType.FILE ? file.resolveSibling(String.valueOf(value)).toString() : value;
            into.giveValue(setting, "mesh." + key, read);
        });
    }

    /** The file's {@code mesh} mapping, its keys checked. */
    private Map<String, Object> mesh() {
        Map<String, Object> m = map(root, "mesh");
        if (m.containsKey("secret")) {
            throw new IllegalArgumentException(file + ": 'mesh.secret' would put the mesh secret in the node file; give mesh.secretFile "
                    + "(a file readable by its owner only) or $" + MeshSettings.SECRET.variable() + " instead");
        }
        only(m, MESH, "mesh.");
        return m;
    }

    /** A transport URI of the file that holds a password makes the node file a secret file: it must then be readable by its owner only. */
    void checkTransport(String uri) {
        if (mesh().containsKey("transport") && uri.matches("(?s)[A-Za-z][A-Za-z0-9+.-]*://[^/?#@]*:[^/?#@]*@.*")) {
            dev.skein.mesh.SecretFiles.requireOwnerOnly(file, "the node file (its mesh.transport holds a password)");
        }
    }

    /** The access rules of {@code mesh.access}, or null for none. */
    dev.skein.mesh.Access access() {
        return AccessRules.fromMap(map(mesh(), "access"), file.toString());
    }

    /** The file of {@code mesh.transportPasswordFile}, or null. */
    Path transportPasswordFile() {
        return sibling(mesh(), "transportPasswordFile");
    }

    /** {@code httpPort}, or null when the file has none. */
    Integer httpPort() {
        if (root.get("httpPort") == null) return null;
        int port = integer(root.get("httpPort"), "httpPort");
        if (port < 0 || port > 65535) throw new IllegalArgumentException(file + ": 'httpPort' must be 0..65535 (0: any free one), got " + port);
        return port;
    }

    /** A file named by {@code key}, relative to the node file's folder; null when the key is absent. */
    private Path sibling(Map<String, Object> m, String key) {
        return m.get(key) == null ? null : file.resolveSibling(String.valueOf(m.get(key)));
    }

    /**
     * The gateway the file describes, or null for none: every key of {@code gateway} is a declared
     * setting ({@link GatewaySettings}) of the same name ({@code mount}, the older name of
     * {@code mounts}, too), and {@code broker} lists the brokered paths.
     */
    Gateway gateway() {
        if (root.get("gateway") == null) return null;
        Map<String, Object> g = map(root, "gateway");
        only(g, GATEWAY, "gateway.");
        GivenSettings given = new GivenSettings();
        g.forEach((key, value) -> {
            if (key.equals("broker") || value == null) return;
            String name = key.equals("mount") ? "mounts" : key;
            Setting<?> setting = GatewaySettings.ALL.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
            Object read = setting.type() == SettingType.FILE ? file.resolveSibling(String.valueOf(value)).toString() : value;
            given.giveValue(setting, "gateway." + key, read);
        });
        Gateway.Builder b = Gateway.builder();
        SettingFlags.apply(given, GatewaySettings.ALL, b::set);
        for (Map<String, Object> broker : list(g, "broker")) {
            b.broker(required(broker, "path", "gateway.broker[]"), required(broker, "service", "gateway.broker[]"),
                    broker.get("version") == null ? null : String.valueOf(broker.get("version")), strings(broker, "methods").toArray(String[]::new));
        }
        return b.build();
    }

    // ---- reading values -------------------------------------------------------------------------

    private void only(Map<String, Object> m, Set<String> allowed, String where) {
        for (String k : m.keySet()) {
            if (!allowed.contains(k)) {
                String closest = dev.skein.core.internal.Likeness.closest(k, allowed).orElse(null);
                throw new IllegalArgumentException(file + ": unknown key '" + where + k + "'" + (closest == null ? "" : ": did you mean " + where + closest + "?")
                        + " (allowed: " + new java.util.TreeSet<>(allowed) + ")");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> map(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v == null) return Map.of();
        if (!(v instanceof Map<?, ?>)) throw new IllegalArgumentException(file + ": '" + key + "' must be a mapping");
        return (Map<String, Object>) v;
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> list(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v == null) return List.of();
        if (!(v instanceof List<?> l) || l.stream().anyMatch(e -> !(e instanceof Map))) {
            throw new IllegalArgumentException(file + ": '" + key + "' must be a list of mappings");
        }
        return (List<Map<String, Object>>) v;
    }

    private List<String> strings(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v == null) return List.of();
        if (v instanceof String s) return List.of(s);
        if (!(v instanceof List<?> l)) throw new IllegalArgumentException(file + ": '" + key + "' must be a list of strings");
        return l.stream().map(String::valueOf).toList();
    }

    private String required(Map<String, Object> m, String key, String where) {
        Object v = m.get(key);
        if (v == null) throw new IllegalArgumentException(file + ": '" + where + "' needs '" + key + "'");
        return String.valueOf(v);
    }

    private static String string(Map<String, Object> m, String key, String otherwise) {
        Object v = m.get(key);
        return v == null ? otherwise : String.valueOf(v);
    }

    private int integer(Object v, String where) {
        if (v instanceof Number n) return n.intValue();
        throw new IllegalArgumentException(file + ": '" + where + "' must be a number, got " + v);
    }

    /** A service without a class is a memory service, as {@code -s path} on the command line, with {@code paginate} and {@code multi}. */
    private Service memory(Map<String, Object> s, String path) {
        return new MemoryService(MemoryOptions.builder().paginate(flag(s, "paginate", path)).multi(flag(s, "multi", path)).build());
    }

    private boolean flag(Map<String, Object> s, String key, String path) {
        Object v = s.get(key);
        if (v == null) return false;
        if (v instanceof Boolean b) return b;
        throw new IllegalArgumentException(file + ": 'services[" + path + "]." + key + "' must be true or false, got " + v);
    }

    private Service instantiate(String className) {
        try {
            Object made = Class.forName(className).getDeclaredConstructor().newInstance();
            if (!(made instanceof Service service)) {
                throw new IllegalArgumentException(file + ": " + className + " is not a dev.skein.core.Service");
            }
            return service;
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(file + ": cannot make a " + className + " (a public class with a public no-argument "
                    + "constructor, on the class path): " + e, e);
        }
    }
}
