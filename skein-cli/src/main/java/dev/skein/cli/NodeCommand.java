package dev.skein.cli;

import dev.skein.core.App;
import dev.skein.core.memory.MemoryOptions;
import dev.skein.core.memory.MemoryService;
import dev.skein.gateway.Gateway;
import dev.skein.core.settings.GivenSettings;
import dev.skein.mesh.Mesh;
import dev.skein.mesh.MeshSettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code skein node}: a node serving memory services until stopped. */
@Command(modelTransformer = SettingFlags.Mesh.class, name = "node", mixinStandardHelpOptions = true,
        description = {"Start a node that serves in-memory services (Feathers memory adapter) on the mesh until Ctrl-C.",
                "Prints 'node <id> serving [...] in namespace <ns>' on stdout once it is ready."},
        exitCodeListHeading = Main.EXIT_CODES,
        exitCodeList = {"0:stopped (130 after Ctrl-C, 143 after SIGTERM, as the JVM exits on a signal)",
                "1:failed to start, e.g. its --http-port or the port of its --transport is taken",
                "2:usage, or a --config file it cannot read or with an unknown key; a setting given two ways (the file, a flag, "
                        + "the environment) with different values; a secret file others may read; access rules without a key pair",
                "203:Unavailable: the --dependency services did not come within --discovery-timeout, or the broker is down"})
final class NodeCommand implements Callable<Integer> {

    @Mixin
    MeshArgs mesh;

    @Spec
    CommandSpec spec;

    @Option(names = "--name", description = "Node name (default: ${DEFAULT-VALUE})", defaultValue = "node")
    String name;

    @Option(names = {"-s", "--service"}, description = "A memory service to serve at this path; repeatable")
    List<String> services = new ArrayList<>();

    @Option(names = "--paginate", description = "Paginate find results of the memory services")
    boolean paginate;

    @Option(names = "--multi", description = "Allow create with a list, and patch and remove without an id (every matching "
            + "record) on the memory services; off by default, since any caller could then change or wipe them all")
    boolean multi;

    @Option(names = "--demo-todos", hidden = true, description = "Serve the demo's todos, which refuse a todo without text (skein demo)")
    boolean demoTodos;

    @Option(names = "--http-port", description = "Answer /health/live, /health/ready, /health, /fleet and /metrics (Prometheus) "
            + "on this HTTP port (0: any free one)")
    Integer httpPort;

    @Option(names = "--http-host", description = "Address of the HTTP port (default: ${DEFAULT-VALUE}); another than loopback needs "
            + "--operations-token-file", defaultValue = "127.0.0.1")
    String httpHost;

    @Option(names = "--operations-token-file", description = "A bearer token (16+ characters) in this file that /health, /fleet and /metrics "
            + "of the HTTP port then need (the probes /health/live and /health/ready stay open); default: $" + OperationsToken.VARIABLE + " if set")
    java.nio.file.Path operationsTokenFile;

    @Option(names = "--config", description = "Describe the node in one YAML file instead (mesh, role, dependencies, services, "
            + "gateway: docs/HAPPNER.md). Beside it the mesh settings' flags and environment variables, the security options (--allow-call, "
            + "--allow-offer, --transport-file, --transport-password-file) and --http-port/--http-host; each given both in the "
            + "file and here (with another value) fails the start, as does any other option")
    java.nio.file.Path config;

