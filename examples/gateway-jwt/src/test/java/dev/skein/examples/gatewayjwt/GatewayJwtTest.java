package dev.skein.examples.gatewayjwt;

import dev.skein.client.SkeinClient;
import dev.skein.core.App;
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
import static org.awaitility.Awaitility.await;

/** The example's three nodes over tcp on loopback, a client through the gateway, and raw REST with and without the JWT. */
class GatewayJwtTest {

    private final String namespace = "gateway-jwt-" + UUID.randomUUID();
    private final List<App> apps = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private Path secretFile;
    private String url;

    @BeforeEach
    void start() throws Exception {
        secretFile = Files.createTempFile("jwt", ".secret");
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        Files.writeString(secretFile, Base64.getEncoder().encodeToString(secret));

        dev.skein.mesh.MeshCredentials meshSecret = dev.skein.mesh.MeshCredentials.secret("the-mesh-secret-of-the-gateway-jwt-example");
        App gateway = GatewayNode.start("tcp://127.0.0.1:0?multicast=false", namespace, GatewayNode.readSecret(secretFile), meshSecret, 0);
        apps.add(gateway);
        Mesh mesh = gateway.plugin(Mesh.class).orElseThrow();
        mesh.ready().join();
        String seed = mesh.nodes().get(0).address().replace("tcp://", "");
        apps.add(ServiceNode.start("todos", "tcp://127.0.0.1:0?multicast=false&seeds=" + seed, namespace, meshSecret));
        apps.add(ServiceNode.start("messages", "tcp://127.0.0.1:0?multicast=false&seeds=" + seed, namespace, meshSecret));
        url = gateway.plugin(Gateway.class).orElseThrow().url();
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.lookup("todos").isPresent() && gateway.lookup("messages").isPresent());
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = apps.size() - 1; i >= 0; i--) apps.get(i).close();
        Files.deleteIfExists(secretFile);
    }

    @Test
    @Timeout(30)
    void aClientIsRefusedAnonymouslyThenLogsInAndCallsBothServicesWhichSeeItsUser() {
        try (SkeinClient client = SkeinClient.connect(url)) {
            List<Object> answers = Client.run(client, "ada@example.com", "correct horse battery staple");

            assertThat(answers).hasSize(2).allSatisfy(answer -> assertThat(((Map<?, ?>) answer).get("createdBy")).isEqualTo("ada@example.com"));
            assertThat(((Map<?, ?>) answers.get(0)).get("text")).isEqualTo("write the docs");
        }
    }

    @Test
    @Timeout(30)
    void overRestAnAnonymousCallAnswers401AndTheBearerTokenOfALoginAnswers200() throws Exception {
        assertThat(send(HttpRequest.newBuilder(URI.create(url + "/messages")).GET()).statusCode()).isEqualTo(401);
        send(post("/users", "{\"email\":\"bob@example.com\",\"password\":\"another long password\"}"));

        String login = send(post("/authentication", "{\"strategy\":\"local\",\"email\":\"bob@example.com\",\"password\":\"another long password\"}")).body();
        String token = login.replaceAll(".*\"accessToken\":\"([^\"]+)\".*", "$1");

        HttpResponse<String> found = send(HttpRequest.newBuilder(URI.create(url + "/messages")).header("Authorization", "Bearer " + token).GET());
        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(found.body()).isEqualTo("[]");
    }

    private HttpRequest.Builder post(String path, String json) {
        return HttpRequest.newBuilder(URI.create(url + path)).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
