package dev.skein.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code skein demo}: a todos microservice and a gateway as two processes that find each other
 * by themselves, and a page that lists todos and shows other clients' changes live.
 *
 * <p>Discovery stays on this machine: multicast on the loopback interface when it allows
 * multicast, else a seed address on 127.0.0.1.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Start a todos service and a gateway as separate processes, then open the printed URL. Ctrl-C stops both.",
                "Prints 'Skein demo is up: <url>' on stdout once the page shows a todo of the todos node."},
        exitCodeListHeading = Main.EXIT_CODES,
        exitCodeList = {"0:stopped (130 after Ctrl-C, 143 after SIGTERM, as the JVM exits on a signal)",
                "1:the demo did not come up within 60s, or one of its processes exited", Main.USAGE})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--port", description = "Gateway port (default: ${DEFAULT-VALUE}, or a free one if taken)", defaultValue = "3030")
    int port;

    @Option(names = "--exit-after-start", hidden = true, description = "Stop once the demo is up (for tests)")
    boolean exitAfterStart;

    @Override
    public Integer call() throws Exception {
        Demo demo = new Demo();
        Runtime.getRuntime().addShutdownHook(new Thread(demo::close, "skein-demo-stop"));
        String url;
        try {
            url = demo.start(port);
        } catch (IllegalStateException e) {
            demo.close();
            throw e;
        }
        System.out.println();
        demo.banner(url).forEach(System.out::println);
        System.out.println();
        System.out.flush();
        if (exitAfterStart) {
            demo.close();
            return 0;
        }
        demo.ended().join(); // a process of the demo exited on its own: Demo said which, and stopped the other
        return 1;
    }
}

/** The demo's processes: start them, wait until the gateway serves the todos, stop them. */
final class Demo implements AutoCloseable {

    private final List<Process> children = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.concurrent.CompletableFuture<Void> ended = new java.util.concurrent.CompletableFuture<>();
    private volatile boolean closing;
    private String namespace;
    private String lookTransport;

    /**
     * Starts the todos node and the gateway and creates one todo on the todos node.
     *
     * @return the page's URL
     * @throws IllegalStateException when the gateway does not see the service within 60 s or a process dies
     */
    String start(int port) throws IOException, InterruptedException {
        int httpPort = port == 0 || free(port) ? port : freePort();
        if (httpPort != port) {
            System.out.println("demo: port " + port + " is taken (something listens on 127.0.0.1:" + port + "); using port " + httpPort
                    + " instead (--port chooses another)");
        }
        if (httpPort == 0) httpPort = freePort();
        namespace = "skein-demo-" + ProcessHandle.current().pid();
        String serviceTransport;
        String gatewayTransport;
        if (loopbackMulticast()) {
            serviceTransport = gatewayTransport = "tcp://127.0.0.1?interface=lo&beacon=500";
            lookTransport = "tcp://?interface=lo";
            System.out.println("demo: discovery by multicast on the loopback interface");
        } else {
            int servicePort = freePort();
            serviceTransport = "tcp://127.0.0.1:" + servicePort + "?multicast=false";
            gatewayTransport = "tcp://127.0.0.1?multicast=false&seeds=127.0.0.1:" + servicePort;
            lookTransport = "tcp://?multicast=false&seeds=127.0.0.1:" + servicePort;
            System.out.println("demo: loopback has no multicast here (ip link set lo multicast on enables it); using a seed on 127.0.0.1");
        }
        start("todos", "node", "--name", "todos", "--demo-todos", "--transport", serviceTransport, "--namespace", namespace);
        start("gateway", "gateway", "--port", String.valueOf(httpPort), "--demo-page", "--dashboard", "/dashboard",
                "--transport", gatewayTransport, "--namespace", namespace);
        String url = "http://127.0.0.1:" + httpPort;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/todos")).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) break;
            } catch (IOException e) {
                // the gateway is not listening yet
            }
            if (System.nanoTime() > until) throw new IllegalStateException("the gateway did not see the todos service within 60 s");
            for (Process p : children) {
                if (!p.isAlive()) throw new IllegalStateException("a process exited early with code " + p.exitValue());
            }
            Thread.sleep(200);
        }
        // the URL is printed only once the page can show a todo of the todos node: created through the gateway and read back
        String text = "This todo lives on the todos node";
        while (true) {
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(url + "/todos")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"" + text + "\",\"done\":false}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (created.statusCode() == 201) break;
            if (System.nanoTime() > until) {
                throw new IllegalStateException("the gateway could not create a todo on the todos node within 60 s (last answer "
                        + created.statusCode() + ")");
            }
            Thread.sleep(200);
        }
        while (true) {
            HttpResponse<String> listed = http.send(HttpRequest.newBuilder(URI.create(url + "/todos")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (listed.statusCode() == 200 && listed.body().contains(text)) return url;
            if (System.nanoTime() > until) throw new IllegalStateException("the gateway did not list the todos node's todo within 60 s");
            Thread.sleep(100);
        }
    }

    private void start(String name, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir")); // the demo's own, not the JDK's /tmp default
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        // the demo gives its processes every setting they need on their command lines: a SKEIN_MESH_* or SKEIN_GATEWAY_*
        // variable of this shell would be a second value of the same setting, which a node refuses
        builder.environment().keySet().removeIf(k -> k.startsWith("SKEIN_MESH_") || k.startsWith("SKEIN_GATEWAY_")
                || k.equals(MeshArgs.TRANSPORT_VARIABLE) || k.equals(MeshArgs.NAMESPACE_VARIABLE));
        Process p = builder.start();
        children.add(p);
        System.out.println("demo: started " + name + " (pid " + p.pid() + ")");
        p.onExit().thenRun(() -> exited(name, p));
    }

    /** A process that exits while the demo runs leaves the page half-working: say so, and stop the demo. */
    private void exited(String name, Process p) {
        if (closing) return;
        String other = name.equals("todos") ? "the page cannot list or change todos without it"
                : "the page and the REST API are gone without it";
        System.err.println("demo: the " + name + " process (pid " + p.pid() + ") exited with code " + p.exitValue() + ": " + other
                + "; stopping the demo");
        System.err.flush();
        close();
        ended.complete(null);
    }

    /** Completes when a process of the demo exited on its own (after the demo has said so and stopped the other). */
    java.util.concurrent.CompletableFuture<Void> ended() {
        return ended;
    }

    /**
     * The lines that say where the demo is: its page, and the command that shows its nodes (the demo
     * runs in a namespace of its own, which a plain {@code skein nodes} does not look at).
     */
    List<String> banner(String url) {
        return List.of("  Skein demo is up:  " + url + "   (REST: " + url + "/todos, WebSocket: " + url.replace("http", "ws") + "/ws)",
                "  The fleet, live:    " + url + "/dashboard   (health: " + url + "/health, metrics: " + url + "/metrics)",
                "  Its nodes:          skein nodes --namespace " + namespace + " --transport '" + lookTransport + "'",
                "  Ctrl-C stops it.");
    }

    /** Stops both processes (gracefully, then forcibly after 10 s). Idempotent. */
    @Override
    public void close() {
        closing = true;
        for (Process p : children) p.destroy();
        for (Process p : children) {
            try {
                if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) p.destroyForcibly();
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        children.clear();
    }

    private static boolean loopbackMulticast() {
        try {
            NetworkInterface lo = NetworkInterface.getByName("lo");
            return lo != null && lo.isUp() && lo.supportsMulticast();
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
