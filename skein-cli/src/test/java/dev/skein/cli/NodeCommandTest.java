package dev.skein.cli;

import dev.skein.core.App;
import dev.skein.gateway.Gateway;
import dev.skein.mesh.Mesh;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code skein node} in a process of its own, behind a gateway: what its memory services let callers do. */
@Timeout(90)
class NodeCommandTest {

    private final String namespace = "cli-node-" + UUID.randomUUID();
    private final List<Process> nodes = new ArrayList<>();
    private App gatewayApp;
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() throws Exception {
        if (gatewayApp != null) gatewayApp.close();
        for (Process p : nodes) {
            p.destroy();
            if (!p.waitFor(15, TimeUnit.SECONDS)) p.destroyForcibly();
        }
    }

    private void startNode(String... extra) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dskein.discovery.interface=lo", "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "node", "--namespace", namespace, "--transport", "tcp://?beacon=200"));
        command.addAll(List.of(extra));
        Process node = new ProcessBuilder(command).redirectErrorStream(true).start();
        nodes.add(node);
        CompletableFuture<String> serving = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) if (line.startsWith("node ")) serving.complete(line);
                serving.completeExceptionally(new AssertionError("the node exited before it served"));
            } catch (java.io.IOException e) {
                serving.completeExceptionally(e);
            }
        });
        reader.setDaemon(true);
        reader.start();
        serving.get(60, TimeUnit.SECONDS);
    }

    private String gateway() {
        gatewayApp = App.builder().name("gateway").build();
        gatewayApp.configure(Mesh.builder().namespace(namespace).transport("tcp://?beacon=200").build());
        Gateway gateway = Gateway.builder().host("127.0.0.1").port(0).build();
        gatewayApp.configure(gateway);
        gateway.started().join();
        await().atMost(Duration.ofSeconds(20)).until(() -> gatewayApp.plugin(Mesh.class).orElseThrow().services().stream()
                .anyMatch(s -> s.path().equals("todos")));
        return gateway.url();
    }

    private HttpResponse<String> send(String method, String url, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json");
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void removeAndPatchWithoutAnIdAreRefusedUnlessTheNodeWasStartedWithMulti() throws Exception {
        startNode("-s", "todos");
        String url = gateway();
        assertThat(send("POST", url + "/todos", "{\"text\":\"keep me\"}").statusCode()).isEqualTo(201);

        HttpResponse<String> wipe = send("DELETE", url + "/todos", null);
        assertThat(wipe.statusCode()).as(wipe.body()).isEqualTo(405);
        assertThat(wipe.body()).contains("MethodNotAllowed");
        assertThat(send("PATCH", url + "/todos", "{\"text\":\"all the same\"}").statusCode()).isEqualTo(405);
        assertThat(send("GET", url + "/todos", null).body()).contains("keep me");
    }

    @Test
    void withMultiTheyReachEveryRecord() throws Exception {
        startNode("-s", "todos", "--multi");
        String url = gateway();
        send("POST", url + "/todos", "{\"text\":\"one\"}");
        send("POST", url + "/todos", "{\"text\":\"two\"}");

        HttpResponse<String> wipe = send("DELETE", url + "/todos", null);
        assertThat(wipe.statusCode()).as(wipe.body()).isEqualTo(200);
        assertThat(send("GET", url + "/todos", null).body()).isEqualTo("[]");
    }
}
