package dev.skein.gateway;

import dev.skein.core.App;
import dev.skein.core.Params;
import dev.skein.core.errors.NotAuthenticated;
import dev.skein.core.errors.SkeinError;
import dev.skein.gateway.auth.Authentication;
import dev.skein.gateway.auth.Users;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.skein.gateway.Cluster.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The users service behind a gateway is closed by default: no anonymous reads or writes, a user
 * reads and changes only their own record, only an administrator changes roles or others' records,
 * sign-up only when the owner turns it on, and passwords never leave the service, whether the
 * caller is a REST client or another node of the mesh.
 */
@Timeout(60)
class UsersServiceTest {

    private final Cluster cluster = Cluster.local();
    private Http http;
    private App gatewayApp;
    private String ada;
    private String bob;
    private String root;

    private void start(boolean signUp) {
        gatewayApp = cluster.node("gateway", app -> {
            app.configure(Authentication.builder(Cluster.SECRET).build());
            app.configure(Users.builder().signUp(signUp).build());
        });
        http = new Http(Cluster.gateway(gatewayApp));
        ada = String.valueOf(Cluster.createUser(gatewayApp, "ada@example.com", "ada-pass").get("id"));
        bob = String.valueOf(Cluster.createUser(gatewayApp, "bob@example.com", "bob-pass").get("id"));
        root = String.valueOf(map(Cluster.join(gatewayApp.service("users")
                .create(Map.of("email", "root@example.com", "password", "root-pass", "role", "admin")))).get("id"));
    }

    @AfterEach
    void close() {
        cluster.close();
    }

    private String token(String email, String password) {
        Http.Response login = http.post("/authentication", Map.of("strategy", "local", "email", email, "password", password));
        assertThat(login.status()).as(login.toString()).isEqualTo(201);
        return (String) login.object().get("accessToken");
    }

    private static String[] bearer(String token) {
        return new String[] {"Authorization", "Bearer " + token};
    }

