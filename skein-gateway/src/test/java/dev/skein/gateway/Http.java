package dev.skein.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A REST client of a gateway over {@link HttpClient} (HTTP/1.1), answering status and parsed JSON. */
final class Http {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String base;

    String base() {
        return base;
    }

    Http(String base) {
        this.base = base;
    }

    Http(Gateway gateway) {
        this(gateway.url());
    }

    /** One answer: the status, the raw body and its content type. */
    record Response(int status, String body, String contentType) {

        /** The body as JSON-shaped data (maps, lists...). */
        Object json() {
            try {
                return JSON.readValue(body, Object.class);
            } catch (JsonProcessingException e) {
                throw new AssertionError("The body is not JSON: " + body, e);
            }
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> object() {
            Object json = json();
            if (!(json instanceof Map)) throw new AssertionError("The body is not a JSON object: " + body);
            return (Map<String, Object>) json;
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> list() {
            Object json = json();
            if (!(json instanceof List)) throw new AssertionError("The body is not a JSON list: " + body);
            return (List<Map<String, Object>>) json;
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    Response get(String path, String... headers) {
        return send("GET", path, null, headers);
    }

    Response post(String path, Object body, String... headers) {
        return send("POST", path, body, headers);
    }

    Response put(String path, Object body, String... headers) {
        return send("PUT", path, body, headers);
    }

    Response patch(String path, Object body, String... headers) {
        return send("PATCH", path, body, headers);
    }

    Response delete(String path, String... headers) {
        return send("DELETE", path, null, headers);
    }

    /**
     * Sends {@code verb} to {@code path} (brackets in the query are percent-encoded here); a
     * String body is sent as is, anything else as JSON. {@code headers} are name, value pairs.
     */
    Response send(String verb, String path, Object body, String... headers) {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : write(body));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + encode(path)))
                .timeout(Duration.ofSeconds(20))
                .method(verb, publisher);
        if (body != null) request.header("Content-Type", "application/json");
        for (int i = 0; i + 1 < headers.length; i += 2) request.header(headers[i], headers[i + 1]);
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(),
                    response.headers().firstValue("content-type").orElse(null));
        } catch (IOException e) {
            throw new AssertionError(verb + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(verb + " " + path + " was interrupted", e);
        }
    }

    /** The status line and body of a request written byte for byte on a socket (no client-side normalization of the path). */
    static String raw(Gateway gateway, String requestTarget) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + requestTarget + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String encode(String path) {
        return path.replace("[", "%5B").replace("]", "%5D");
    }
}
