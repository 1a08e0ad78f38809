package dev.skein.gateway;

import dev.skein.core.App;
import dev.skein.core.Methods;
import dev.skein.core.Params;
import dev.skein.core.memory.MemoryService;
import dev.skein.gateway.auth.Auth;
import dev.skein.gateway.auth.Authentication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static dev.skein.gateway.Cluster.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The distributed application scenario: every node checks tokens itself with the shared secret.
 * The gateway issues tokens from its users service; the service node authenticates calls of its
 * todos in its own hook, looking the user up through its proxy of users.
 */
class DistributedAuthenticationTest {

    private Cluster cluster;
    private Gateway gateway;
    private Http http;
    private Object userId;
    /** The user the service node's hook saw after authentication, on the last call. */
    private final AtomicReference<Map<String, Object>> seenUser = new AtomicReference<>();
    /** The params of the last call that passed authentication on the service node. */
    private final AtomicReference<Params> seenParams = new AtomicReference<>();

    @BeforeEach
    void start() {
        cluster = Cluster.local();
        App serviceNode = cluster.node("service", app -> {
            app.configure(Authentication.builder(Cluster.SECRET).build());
            app.use("todos", new MemoryService());
            app.service("todos").hooks()
                    .beforeAsync(Methods.ALL, Auth.authenticate())
                    .before(ctx -> {
                        seenParams.set(ctx.params().copy());
                        seenUser.set(ctx.params().user());
                    });
        });
        App gatewayApp = cluster.node("gateway", app -> {
            app.configure(Authentication.builder(Cluster.SECRET).build());
            Cluster.users(app);
        });
        gateway = Cluster.gateway(gatewayApp);
        Cluster.awaitService(gatewayApp, "todos");
        Cluster.awaitService(serviceNode, "users");
        userId = Cluster.createUser(gatewayApp, "grace@example.com", "c0b0l!").get("id");
        http = new Http(gateway);
    }

    @AfterEach
    void close() {
        cluster.close();
    }

    private String token() {
        Http.Response login = http.post("/authentication",
                Map.of("strategy", "local", "email", "grace@example.com", "password", "c0b0l!"));
        assertThat(login.status()).isEqualTo(201);
        return (String) login.object().get("accessToken");
    }

    private static void assertNotAuthenticated(Http.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(401);
        assertThat(response.object()).containsEntry("name", "NotAuthenticated").containsEntry("code", 401);
    }

    @Test
    void aTokenIssuedByTheGatewayIsCheckedOnTheServiceNodeWhichSeesTheUser() {
        String token = token();

        Http.Response created = http.post("/todos", Map.of("text", "distributed"), "Authorization", "Bearer " + token);
        Http.Response found = http.get("/todos", "Authorization", "Bearer " + token);

        assertThat(created.status()).isEqualTo(201);
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.list()).extracting(t -> t.get("text")).containsExactly("distributed");
        assertThat(seenUser.get()).containsEntry("email", "grace@example.com").doesNotContainKey("password");
        assertThat(String.valueOf(seenUser.get().get("id"))).isEqualTo(String.valueOf(userId));
        assertThat(seenParams.get().provider()).isEqualTo(Params.MESH);
        assertThat(seenParams.get().authentication()).containsEntry("accessToken", token);
    }

    @Test
    void withoutATokenTheServiceNodesHookAnswers401() {
        assertNotAuthenticated(http.get("/todos"));
        assertNotAuthenticated(http.delete("/todos/0"));

        assertThat(seenUser.get()).isNull();
        assertThat(seenParams.get()).isNull();
    }

    @Test
    void aTokenSignedWithAnotherSecretIsRefusedByTheServiceNode() {
        String forged = Authentication.builder(Cluster.OTHER_SECRET).build().issue(userId);

        assertNotAuthenticated(http.get("/todos", "Authorization", "Bearer " + forged));
        assertNotAuthenticated(http.get("/todos", "Authorization", "Bearer abc"));
        assertThat(seenParams.get()).isNull();
    }

    @Test
    void aWebSocketConnectionAuthenticatedAtTheGatewayCallsTheServiceNodeAsItsUser() {
        try (Ws ws = Ws.connect(gateway)) {
            assertThat(map(ws.call(1, "todos", "find", Map.of()).get("error"))).containsEntry("code", 401);
            assertThat(ws.authenticate(2, "grace@example.com", "c0b0l!")).containsEntry("type", "result");

            Map<String, Object> reply = ws.call(3, "todos", "create", Map.of("data", Map.of("text", "over ws")));

            assertThat(reply).containsEntry("type", "result");
            assertThat(seenUser.get()).containsEntry("email", "grace@example.com");
        }
    }
}