    private static void assertStatus(Http.Response response, int status, String name) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.object()).containsEntry("name", name);
    }

    @Test
    void anAnonymousCallerCanNeitherReadNorChangeNorCreateUsers() {
        start(false);

        assertStatus(http.get("/users"), 401, "NotAuthenticated");
        assertStatus(http.get("/users/" + ada), 401, "NotAuthenticated");
        assertStatus(http.patch("/users/" + ada, Map.of("password", "owned")), 401, "NotAuthenticated");
        assertStatus(http.put("/users/" + ada, Map.of("email", "ada@example.com", "password", "owned")), 401, "NotAuthenticated");
        assertStatus(http.delete("/users/" + ada), 401, "NotAuthenticated");
        assertStatus(http.post("/users", Map.of("email", "eve@example.com", "password", "x")), 401, "NotAuthenticated");

        Http.Response takeover = http.post("/authentication", Map.of("strategy", "local", "email", "ada@example.com", "password", "owned"));
        assertThat(takeover.status()).isEqualTo(401);
        assertThat(token("ada@example.com", "ada-pass")).isNotBlank();
    }

    @Test
    void aUserReadsAndChangesOnlyTheirOwnRecord() {
        start(false);
        String[] asBob = bearer(token("bob@example.com", "bob-pass"));

        Http.Response found = http.get("/users", asBob);
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.list()).extracting(u -> u.get("email")).containsExactly("bob@example.com");
        assertStatus(http.get("/users/" + ada, asBob), 403, "Forbidden");
        assertStatus(http.patch("/users/" + ada, Map.of("password", "owned"), asBob), 403, "Forbidden");
        assertStatus(http.put("/users/" + ada, Map.of("email", "ada@example.com", "password", "owned"), asBob), 403, "Forbidden");
        assertStatus(http.delete("/users/" + ada, asBob), 403, "Forbidden");
        assertStatus(http.post("/users", Map.of("email", "eve@example.com", "password", "x"), asBob), 403, "Forbidden");

        Http.Response own = http.get("/users/" + bob, asBob);
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.object()).containsEntry("email", "bob@example.com").doesNotContainKey("password");
        Http.Response changed = http.patch("/users/" + bob, Map.of("password", "new-bob-pass"), asBob);
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.object()).doesNotContainKey("password");
        assertThat(token("bob@example.com", "new-bob-pass")).isNotBlank();
        assertThat(token("ada@example.com", "ada-pass")).isNotBlank();
    }

    @Test
    void aUserCannotMakeThemselvesAnAdministratorButAnAdministratorChangesAnyRecord() {
        start(false);
        String[] asBob = bearer(token("bob@example.com", "bob-pass"));
        String[] asRoot = bearer(token("root@example.com", "root-pass"));

        assertStatus(http.patch("/users/" + bob, Map.of("role", "admin"), asBob), 403, "Forbidden");
        assertStatus(http.put("/users/" + bob, Map.of("email", "bob@example.com", "password", "p", "role", "admin"), asBob),
                403, "Forbidden");

        Http.Response all = http.get("/users", asRoot);
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.list()).hasSize(3).allSatisfy(u -> assertThat(u).doesNotContainKey("password"));
        assertThat(http.patch("/users/" + bob, Map.of("role", "admin"), asRoot).status()).isEqualTo(200);
        assertThat(http.get("/users", asBob).list()).hasSize(3);
    }

    @Test
    void signUpIsAnOptionAndCannotChooseARole() {
        start(true);

        Http.Response signedUp = http.post("/users", Map.of("email", "eve@example.com", "password", "eve-pass"));
        assertThat(signedUp.status()).as(signedUp.toString()).isEqualTo(201);
        assertThat(signedUp.object()).containsEntry("email", "eve@example.com").doesNotContainKey("password");
        assertThat(token("eve@example.com", "eve-pass")).isNotBlank();
        assertStatus(http.post("/users", Map.of("email", "mallory@example.com", "password", "x", "role", "admin")), 403, "Forbidden");
        assertStatus(http.post("/users", Map.of("email", "ada@example.com", "password", "mine-now")), 409, "Conflict");
        assertThat(token("ada@example.com", "ada-pass")).isNotBlank();
        assertStatus(http.get("/users"), 401, "NotAuthenticated");
    }

    @Test
    void overTheMeshTheSameRulesHoldAndAUserMapSentAlongRaisesNoRights() {
        start(false);
        App other = cluster.node("other", app -> { });
        Cluster.awaitService(other, "users");
        String bobToken = token("bob@example.com", "bob-pass");

        assertThat(Cluster.failure(other.service("users").find(new Params()))).isInstanceOf(NotAuthenticated.class);
        Params forged = new Params().user(Map.of("id", root, "role", "admin"));
        assertThat(Cluster.failure(other.service("users").find(forged))).isInstanceOf(NotAuthenticated.class);
        assertThat(Cluster.failure(other.service("users").patch(ada, Map.of("password", "owned"), new Params()))).isInstanceOf(NotAuthenticated.class);

        Params bobAsAdmin = new Params().user(Map.of("id", bob, "role", "admin"))
                .authentication(Map.of("strategy", "jwt", "accessToken", bobToken));
        Object found = Cluster.join(other.service("users").find(bobAsAdmin));
        assertThat((List<?>) found).hasSize(1).allSatisfy(u -> assertThat(map(u)).containsEntry("email", "bob@example.com")
                .doesNotContainKey("password"));
        Params bobToken2 = new Params().authentication(Map.of("strategy", "jwt", "accessToken", bobToken));
        assertThat(SkeinError.from(Cluster.failure(other.service("users").remove(ada, bobToken2))).code()).isEqualTo(403);
    }

    @Test
    void anInternalCallOfTheGatewaySeesStoredHashesButNeitherAnotherNodeNorAnEventDoes() {
        start(false);
        App other = cluster.node("other", app -> { });
        Cluster.awaitService(other, "users");
        Map<String, Object> stored = map(Cluster.join(gatewayApp.service("users").get(ada)));
        assertThat(String.valueOf(stored.get("password"))).startsWith("$2").doesNotContain("ada-pass");

        Map<String, Object> dispatched = new LinkedHashMap<>();
        Map<String, Object> remote = new LinkedHashMap<>();
        gatewayApp.service("users").on("patched", e -> dispatched.putAll(map(e.safeData())));
        other.service("users").on("patched", e -> remote.putAll(map(e.data())));
        Cluster.join(gatewayApp.service("users").patch(ada, Map.of("email", "ada@example.org")));

        org.awaitility.Awaitility.await().until(() -> !dispatched.isEmpty() && !remote.isEmpty());
        assertThat(dispatched).containsEntry("email", "ada@example.org").doesNotContainKey("password");
        assertThat(remote).containsEntry("email", "ada@example.org").doesNotContainKey("password");
    }
}
