package dev.skein.gateway;

import com.nimbusds.jwt.SignedJWT;
import dev.skein.core.App;
import dev.skein.core.Methods;
import dev.skein.core.Params;
import dev.skein.core.memory.MemoryService;
import dev.skein.gateway.auth.Auth;
import dev.skein.gateway.auth.Authentication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static dev.skein.gateway.Cluster.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The API gateway scenario: the gateway node authenticates every call of a remote service through
 * a proxy hook; the service node knows nothing of authentication, and receives the user.
 */
class ApiGatewayAuthenticationTest {

    private Cluster cluster;
    private Gateway gateway;
    private Http http;
    private Object userId;
    /** The params of the last call of todos on the service node. */
    private final AtomicReference<Params> onServiceNode = new AtomicReference<>();

    @BeforeEach
    void start() {
        cluster = Cluster.local();
        cluster.node("service", app -> {
            app.use("todos", new MemoryService());
            app.service("todos").hooks().before(ctx -> onServiceNode.set(ctx.params().copy()));
        });
        App gatewayApp = cluster.node("gateway", app -> {
            app.configure(Authentication.builder(Cluster.SECRET).build());
            Cluster.users(app);
        }, mesh -> mesh.proxyHooks(h -> h.beforeAsync(Methods.ALL, Auth.authenticate())));
        gateway = Cluster.gateway(gatewayApp);
        Cluster.awaitService(gatewayApp, "todos");
        userId = Cluster.createUser(gatewayApp, "ada@example.com", "s3cret!").get("id");
        http = new Http(gateway);
    }

    @AfterEach
    void close() {
        cluster.close();
    }

    private Http.Response login(String email, String password) {
        return http.post("/authentication", Map.of("strategy", "local", "email", email, "password", password));
    }

    private String token() {
        return (String) login("ada@example.com", "s3cret!").object().get("accessToken");
    }

    private static String[] bearer(String token) {
        return new String[] {"Authorization", "Bearer " + token};
    }

    private static void assertNotAuthenticated(Http.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(401);
        assertThat(response.object()).containsEntry("name", "NotAuthenticated").containsEntry("code", 401)
                .containsEntry("className", "not-authenticated").containsKey("message");
    }

    @Test
    void aLocalLoginAnswers201WithATokenAndTheUserWithoutItsPassword() {
        Http.Response response = login("ada@example.com", "s3cret!");

        assertThat(response.status()).isEqualTo(201);
        Map<String, Object> body = response.object();
        assertThat((String) body.get("accessToken")).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
        assertThat(map(body.get("authentication"))).containsEntry("strategy", "local");
        assertThat(map(body.get("user"))).containsEntry("email", "ada@example.com").containsEntry("id", ((Number) userId).intValue())
                .doesNotContainKey("password");
    }

    @Test
    void aCallWithoutATokenAnswers401AndNeverReachesTheServiceNode() {
        assertNotAuthenticated(http.get("/todos"));
        assertNotAuthenticated(http.post("/todos", Map.of("text", "sneaky")));

        assertThat(onServiceNode.get()).isNull();
    }

    @Test
    void aCallWithTheBearerTokenSucceedsAndTheServiceNodeReceivesTheUser() {
        String token = token();

        Http.Response created = http.post("/todos", Map.of("text", "mine"), bearer(token));
        Http.Response found = http.get("/todos", bearer(token));

        assertThat(created.status()).isEqualTo(201);
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.list()).extracting(t -> t.get("text")).containsExactly("mine");
        Params received = onServiceNode.get();
        assertThat(received.user()).containsEntry("email", "ada@example.com").doesNotContainKey("password");
        assertThat(received.authentication()).containsEntry("strategy", "jwt").containsEntry("accessToken", token);
    }

    @Test
    void aJwtLoginWithAValidTokenAnswersTheUser() {
        String token = token();

        Http.Response response = http.post("/authentication", Map.of("strategy", "jwt", "accessToken", token));

        assertThat(response.status()).isEqualTo(201);
        assertThat(map(response.object().get("user"))).containsEntry("email", "ada@example.com").doesNotContainKey("password");
    }

    @Test
    void anExpiredTokenAnswers401() throws Exception {
        String expired = Authentication.builder(Cluster.SECRET).expiresIn(Duration.ofMillis(1)).build().issue(userId);
        Instant expiry = SignedJWT.parse(expired).getJWTClaimsSet().getExpirationTime().toInstant();
        await().atMost(Duration.ofSeconds(3)).until(() -> Instant.now().isAfter(expiry));

        Http.Response response = http.get("/todos", bearer(expired));

        assertNotAuthenticated(response);
        assertThat((String) response.object().get("message")).containsIgnoringCase("expired");
    }

    @Test
    void aTokenSignedWithAnotherSecretAnswers401() {
        String forged = Authentication.builder(Cluster.OTHER_SECRET).build().issue(userId);

        assertNotAuthenticated(http.get("/todos", bearer(forged)));
        assertThat(onServiceNode.get()).isNull();
    }

    @Test
    void malformedOrForeignTokensAnswer401NeverA500() {
        List<String> tokens = List.of(
                "abc",
                "a.b.c",
                "eyJhbGciOiJub25lIn0.eyJzdWIiOiIwIiwiaXNzIjoic2tlaW4ifQ.",
                Authentication.builder(Cluster.SECRET).issuer("another-mesh").build().issue(userId),
                Authentication.builder(Cluster.SECRET).build().issue("no-such-user"));

        for (String token : tokens) assertNotAuthenticated(http.get("/todos", bearer(token)));
        assertNotAuthenticated(http.get("/todos", "Authorization", "Basic YWRhOnMzY3JldCE="));
        assertThat(onServiceNode.get()).isNull();
    }

    @Test
    void aWrongPasswordOrAnUnknownEmailAnswers401() {
        assertNotAuthenticated(login("ada@example.com", "wrong"));
        assertNotAuthenticated(login("nobody@example.com", "s3cret!"));
    }

    @Test
    void incompleteCredentialsOrAnUnknownStrategyAnswer400() {
        Http.Response noPassword = http.post("/authentication", Map.of("strategy", "local", "email", "ada@example.com"));
        Http.Response unknown = http.post("/authentication", Map.of("strategy", "magic"));

        assertThat(noPassword.status()).isEqualTo(400);
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.object()).containsEntry("name", "BadRequest");
    }

    @Test
    void aWebSocketConnectionCallsOnlyOnceAuthenticated() {
        try (Ws ws = Ws.connect(gateway)) {
            Map<String, Object> before = ws.call(1, "todos", "find", Map.of());
            assertThat(before).containsEntry("type", "error");
            assertThat(map(before.get("error"))).containsEntry("name", "NotAuthenticated").containsEntry("code", 401);

            assertThat(ws.authenticate(2, "ada@example.com", "s3cret!")).containsEntry("type", "result");
            Map<String, Object> after = ws.call(3, "todos", "create", Map.of("data", Map.of("text", "over ws")));

            assertThat(after).containsEntry("type", "result");
            assertThat(onServiceNode.get().user()).containsEntry("email", "ada@example.com");
            assertThat(onServiceNode.get().provider()).isEqualTo(Params.MESH);
        }
    }
}
