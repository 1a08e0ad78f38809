package dev.skein.gateway;

import dev.skein.core.App;
import dev.skein.core.Methods;
import dev.skein.core.Params;
import dev.skein.core.Service;
import dev.skein.core.ServiceOptions;
import dev.skein.core.memory.MemoryService;
import dev.skein.gateway.auth.Auth;
import dev.skein.gateway.auth.Authentication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official Feathers 5 clients (npm: {@code @feathersjs/socketio-client}, {@code socket.io-client} 4,
 * {@code @feathersjs/rest-client}, {@code @feathersjs/authentication-client}), from the lockfile in
 * {@code src/test/node} (the build installs it with {@code npm ci}), against a gateway whose
 * services live on another node: every standard method and a custom one, the standard events
 * reaching a second client, errors in Feathers' shape, a login over the socket, a reconnect that
 * re-authenticates, a logout, and the same over REST. {@code feathers-clients.mjs} prints a line per check.
 */
@Timeout(120)
class FeathersClientsTest {

    private static final File PROJECT = new File("src/test/node");
    private Cluster cluster;

    @BeforeEach
    void start() {
        cluster = new Cluster("tcp://?beacon=200");
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    /** A gateway with authentication needs a mesh only its nodes can join: the calls carry the users' tokens. */
    private static void closedMesh(dev.skein.mesh.Mesh.Builder mesh) {
        mesh.credentials(dev.skein.mesh.MeshCredentials.secret("a-mesh-secret-for-the-feathers-clients-test"));
    }

    @Test
    void theFeathersSocketIoAndRestClientsWorkAgainstTheGatewayUnchanged() throws Exception {
        assertThat(new File(PROJECT, "node_modules/@feathersjs/socketio-client"))
                .as("the npm packages of src/test/node, which the build installs before the tests (tools/npm-ci.sh): "
                        + "run them through Maven, e.g. mvn -pl skein-gateway test -Dtest=FeathersClientsTest").exists();
        cluster.node("service", app -> {
            app.use("todos", new MemoryService());
            app.use("jobs", new Service() {
                @Override
                public CompletionStage<Object> invoke(String method, Object data, Params params) {
                    return CompletableFuture.completedFuture(Map.of("archived", data));
                }
            }, ServiceOptions.builder().methods("archive").build());
        }, FeathersClientsTest::closedMesh);
        App gatewayApp = cluster.node("gateway", app -> {
            app.configure(Authentication.builder(Cluster.SECRET).build());
            Cluster.users(app);
            app.use("secrets", new Service() {
                @Override
                public CompletionStage<Object> find(Params params) {
                    return CompletableFuture.completedFuture(Map.of("user", params.user().get("email")));
                }
            });
            app.service("secrets").hooks().beforeAsync(Methods.ALL, Auth.authenticate());
        }, FeathersClientsTest::closedMesh);
        Cluster.createUser(gatewayApp, "ada@example.com", "s3cret!");
        Gateway gateway = Cluster.gateway(gatewayApp);
        Cluster.awaitService(gatewayApp, "todos");
        Cluster.awaitService(gatewayApp, "jobs");

        ProcessBuilder pb = new ProcessBuilder("node", "feathers-clients.mjs", gateway.url()).directory(PROJECT).redirectErrorStream(true);
        if (System.getenv("SKEIN_DEBUG_SIO") != null) pb.environment().put("DEBUG", "engine*,socket.io*");
        Process node = pb.start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                lines.add(line);
                System.out.println("feathers-clients: " + line);
            }
        }
        if (!node.waitFor(60, TimeUnit.SECONDS)) node.destroyForcibly();

        assertThat(lines).as(String.join("\n", lines)).contains("ALL OK").noneMatch(l -> l.startsWith("FAILED"));
        assertThat(node.exitValue()).isZero();
        assertThat(lines.stream().filter(l -> l.startsWith("ok ")).count()).isEqualTo(10);
    }
}
