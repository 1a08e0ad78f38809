package dev.skein.cli;

import dev.skein.core.App;
import dev.skein.core.Methods;
import dev.skein.gateway.Gateway;
import dev.skein.gateway.auth.Auth;
import dev.skein.gateway.auth.Authentication;
import dev.skein.gateway.auth.Users;
import dev.skein.mesh.Mesh;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code skein gateway}: REST and WebSocket in front of every service of the mesh. */
@Command(modelTransformer = MeshArgs.SettingFlags.class, name = "gateway", mixinStandardHelpOptions = true,
        description = {"Start a gateway node: REST and WebSocket for every service of the mesh, until Ctrl-C.",
                "Prints 'gateway listening on <url> ...' on stdout once it listens."},
        exitCodeListHeading = Main.EXIT_CODES,
        exitCodeList = {"0:stopped (130 after Ctrl-C, 143 after SIGTERM, as the JVM exits on a signal)",
                "1:failed to start, e.g. its --port is taken", Main.USAGE, Main.UNAVAILABLE})
final class GatewayCommand implements Callable<Integer> {

    @Mixin
    MeshArgs mesh;

    @Option(names = "--host", description = "Address to listen on (default: ${DEFAULT-VALUE}); 0.0.0.0 (every interface) needs --allowed-host",
            defaultValue = Gateway.DEFAULT_HOST)
    String host;

    @Option(names = "--allowed-host", split = ",", description = "A host name clients use (the Host header), besides the listen address, "
            + "localhost and IP addresses; repeatable; '*' for any (no protection against DNS rebinding)")
    java.util.List<String> allowedHosts = new java.util.ArrayList<>();

    @Option(names = "--cors-origin", split = ",", description = "An origin whose pages may call the gateway from a browser "
            + "(https://app.example.com), its WebSocket and Socket.IO included; repeatable; none by default (its own origin only)")
    java.util.List<String> corsOrigins = new java.util.ArrayList<>();

    @Option(names = "--allow-open-mesh", description = "With authentication: start on a mesh without --secret-file or --key-file, "
            + "although any process that joins it then receives the users' tokens; off by default")
    boolean allowOpenMesh;

    @Option(names = "--operations-token-file", description = "A bearer token (16+ characters) in this file opens /health, /metrics and "
            + "/fleet (a Prometheus scraper); default: $" + OperationsToken.VARIABLE + " if set")
    Path operationsTokenFile;

    /** The environment variable of the default {@code --port}. */
    static final String PORT_VARIABLE = "SKEIN_GATEWAY_PORT";

    @Option(names = "--port", description = "HTTP port, 0 for any free one (default: $" + PORT_VARIABLE + " if set, else ${DEFAULT-VALUE})",
            defaultValue = "${env:" + PORT_VARIABLE + ":-" + Gateway.DEFAULT_PORT + "}")
    int port;

    @Option(names = "--static", description = "Serve files from this folder for paths no service takes")
    Path staticRoot;

    @Option(names = "--demo-page", description = "Serve the demo's todo page at /")
    boolean demoPage;

    @Option(names = "--dashboard", description = "Serve the live fleet dashboard at this path (e.g. /dashboard); "
            + "behind the login when authentication is on")
    String dashboard;

    @Option(names = "--auth-secret-file", description = "Enable authentication (local + JWT) with the token secret (32+ bytes) in this "
            + "file; default: $" + Secrets.AUTH_SECRET_VARIABLE + " if set. Users live at /users, closed to anonymous callers")
    Path authSecretFile;

    @Option(names = "--max-connections", description = "Open connections in all, 0 for no cap; more are answered 503 (default: ${DEFAULT-VALUE})",
            defaultValue = "" + Gateway.DEFAULT_MAX_CONNECTIONS)
    int maxConnections;

    @Option(names = "--max-connections-per-address", description = "Open connections from one address, 0 for no cap; more are answered 503. "
            + "Raise it behind a reverse proxy, where every client shares its address (default: ${DEFAULT-VALUE})",
            defaultValue = "" + Gateway.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS)
    int maxConnectionsPerAddress;

