package dev.skein.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code skein gateway --auth-secret-file} as its own process, as the attack run found it: the
 * users service answers no anonymous caller (no listing, no password change, no sign-up unless
 * {@code --sign-up}), and the secret appears nowhere in the process's command line.
 */
@Timeout(90)
class GatewayCommandAuthTest {

    private static final String SECRET = "the-token-secret-of-the-gateway-command-test";
    private Process gateway;
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.destroy();
            if (!gateway.waitFor(15, TimeUnit.SECONDS)) gateway.destroyForcibly();
        }
    }

    /** A gateway with authentication on a mesh with a secret (next to the token secret), as it must run. */
    private String start(Path secretFile, String... extra) throws Exception {
        Path meshSecret = NodeSettingsConflictTest.ownerOnly(
                Files.writeString(secretFile.resolveSibling("mesh.secret"), "the-mesh-secret-of-the-gateway-command-test\n"));
        List<String> all = new ArrayList<>(List.of("--secret-file", meshSecret.toString()));
        all.addAll(List.of(extra));
        return startOpen(secretFile, all.toArray(String[]::new));
    }

    private String startOpen(Path secretFile, String... extra) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dskein.discovery.interface=lo", "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "gateway", "--port", String.valueOf(port), "--namespace", "cli-auth-" + UUID.randomUUID(),
                "--transport", "tcp://127.0.0.1?multicast=false", "--auth-secret-file", secretFile.toString()));
        command.addAll(List.of(extra));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove(Secrets.AUTH_SECRET_VARIABLE);
        builder.environment().remove(dev.skein.mesh.MeshCredentials.ENVIRONMENT_VARIABLE);
        gateway = builder.start();
        CompletableFuture<String> listening = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(gateway.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) if (line.startsWith("gateway listening on")) listening.complete(line);
                listening.completeExceptionally(new AssertionError("the gateway exited before it listened"));
            } catch (java.io.IOException e) {
                listening.completeExceptionally(e);
            }
        });
        reader.setDaemon(true);
        reader.start();
        listening.get(60, TimeUnit.SECONDS);
        return "http://127.0.0.1:" + port;
    }

    @Test
    void onAnOpenMeshTheGatewayWithAuthenticationRefusesToStartSayingWhy(@TempDir Path dir) throws Exception {
        Path secret = NodeSettingsConflictTest.ownerOnly(Files.writeString(dir.resolve("jwt.secret"), SECRET + "\n"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dskein.discovery.interface=lo", "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "gateway", "--port", "0", "--namespace", "cli-auth-" + UUID.randomUUID(),
                "--transport", "tcp://127.0.0.1?multicast=false", "--auth-secret-file", secret.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove(Secrets.AUTH_SECRET_VARIABLE);
        builder.environment().remove(dev.skein.mesh.MeshCredentials.ENVIRONMENT_VARIABLE);
        gateway = builder.start();
        String output = new String(gateway.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(gateway.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(gateway.exitValue()).as(output).isEqualTo(2);
        assertThat(output).contains("open mesh").contains("--secret-file").contains("--allow-open-mesh").doesNotContain("listening")
                .doesNotContain("\tat ");
    }

    private HttpResponse<String> send(String method, String url, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json");
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theUsersServiceOfTheGatewayCommandIsClosedToAnonymousCallersAndTheSecretIsNotOnItsCommandLine(@TempDir Path dir) throws Exception {
        Path secret = NodeSettingsConflictTest.ownerOnly(Files.writeString(dir.resolve("jwt.secret"), SECRET + "\n"));
        String url = start(secret);

        assertThat(send("GET", url + "/users", null).statusCode()).isEqualTo(401);
        assertThat(send("POST", url + "/users", "{\"email\":\"eve@example.com\",\"password\":\"x\"}").statusCode()).isEqualTo(401);
        assertThat(send("PATCH", url + "/users/0", "{\"password\":\"owned\"}").statusCode()).isEqualTo(401);
        assertThat(send("DELETE", url + "/users/0", null).statusCode()).isEqualTo(401);
        assertThat(gateway.info().arguments().map(List::of).orElse(List.of())).noneMatch(a -> a.contains(SECRET));
    }

    @Test
    void withSignUpAnyoneCreatesAUserAndLogsInButStillListsNobody(@TempDir Path dir) throws Exception {
        Path secret = NodeSettingsConflictTest.ownerOnly(Files.writeString(dir.resolve("jwt.secret"), SECRET + "\n"));
        String url = start(secret, "--sign-up");

        HttpResponse<String> signedUp = send("POST", url + "/users", "{\"email\":\"eve@example.com\",\"password\":\"eve-pass\"}");
        assertThat(signedUp.statusCode()).isEqualTo(201);
        assertThat(signedUp.body()).doesNotContain("password");
        HttpResponse<String> login = send("POST", url + "/authentication",
                "{\"strategy\":\"local\",\"email\":\"eve@example.com\",\"password\":\"eve-pass\"}");
        assertThat(login.statusCode()).isEqualTo(201);
        assertThat(send("GET", url + "/users", null).statusCode()).isEqualTo(401);
    }

    @Test
    void theLoginLimitIsAFlagAndASignUpCannotChooseItsId(@TempDir Path dir) throws Exception {
        Path secret = NodeSettingsConflictTest.ownerOnly(Files.writeString(dir.resolve("jwt.secret"), SECRET + "\n"));
        String url = start(secret, "--sign-up", "--login-attempts-per-account", "2");

        assertThat(send("POST", url + "/users", "{\"id\":7,\"email\":\"eve@example.com\",\"password\":\"eve-pass\"}").statusCode())
                .isEqualTo(400);
        String guess = "{\"strategy\":\"local\",\"email\":\"ada@example.com\",\"password\":\"guess\"}";
        assertThat(send("POST", url + "/authentication", guess).statusCode()).isEqualTo(401);
        assertThat(send("POST", url + "/authentication", guess).statusCode()).isEqualTo(401);
        HttpResponse<String> refused = send("POST", url + "/authentication", guess);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    }
}
