package dev.skein.gateway;

import dev.skein.core.App;
import dev.skein.core.memory.MemoryService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Static files next to the services: served from a folder, never from outside it. */
class StaticFilesTest {

    @TempDir
    Path dir;

    private Cluster cluster;
    private Gateway gateway;
    private Http http;

    @BeforeEach
    void start() throws IOException {
        Path site = Files.createDirectories(dir.resolve("site"));
        Files.writeString(site.resolve("index.html"), "<h1>Skein</h1>");
        Files.createDirectories(site.resolve("css"));
        Files.writeString(site.resolve("css/app.css"), "h1 { color: teal }");
        Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET");
        cluster = Cluster.local();
        App app = cluster.app("web");
        app.use("todos", new MemoryService());
        gateway = Cluster.gateway(app, Gateway.builder().staticFiles(site));
        http = new Http(gateway);
    }

    @AfterEach
    void close() {
        cluster.close();
    }

    @Test
    void indexHtmlIsServedAtTheRoot() {
        Http.Response response = http.get("/");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("text/html");
        assertThat(response.body()).isEqualTo("<h1>Skein</h1>");
    }

    @Test
    void aFileInASubfolderIsServedWithItsContentType() {
        Http.Response response = http.get("/css/app.css");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("text/css");
        assertThat(response.body()).contains("teal");
    }

    @Test
    void aMissingFileAnswers404Json() {
        Http.Response response = http.get("/missing.html");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.object()).containsEntry("name", "NotFound").containsEntry("code", 404);
    }

    @Test
    void servicesAreStillServedNextToTheFiles() {
        Http.Response response = http.get("/todos");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.list()).isEmpty();
    }

    @Test
    void pathTraversalOutOfTheFolderIsNotServed() throws IOException {
        List<String> attempts = List.of("/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/css/../../secret.txt",
                "/css/%2e%2e/%2e%2e/secret.txt", "/..%5csecret.txt", "//../secret.txt");

        for (String target : attempts) {
            String answer = Http.raw(gateway, target);
            assertThat(answer).as(target).doesNotStartWith("HTTP/1.1 200").doesNotContain("TOP-SECRET");
        }
        assertThat(http.get("/../secret.txt").body()).doesNotContain("TOP-SECRET");
    }

    @Test
    void aControlCharacterInThePathIsABadRequestWithAJsonBodyNotA500() throws IOException {
        String answer = Http.raw(gateway, "/index.html%00.png");

        assertThat(answer).startsWith("HTTP/1.1 400").contains("\"name\":\"BadRequest\"").contains("control character");
    }
}