    @Override
    public Integer call() throws Exception {
        if (httpPort != null && (httpPort < 0 || httpPort > 65535)) {
            throw new InvalidOptionException("--http-port must be 0..65535 (0: any free one), got " + httpPort, null);
        }
        if (config != null) return fromFile();
        App app = App.builder().name(name).build();
        for (String path : services) {
            app.use(path, new MemoryService(MemoryOptions.builder().paginate(paginate).multi(multi).build()));
        }
        List<String> serving = new ArrayList<>(services);
        if (demoTodos) {
            app.use(DemoTodos.PATH, new MemoryService(), dev.skein.core.ServiceOptions.defaults(), DemoTodos::requireText);
            serving.add(DemoTodos.PATH);
        }
        Mesh.Builder builder = mesh.builder();
        if (httpPort != null) builder.metrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)); // scraped at /metrics
        // checked before the node joins: a wider address without a token is bad usage
        Gateway port = httpPort == null ? null
                : InvalidOptionException.checking(() -> Gateway.operationsOnly(httpHost, httpPort, OperationsToken.read(operationsTokenFile)));
        Mesh m = mesh.join(app, builder);
        String operations = "";
        if (port != null) {
            app.configure(port);
            listening(app, port, "--http-port " + httpPort);
            operations = ", health, fleet and metrics on " + port.url();
        }
        ready(app, m, mesh.given());
        System.out.println("node " + m.nodeId() + " serving " + serving + " in namespace " + m.options().namespace() + operations);
        System.out.flush();
        return runUntilStopped(app, m);
    }

    /**
     * The flags a node from a file takes beside {@code --config}, besides every mesh setting's flag:
     * what may be given either way (with different values, the start fails naming both) and its HTTP port.
     */
    private static final Set<String> WITH_CONFIG = Set.of("--config", "--verbose", "--allow-call", "--allow-offer", "--transport-file",
            "--transport-password-file", "--http-port", "--http-host", "--operations-token-file");

    /** The node a YAML file describes ({@link NodeConfig}), with the security settings and HTTP port of the flags and the environment. */
    private int fromFile() throws Exception {
        NodeConfig file;
        App app;
        Mesh m;
        Gateway gateway;
        Integer port;
        GivenSettings settings;
        try {
            refuseFlagsTheFileReplaces();
            file = NodeConfig.read(config);
            settings = mesh.given();
            file.giveMesh(settings);
            port = new SettingSources<Integer>("the HTTP port").add("httpPort", file.httpPort()).add("--http-port", httpPort).value();
            gateway = file.gateway();
            if (gateway != null && port != null) {
                throw new IllegalArgumentException("the HTTP port is given with a gateway; the gateway answers /health, /fleet and /metrics "
                        + "on gateway.port itself: remove " + (httpPort != null ? "--http-port" : "httpPort"));
            }
            Mesh.Builder builder = mesh.builder(settings, file);
            if (gateway != null || port != null) builder.metrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)); // scraped at /metrics
            app = file.app();
            m = MeshArgs.build(builder, settings);
        } catch (IllegalArgumentException | java.io.UncheckedIOException | java.io.IOException e) {
            String message = String.valueOf(e.getMessage());
            throw new InvalidOptionException(message.startsWith(config.toString()) ? message : config + ": " + message, e);
        }
        InvalidOptionException.checking(() -> {
            app.configure(m);
            return m;
        });
        String front = "";
        if (gateway != null) {
            app.configure(gateway);
            listening(app, gateway, "gateway.port in " + config);
            front = ", HTTP on " + gateway.url();
        } else if (port != null) {
            Gateway operations = Gateway.operationsOnly(httpHost, port);
            app.configure(operations);
            listening(app, operations, httpPort != null ? "--http-port " + port : "httpPort in " + config);
            front = ", health, fleet and metrics on " + operations.url();
        }
        ready(app, m, settings);
        System.out.println("node " + m.nodeId() + " serving " + file.servicePaths() + " in namespace " + m.options().namespace() + front);
        System.out.flush();
        return runUntilStopped(app, m);
    }

    /** A flag the node file replaces, given beside {@code --config}, fails the start instead of being ignored. */
    private void refuseFlagsTheFileReplaces() {
        for (OptionSpec option : spec.commandLine().getParseResult().matchedOptions()) {
            String flag = option.longestName();
            boolean setting = MeshSettings.ALL.stream().anyMatch(s -> option.names().length > 0 && java.util.Arrays.asList(option.names()).contains(s.flag()));
            if (!setting && !WITH_CONFIG.contains(flag)) {
                throw new IllegalArgumentException(flag + " is not read with --config: describe the node in the file alone (docs/HAPPNER.md), "
                        + "beside it only " + new java.util.TreeSet<>(WITH_CONFIG));
            }
        }
    }

    /**
     * Waits for the mesh to be ready; as a happner member that cannot finish discovery, closes the
     * app and fails with Unavailable saying what is missing (the process exits with 203: 503 - 300).
     * A transport port another process holds is a failure naming the port and where the transport
     * was given (exit 1).
     */
    private static void ready(App app, Mesh m, GivenSettings settings) {
        try {
            m.ready().join();
        } catch (java.util.concurrent.CompletionException e) {
            app.close();
            Throwable cause = dev.skein.core.errors.SkeinError.unwrap(e);
            String uri = MeshArgs.transportUri(settings);
            int port = transportPort(uri);
            if (port > 0 && PortInUse.causes(cause)) {
                String where = settings.has(MeshSettings.TRANSPORT) ? settings.where(MeshSettings.TRANSPORT) : "the default transport";
                // a URI with a password in it is not printed: where it was given is enough
                throw PortInUse.failure(port, uri.contains("@") ? where : where + " " + uri, cause);
            }
            throw new dev.skein.core.errors.Unavailable("not ready: " + cause.getMessage(), null, null, cause);
        }
    }

    /** The port a transport URI listens on, or -1 when it names none (or is not a URI). */
    private static int transportPort(String uri) {
        try {
            return java.net.URI.create(uri).getPort();
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    /** Waits until {@code gateway} listens; one that cannot closes {@code app} and fails with the gateway's reason (naming its address). */
    static void listening(App app, Gateway gateway) {
        listening(app, gateway, null);
    }

    /**
     * Waits until {@code gateway} listens; one that cannot closes {@code app} and fails with the gateway's
     * reason or, for a port in use when {@code given} names the flag or key that gave it, with a line naming both.
     */
    static void listening(App app, Gateway gateway, String given) {
        try {
            gateway.started().join();
        } catch (java.util.concurrent.CompletionException e) {
            app.close();
            Throwable cause = dev.skein.core.errors.SkeinError.unwrap(e);
            if (given != null && PortInUse.causes(cause)) throw PortInUse.failure(gateway.options().port(), given, cause);
            throw new IllegalStateException(cause.getMessage(), cause);
        }
    }

    /**
     * Keeps the process up until Ctrl-C (or SIGTERM), then closes the app gracefully; or until another
     * node drains this one ({@code skein drain}): its mesh has left, the app (with its gateway, if any)
     * closes and the process exits 0.
     */
    static int runUntilStopped(App app, Mesh mesh) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        mesh.drained().thenAccept(by -> {
            System.out.println("node " + mesh.nodeId() + " drained by node " + by + ": it left the mesh and stops");
            System.out.flush();
            app.close();
            stopped.countDown();
        });
        return runUntilStopped(app, stopped);
    }

    private static int runUntilStopped(App app, CountDownLatch stopped) throws InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "skein-shutdown"));
        stopped.await();
        return 0;
    }
}
