package dev.skein.gateway;

import dev.skein.core.App;
import dev.skein.core.memory.MemoryService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Cross-origin calls from browsers: none by default, the listed origins with CORS, preflights answered. */
@Timeout(30)
class CorsTest {

    private static final String APP = "https://app.example.com";
    private Cluster cluster;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() {
        cluster = Cluster.local();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder preflight(String url, String origin, String method, String headers) {
        return HttpRequest.newBuilder(URI.create(url)).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin).header("Access-Control-Request-Method", method).header("Access-Control-Request-Headers", headers);
    }

    @Test
    void aListedOriginGetsItsPreflightAnsweredAndTheHeadersOnEveryAnswer() throws Exception {
        App edge = cluster.node("edge", app -> app.use("todos", new MemoryService()));
        Gateway gateway = Cluster.gateway(edge, Gateway.builder().cors(Cors.allow(APP)));

        HttpResponse<String> pre = send(preflight(gateway.url() + "/todos", APP, "POST", "content-type,authorization"));
        assertThat(pre.statusCode()).isEqualTo(200);
        assertThat(pre.headers().firstValue("access-control-allow-origin")).hasValue(APP);
        assertThat(pre.headers().firstValue("access-control-allow-methods").orElse("")).contains("POST").contains("PATCH");
        assertThat(pre.headers().firstValue("access-control-allow-headers").orElse("").toLowerCase()).contains("authorization").contains("content-type");
        assertThat(pre.headers().firstValue("access-control-max-age")).hasValue("600");

        HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(gateway.url() + "/todos")).header("Origin", APP)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"from elsewhere\"}")));
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("access-control-allow-origin")).hasValue(APP);
        HttpResponse<String> failed = send(HttpRequest.newBuilder(URI.create(gateway.url() + "/todos/404")).header("Origin", APP).GET());
        assertThat(failed.statusCode()).isEqualTo(404);
        assertThat(failed.headers().firstValue("access-control-allow-origin")).as("errors too, or the page cannot read them").hasValue(APP);
    }

    @Test
    void anotherOriginGetsNoCorsHeaderSoItsBrowserKeepsTheAnswerFromIt() throws Exception {
        App edge = cluster.node("edge", app -> app.use("todos", new MemoryService()));
        Gateway gateway = Cluster.gateway(edge, Gateway.builder().cors(Cors.allow(APP)));

        HttpResponse<String> pre = send(preflight(gateway.url() + "/todos", "https://evil.example", "POST", "content-type"));
        assertThat(pre.headers().firstValue("access-control-allow-origin")).isEmpty();
        HttpResponse<String> get = send(HttpRequest.newBuilder(URI.create(gateway.url() + "/todos")).header("Origin", "https://evil.example").GET());
        assertThat(get.headers().firstValue("access-control-allow-origin")).isEmpty();
        // the gateway's own pages send their origin on a POST: they are served as before
        HttpResponse<String> own = send(HttpRequest.newBuilder(URI.create(gateway.url() + "/todos")).header("Origin", gateway.url())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"same origin\"}")));
        assertThat(own.statusCode()).isEqualTo(201);
    }

    @Test
    void withoutCorsAPreflightIsNotAnsweredAndNoHeaderIsSent() throws Exception {
        App edge = cluster.node("edge", app -> app.use("todos", new MemoryService()));
        Gateway gateway = Cluster.gateway(edge);

        HttpResponse<String> pre = send(preflight(gateway.url() + "/todos", APP, "POST", "content-type"));
        assertThat(pre.statusCode()).isEqualTo(405);
        assertThat(pre.headers().firstValue("access-control-allow-origin")).isEmpty();
        HttpResponse<String> get = send(HttpRequest.newBuilder(URI.create(gateway.url() + "/todos")).header("Origin", APP).GET());
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.headers().firstValue("access-control-allow-origin")).isEmpty();
    }

    @Test
    void anyOriginAndCredentialsDoNotGoTogetherAndOriginsAreCheckedWhenBuilt() {
        assertThatThrownBy(() -> Cors.allow("*").withCredentials(true)).hasMessageContaining("every origin");
        assertThatThrownBy(() -> Cors.allow("app.example.com")).hasMessageContaining("scheme and a host");
        assertThatThrownBy(() -> Cors.allow("https://app.example.com/path")).hasMessageContaining("no path");
        assertThatThrownBy(() -> Cors.allow()).hasMessageContaining("at least one origin");
    }
}
