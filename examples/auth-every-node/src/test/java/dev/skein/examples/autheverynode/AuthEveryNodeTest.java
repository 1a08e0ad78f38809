package dev.skein.examples.autheverynode;

import dev.skein.core.App;
import dev.skein.core.Params;
import dev.skein.core.errors.NotAuthenticated;
import dev.skein.core.errors.SkeinError;
import dev.skein.gateway.Gateway;
import dev.skein.mesh.Mesh;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/** Two secured nodes over tcp on loopback, each checking tokens itself; a third that holds the mesh secret and forges a user. */
class AuthEveryNodeTest {

    private final String namespace = "auth-every-node-" + UUID.randomUUID();
    private final List<App> apps = new ArrayList<>();
    private final List<Path> files = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private SecuredNode.Secrets secrets;
    private String meshSeeds;
    private String notesUrl;
    private String todosUrl;

    @BeforeEach
    void start() throws Exception {
        secrets = SecuredNode.Secrets.fromFiles(randomSecretFile(), randomSecretFile());
        App notes = SecuredNode.start("notes", true, "tcp://127.0.0.1:0?multicast=false", namespace, secrets, 0);
        apps.add(notes);
        String notesAddress = meshAddress(notes);
        App todos = SecuredNode.start("todos", false, "tcp://127.0.0.1:0?multicast=false&seeds=" + notesAddress, namespace, secrets, 0);
        apps.add(todos);
        meshSeeds = notesAddress + "," + meshAddress(todos);
        notesUrl = notes.plugin(Gateway.class).orElseThrow().url();
        todosUrl = todos.plugin(Gateway.class).orElseThrow().url();
        await().atMost(Duration.ofSeconds(10)).until(() -> notes.lookup("todos").isPresent() && todos.lookup("notes").isPresent()
                && todos.lookup("users").isPresent());
    }

    /** host:port of a node's mesh, once its transport is up. */
    private static String meshAddress(App app) {
        Mesh mesh = app.plugin(Mesh.class).orElseThrow();
        mesh.ready().join();
        return mesh.nodes().get(0).address().replace("tcp://", "");
    }

    private Path randomSecretFile() throws Exception {
        Path file = Files.createTempFile("example", ".secret");
        files.add(file);
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        Files.writeString(file, Base64.getEncoder().encodeToString(secret));
        return file;
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = apps.size() - 1; i >= 0; i--) apps.get(i).close();
        for (Path file : files) Files.deleteIfExists(file);
    }

    @Test
    @Timeout(30)
    void aUserLogsInWhereTheUsersLiveAndItsTokenOpensEveryServiceThroughEitherGateway() throws Exception {
        assertThat(send(post(notesUrl + "/users", "{\"email\":\"ada@example.com\",\"password\":\"a long password\"}")).statusCode()).isEqualTo(201);
        String local = "{\"strategy\":\"local\",\"email\":\"ada@example.com\",\"password\":\"a long password\"}";
        HttpResponse<String> login = send(post(notesUrl + "/authentication", local));
        assertThat(login.statusCode()).isEqualTo(201);
        String token = login.body().replaceAll(".*\"accessToken\":\"([^\"]+)\".*", "$1");

        HttpResponse<String> again = send(post(todosUrl + "/authentication", "{\"strategy\":\"jwt\",\"accessToken\":\"" + token + "\"}"));
        assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
        HttpResponse<String> created = send(post(notesUrl + "/todos", "{\"text\":\"checked on the todos node\"}").header("Authorization", "Bearer " + token));
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.body()).contains("\"owner\":\"ada@example.com\"");
        HttpResponse<String> notes = send(HttpRequest.newBuilder(URI.create(todosUrl + "/notes")).header("Authorization", "Bearer " + token));
        assertThat(notes.statusCode()).isEqualTo(200);
    }

    @Test
    @Timeout(30)
    void anAnonymousCallIsRefusedByTheNodeThatServesItThoughTheGatewayThatForwardsItChecksNothing() throws Exception {
        assertThat(send(HttpRequest.newBuilder(URI.create(notesUrl + "/todos"))).statusCode()).isEqualTo(401);
        assertThat(send(HttpRequest.newBuilder(URI.create(todosUrl + "/notes"))).statusCode()).isEqualTo(401);
    }

    @Test
    @Timeout(30)
    void aNodeThatHoldsTheMeshSecretCannotInventAUser() {
        App rogue = App.builder().name("rogue").build();
        apps.add(rogue);
        rogue.configure(Mesh.builder().transport("tcp://127.0.0.1:0?multicast=false&seeds=" + meshSeeds).namespace(namespace)
                .credentials(secrets.mesh()).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> rogue.lookup("todos").isPresent());

        Params forged = new Params().user(Map.of("id", 0, "email", "ada@example.com", "role", "admin"));
        Throwable refused = catchThrowable(() -> rogue.service("todos").find(forged).join());

        assertThat(SkeinError.unwrap(refused)).isInstanceOf(NotAuthenticated.class);
    }

    private static HttpRequest.Builder post(String url, String json) {
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
