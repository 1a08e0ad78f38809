package dev.skein.gateway;

import dev.skein.core.App;
import dev.skein.core.Methods;
import dev.skein.core.Params;
import dev.skein.core.errors.NotAuthenticated;
import dev.skein.core.memory.MemoryService;
import dev.skein.gateway.auth.Auth;
import dev.skein.gateway.auth.Authentication;
import dev.skein.gateway.auth.Users;
import dev.skein.mesh.Mesh;
import dev.skein.mesh.MeshCredentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * feathers-distributed's distributed application, verified: with {@code verifyUsers(true)} a node
 * that holds the mesh's credentials still cannot invent a user, because the serving node drops the
 * user map a call brings and makes its user only from the token that travels with it.
 */
@Timeout(60)
class VerifiedUsersTest {

    private static final MeshCredentials MESH = MeshCredentials.secret("the-mesh-secret-of-the-verified-users-test");
    private final Cluster cluster = Cluster.local();
    private final AtomicReference<Map<String, Object>> seenByGuarded = new AtomicReference<>();
    private final AtomicReference<Params> seenByOpen = new AtomicReference<>();
    private App rogue;
    private String bobToken;
    private Object ada;

    /** A users node, a service node whose todos authenticate and whose notes do not, and a trusted node that forges users. */
    private void start(boolean verifyUsers) {
        App usersNode = cluster.node("users", app -> {
            app.configure(Authentication.builder(Cluster.SECRET).build());
            app.configure(Users.memory());
        }, mesh -> mesh.credentials(MESH).verifyUsers(verifyUsers));
        cluster.node("service", app -> {
            app.configure(Authentication.builder(Cluster.SECRET).build());
            app.use("todos", new MemoryService());
            app.service("todos").hooks().beforeAsync(Methods.ALL, Auth.authenticate()).before(ctx -> seenByGuarded.set(ctx.params().user()));
            app.use("notes", new MemoryService());
            app.service("notes").hooks().before(ctx -> seenByOpen.set(ctx.params().copy()));
        }, mesh -> mesh.credentials(MESH).verifyUsers(verifyUsers));
        rogue = cluster.node("rogue", app -> { }, mesh -> mesh.credentials(MESH));
        ada = Cluster.createUser(usersNode, "ada@example.com", "ada-pass").get("id");
        Map<String, Object> bob = Cluster.createUser(usersNode, "bob@example.com", "bob-pass");
        bobToken = usersNode.plugin(Authentication.class).orElseThrow().issue(bob);
        Cluster.awaitService(rogue, "todos");
        Cluster.awaitService(rogue, "notes");
        Cluster.awaitService(rogue, "users");
    }

    @AfterEach
    void close() {
        cluster.close();
    }

    private Params forged(String token) {
        Params params = new Params().user(Map.of("id", ada, "email", "ada@example.com", "role", "admin"));
        if (token != null) params.authentication(Map.of("strategy", "jwt", "accessToken", token));
        return params;
    }

    @Test
    void aTrustedNodeCannotInventAUserWhenUsersAreVerified() {
        start(true);

        assertThat(Cluster.failure(rogue.service("todos").find(forged(null)))).isInstanceOf(NotAuthenticated.class);
        Cluster.join(rogue.service("todos").find(forged(bobToken)));
        assertThat(seenByGuarded.get()).containsEntry("email", "bob@example.com").doesNotContainKey("role");

        Cluster.join(rogue.service("notes").find(forged(null)));
        assertThat(seenByOpen.get().user()).isNull();
        assertThat(seenByOpen.get().<Boolean>get(Mesh.USER_FROM_TOKEN_ONLY)).isTrue();
        assertThat(seenByOpen.get().<Boolean>get(Mesh.CALLER_VERIFIED)).isTrue();

        assertThat(Cluster.failure(rogue.service("users").find(new Params()))).isInstanceOf(NotAuthenticated.class);
    }

    @Test
    void withoutVerificationTheServingNodeTrustsTheUserAnAuthenticatedNodeSends() {
        start(false);

        Cluster.join(rogue.service("notes").find(forged(null)));
        assertThat(seenByOpen.get().user()).containsEntry("role", "admin");
        assertThat(seenByOpen.get().<Boolean>get(Mesh.CALLER_VERIFIED)).isTrue();
        // the users service takes no node's word for a caller, credentials or not
        assertThat(Cluster.failure(rogue.service("users").find(new Params()))).isInstanceOf(NotAuthenticated.class);
    }
}