    @Option(names = "--settle-window", description = "From the start, how long a request for a path no service is discovered at yet "
            + "waits for one before 404, e.g. 3s; 0 for none (default: 3s, Gateway.DEFAULT_SETTLE_WINDOW)",
            converter = MeshArgs.DurationConverter.class)
    java.time.Duration settleWindow;

    @Option(names = "--unavailable-after", description = "How long a call to a service whose instances all left waits for one before "
            + "503 with Retry-After, e.g. 2s; at most the call timeout (default: 2s, Gateway.DEFAULT_UNAVAILABLE_AFTER)",
            converter = MeshArgs.DurationConverter.class)
    java.time.Duration unavailableAfter;

    @Option(names = "--sign-up", description = "With authentication: anyone may create a user at /users (sign-up); off by default")
    boolean signUp;

    @Option(names = "--login-attempts-per-account", description = "With authentication: failed logins one login name may have a minute, "
            + "then 429 with Retry-After; 0: no limit (default: ${DEFAULT-VALUE})",
            defaultValue = "" + Authentication.DEFAULT_LOGIN_ATTEMPTS_PER_ACCOUNT)
    int loginAttemptsPerAccount;

    @Option(names = "--login-attempts-per-address", description = "With authentication: failed logins one client address may have a minute, "
            + "then 429 with Retry-After; 0: no limit, e.g. behind a proxy (default: ${DEFAULT-VALUE})",
            defaultValue = "" + Authentication.DEFAULT_LOGIN_ATTEMPTS_PER_ADDRESS)
    int loginAttemptsPerAddress;

    @Override
    public Integer call() throws Exception {
        Gateway.Builder gw = InvalidOptionException.checking(() -> Gateway.builder().host(host).port(port)
                .maxConnections(maxConnections).maxConnectionsPerAddress(maxConnectionsPerAddress).allowOpenMesh(allowOpenMesh));
        App app = App.builder().name("gateway").build();
        Mesh.Builder builder = mesh.builder().metrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)); // scraped at /metrics
        String secret = InvalidOptionException.checking(() -> Secrets.authSecret(authSecretFile));
        if (secret != null) {
            if (loginAttemptsPerAccount < 0 || loginAttemptsPerAddress < 0) {
                throw new InvalidOptionException("--login-attempts-per-account and --login-attempts-per-address must be 0 (no limit) or more, got "
                        + loginAttemptsPerAccount + " and " + loginAttemptsPerAddress, null);
            }
            app.configure(InvalidOptionException.checking(() -> Authentication.builder(secret)
                    .loginAttemptsPerAccount(loginAttemptsPerAccount).loginAttemptsPerAddress(loginAttemptsPerAddress).build()));
            app.configure(Users.builder().signUp(signUp).build());
            builder.proxyHooks(h -> h.beforeAsync(Methods.ALL, Auth.authenticate()));
        }
        if (staticRoot != null) gw.staticFiles(staticRoot);
        if (demoPage) gw.staticResources("skein-demo");
        if (dashboard != null) gw.dashboard(dashboard);
        Gateway gateway = InvalidOptionException.checking(() -> {
            gw.allowedHosts(allowedHosts.toArray(String[]::new));
            if (settleWindow != null) gw.settleWindow(settleWindow);
            if (unavailableAfter != null) gw.unavailableAfter(unavailableAfter);
            if (!corsOrigins.isEmpty()) gw.cors(dev.skein.gateway.Cors.allow(corsOrigins.toArray(String[]::new)));
            String token = OperationsToken.read(operationsTokenFile);
            if (token != null) gw.operationsToken(token);
            return gw.build();
        });
        Mesh m = mesh.join(app, builder);
        try {
            app.configure(gateway);
        } catch (IllegalStateException e) {
            app.close();
            throw new InvalidOptionException(e.getMessage(), e);
        }
        NodeCommand.listening(app, gateway);
        System.out.println("gateway listening on " + gateway.url() + " (node " + m.nodeId() + ", namespace " + mesh.namespace() + ")");
        System.out.flush();
        return NodeCommand.runUntilStopped(app);
    }
}
