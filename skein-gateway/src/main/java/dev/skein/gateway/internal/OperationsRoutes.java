package dev.skein.gateway.internal;

import dev.skein.core.App;
import dev.skein.core.errors.NotAuthenticated;
import dev.skein.core.errors.NotFound;
import dev.skein.gateway.auth.Authentication;
import dev.skein.mesh.Mesh;
import dev.skein.mesh.NodeInfo;
import dev.skein.mesh.Readiness;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an operator and an orchestrator ask a node over HTTP, with Kubernetes probe semantics:
 * <ul>
 *   <li>{@code /health/live}: 200 while the process answers (a liveness probe restarts it when not);</li>
 *   <li>{@code /health/ready}: 200 when the node is ready, 503 with what is missing when not (its
 *       transport down, a dependency short of instances, the node leaving): a readiness probe
 *       takes it out of rotation meanwhile;</li>
 *   <li>{@code /health}: this node's figures (CPU, load, memory, heap, uptime, calls in flight),
 *       its services and readiness, 200 when ready and 503 when not;</li>
 *   <li>{@code /fleet}: every node this node knows, online or gone within the offline retention
 *       ({@link Mesh#fleet()});</li>
 *   <li>{@code /metrics}: the mesh's meters in Prometheus's text format, when the mesh was given a
 *       Prometheus registry ({@code Mesh.Builder.metrics}); 404 saying so otherwise.</li>
 * </ul>
 * and {@code POST /drain/<node id>}, which drains that node ({@link Mesh#drain}) and answers once it
 * has left (200 with it as {@code /fleet} lists it), or with the error: it needs the operations
 * token itself (403 when the gateway has none: an access token is not enough to stop a node), and
 * the node drained must let this one drain it (403 otherwise).
 * Otherwise only GET. The probes need no token, as probes have none. The other three tell the node's
 * address, services and peers: with authentication on the app or an operations token
 * ({@code Gateway.Builder.operationsToken}), they need {@code Authorization: Bearer} with a valid
 * access token or that token; 401 otherwise. A service exposed at one of these paths wins (a
 * gateway built with {@code operations(false)} serves none of them).
 */
final class OperationsRoutes {

    static final String LIVE = "health/live";
    static final String READY = "health/ready";
    static final String HEALTH = "health";
    static final String FLEET = "fleet";
    static final String METRICS = "metrics";
    static final String DRAIN = "drain/";

    /** An answer: its status and JSON body, or a body of text of {@code contentType}. */
    record Answer(int status, Object body, String text, String contentType) {
        Answer(int status, Object body) {
            this(status, body, null, null);
        }
    }

    private final App app;
    /** The bearer token that opens the detailed routes besides a user's access token, or null. */
    private final byte[] token;

    OperationsRoutes(App app, String token) {
        this.app = app;
        this.token = token == null ? null : token.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The answer to {@code path} (without its slashes), or null when it is not an operations path or not a GET. */
    Answer answer(String path, FullHttpRequest request) {
        if (request.method() != HttpMethod.GET) return null;
        return switch (path) {
            case LIVE -> new Answer(200, Map.of("status", "UP"));
            case READY -> ready();
            case HEALTH -> {
                authorize(request, path);
                yield health();
            }
            case FLEET -> {
                authorize(request, path);
                yield fleet();
            }
            case METRICS -> {
                authorize(request, path);
                yield metrics();
            }
            default -> null;
        };
    }

    /** Whether {@code path} (without its slashes) is a drain request: a POST to {@code drain/<node id>}. */
    static boolean isDrain(String path, FullHttpRequest request) {
        return request.method() == HttpMethod.POST && path.startsWith(DRAIN) && path.length() > DRAIN.length();
    }

    /** Drains the node {@code path} names ({@link #isDrain}); completes with the answer once it has left or failed. */
    java.util.concurrent.CompletableFuture<Answer> drain(String path, FullHttpRequest request) {
        String nodeId = path.substring(DRAIN.length());
        String header = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (token == null) {
            throw new dev.skein.core.errors.Forbidden("POST /" + DRAIN + "<node id> needs the operations token, and this port has none: "
                    + "give one (--operations-token-file, $SKEIN_OPERATIONS_TOKEN, Gateway.Builder.operationsToken)");
        }
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)
                || !java.security.MessageDigest.isEqual(token, header.substring(7).trim().getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            throw new NotAuthenticated("POST /" + DRAIN + "<node id> needs the operations token (Authorization: Bearer ...)");
        }
        Mesh mesh = mesh().orElseThrow(() -> new NotFound("This app has no mesh: there is no node to drain"));
        return mesh.drain(nodeId).toCompletableFuture().thenApply(left -> new Answer(200, left.toJson()));
    }

    private Answer ready() {
        Readiness r = readiness();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", r.ready() ? "UP" : "DOWN");
        mesh().ifPresent(m -> body.put("node", m.nodeId()));
        if (!r.ready()) body.put("missing", r.missing());
        return new Answer(r.ready() ? 200 : 503, body);
    }

    private Answer health() {
        Readiness r = readiness();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", r.ready() ? "UP" : "DOWN");
        body.put("name", app.name());
        if (!r.ready()) body.put("missing", r.missing());
        Optional<Mesh> mesh = mesh();
        if (mesh.isPresent()) {
            List<NodeInfo> nodes = mesh.get().nodes();
            for (NodeInfo n : nodes) {
                if (n.local()) body.putAll(n.toJson());
            }
            body.put("status", r.ready() ? "UP" : "DOWN"); // the node's own record has no status: readiness decides
            body.put("peers", nodes.size() - 1);
        }
        return new Answer(r.ready() ? 200 : 503, body);
    }

    /**
     * Lets the request through when the routes are open (no authentication, no token) or it carries
     * the operations token or a valid access token.
     *
     * @throws NotAuthenticated otherwise
     */
    private void authorize(FullHttpRequest request, String path) {
        Optional<Authentication> auth = app.plugin(Authentication.class);
        if (auth.isEmpty() && token == null) return;
        String header = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new NotAuthenticated("/" + path + " needs a token (Authorization: Bearer ...): "
                    + (auth.isPresent() ? "an access token" + (token == null ? "" : " or the operations token") : "the operations token"));
        }
        String presented = header.substring(7).trim();
        if (token != null && java.security.MessageDigest.isEqual(token, presented.getBytes(java.nio.charset.StandardCharsets.UTF_8))) return;
        if (auth.isEmpty()) throw new NotAuthenticated("/" + path + ": not the operations token");
        auth.get().verify(presented);
    }

    private Answer fleet() {
        List<Map<String, Object>> nodes = new ArrayList<>();
        mesh().ifPresent(m -> m.fleet().forEach(n -> nodes.add(n.toJson())));
        return new Answer(200, nodes);
    }

    private Answer metrics() {
        io.micrometer.core.instrument.MeterRegistry registry = mesh().map(m -> m.options().telemetry().meterRegistry()).orElse(null);
        if (registry == null) {
            return new Answer(404, new NotFound("This node has no metrics: give its mesh a registry (Mesh.Builder.metrics), "
                    + "a PrometheusMeterRegistry for /metrics").toJson());
        }
        String text;
        try {
            text = PrometheusScrape.scrape(registry);
        } catch (NoClassDefFoundError missing) {
            return new Answer(404, new NotFound("/metrics needs io.micrometer:micrometer-registry-prometheus on the class path").toJson());
        }
        if (text == null) {
            return new Answer(404, new NotFound("This node's MeterRegistry (" + registry.getClass().getSimpleName()
                    + ") is not a PrometheusMeterRegistry, nor holds one: nothing to scrape").toJson());
        }
        return new Answer(200, null, text, PrometheusScrape.CONTENT_TYPE);
    }

    private Readiness readiness() {
        if (app.isClosed()) return Readiness.of(List.of("the app is closed"));
        return mesh().map(Mesh::readiness).orElse(Readiness.of(List.of()));
    }

    private Optional<Mesh> mesh() {
        return app.plugin(Mesh.class);
    }
}
