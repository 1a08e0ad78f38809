package dev.skein.cli;

import dev.skein.core.App;
import dev.skein.core.Methods;
import dev.skein.gateway.Gateway;
import dev.skein.gateway.auth.Auth;
import dev.skein.gateway.auth.Authentication;
import dev.skein.gateway.auth.Users;
import dev.skein.core.settings.GivenSettings;
import dev.skein.gateway.GatewaySettings;
import dev.skein.mesh.Mesh;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code skein gateway}: REST and WebSocket in front of every service of the mesh. */
@Command(modelTransformer = SettingFlags.MeshAndGateway.class, name = "gateway", mixinStandardHelpOptions = true,
        description = {"Start a gateway node: REST and WebSocket for every service of the mesh, until Ctrl-C.",
                "Prints 'gateway listening on <url> ...' on stdout once it listens."},
        exitCodeListHeading = Main.EXIT_CODES,
        exitCodeList = {"0:stopped (130 after Ctrl-C, 143 after SIGTERM, as the JVM exits on a signal)",
                "1:failed to start, e.g. its --port is taken", Main.USAGE, Main.UNAVAILABLE})
final class GatewayCommand implements Callable<Integer> {

    @Mixin
    MeshArgs mesh;

    @Option(names = "--operations-token-file", description = "A bearer token (16+ characters) in this file opens /health, /metrics and "
            + "/fleet (a Prometheus scraper); default: $" + OperationsToken.VARIABLE + " if set")
    Path operationsTokenFile;

    /** The environment variable of the gateway's port ({@link GatewaySettings#PORT}). */
    static final String PORT_VARIABLE = "SKEIN_GATEWAY_PORT";

    @Option(names = "--demo-page", description = "Serve the demo's todo page at /")
    boolean demoPage;

    @Option(names = "--auth-secret-file", description = "Enable authentication (local + JWT) with the token secret (32+ bytes) in this "
            + "file; default: $" + Secrets.AUTH_SECRET_VARIABLE + " if set. Users live at /users, closed to anonymous callers")
    Path authSecretFile;

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

    @Spec
    CommandSpec spec;

    /** A builder of the gateway of the flags, the variables and the token's file: each declared setting ({@link GatewaySettings}) read once. */
    Gateway.Builder gatewayBuilder() {
        GivenSettings given = new GivenSettings();
        SettingFlags.read(spec.commandLine(), GatewaySettings.ALL, given);
        given.giveEnvironment(GatewaySettings.ALL, mesh.environment);
        given.give(GatewaySettings.OPERATIONS_TOKEN, operationsTokenFile != null ? "--operations-token-file" : "$" + OperationsToken.VARIABLE,
                OperationsToken.read(operationsTokenFile));
        Gateway.Builder b = Gateway.builder();
        SettingFlags.apply(given, GatewaySettings.ALL, b::set);
        return b;
    }

    @Override
    public Integer call() throws Exception {
        Gateway.Builder gw = InvalidOptionException.checking(this::gatewayBuilder);
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
        if (demoPage) gw.staticResources("skein-demo");
        Gateway gateway = InvalidOptionException.checking(gw::build);
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
        return NodeCommand.runUntilStopped(app, m);
    }
}
