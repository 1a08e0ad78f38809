package dev.skein.gateway;

import dev.skein.core.App;
import dev.skein.core.Methods;
import dev.skein.core.Params;
import dev.skein.core.errors.Forbidden;
import dev.skein.core.memory.MemoryService;
import dev.skein.gateway.auth.Authentication;
import dev.skein.gateway.intercept.RestCall;
import dev.skein.gateway.intercept.RestReply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Interceptors of the REST routes (Gateway.Builder's before and after), on a real gateway over a
 * mesh: {@code todos} is a service of another node (remote), {@code notes} one of the gateway's node
 * (local). What they let through, change, answer and refuse, in which order, and a failing one.
 */
@Timeout(60)
class InterceptorsTest {

    private Cluster cluster;
    private App gatewayApp;
    private Gateway gateway;
    private Http http;
    /** The params of the last call of todos, as a hook on the service node saw them (after the mesh). */
    private final AtomicReference<Params> onServiceNode = new AtomicReference<>();
    /** How many calls reached notes. */
    private final AtomicInteger notesCalls = new AtomicInteger();

    /** A service node with todos, a gateway node with notes, and a gateway {@code builder} made. */
    private void start(Gateway.Builder builder) {
        cluster = Cluster.local();
        cluster.node("service", app -> {
            app.use("todos", new MemoryService());
            app.service("todos").hooks().before(ctx -> onServiceNode.set(ctx.params().copy()));
        });
        gatewayApp = cluster.node("gateway", app -> {
            app.use("notes", new MemoryService());
            app.service("notes").hooks().before(ctx -> notesCalls.incrementAndGet());
        });
        gateway = Cluster.gateway(gatewayApp, builder);
        Cluster.awaitService(gatewayApp, "todos");
        http = new Http(gateway);
    }

    @AfterEach
    void close() {
        if (cluster != null) cluster.close();
    }

    @Test
    void aBeforeInterceptorThatRefusesAnswersTheFeathersErrorAndTheServiceIsNotCalled() {
        start(Gateway.builder().before("notes", call -> {
            if (call.serviceMethod().equals(Methods.REMOVE) && !call.header("x-role").orElse("").equals("admin")) {
                throw new Forbidden("Only an admin removes notes");
            }
        }));
        Object id = Cluster.map(Cluster.join(gatewayApp.service("notes").create(Map.of("text", "keep me")))).get("id");
        notesCalls.set(0);

        Http.Response refused = http.delete("/notes/" + id);

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.contentType()).startsWith("application/json");
        assertThat(refused.object()).containsEntry("name", "Forbidden").containsEntry("code", 403)
                .containsEntry("className", "forbidden").containsEntry("message", "Only an admin removes notes");
        assertThat(notesCalls.get()).isZero();
        assertThat(http.get("/notes/" + id).status()).isEqualTo(200);
        // another path and another method pass
        assertThat(http.delete("/todos/nothing").status()).isEqualTo(404);
        assertThat(http.delete("/notes/" + id, "X-Role", "admin").status()).isEqualTo(200);
    }

    @Test
    void aBeforeInterceptorRewritesTheQueryARemoteServiceSeesAcrossTheMesh() {
        List<RestCall> seen = Collections.synchronizedList(new ArrayList<>());
        start(Gateway.builder().before("todos", call -> {
            seen.add(call);
            call.query().remove("$select");
            call.query().put("owner", "ada");
            call.headers().put("x-tenant", "acme");
        }));
        Cluster.join(gatewayApp.service("todos").create(Map.of("text", "ada's", "owner", "ada")));
        Cluster.join(gatewayApp.service("todos").create(Map.of("text", "bob's", "owner", "bob")));

        Http.Response response = http.get("/todos?$select[]=text&$limit=5");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.list()).singleElement().satisfies(todo -> assertThat(todo).containsEntry("owner", "ada"));
        Params remote = onServiceNode.get();
        assertThat(remote.provider()).isEqualTo(Params.MESH);
        assertThat(remote.query()).containsEntry("owner", "ada").containsEntry("$limit", 5).doesNotContainKey("$select");
        assertThat(remote.headers()).containsEntry("x-tenant", "acme");
        RestCall call = seen.get(0);
        assertThat(call.httpMethod()).isEqualTo("GET");
        assertThat(call.path()).isEqualTo("/todos");
        assertThat(call.servicePath()).isEqualTo("todos");
        assertThat(call.serviceMethod()).isEqualTo(Methods.FIND);
        assertThat(call.id()).isEmpty();
        assertThat(call.user()).isEmpty();
    }

    @Test
    void aBeforeInterceptorChangesTheBodyOfAWrite() {
        start(Gateway.builder().before(call -> {
            if (call.serviceMethod().equals(Methods.CREATE)) {
                assertThat(call.data()).isEqualTo(Map.of("text", "hello"));
                call.data(Map.of("text", "hello", "via", "gateway"));
            }
        }));

        Http.Response created = http.post("/notes", Map.of("text", "hello"));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.object()).containsEntry("via", "gateway");
    }

    @Test
    void anAfterInterceptorAddsAHeaderAndWrapsTheBody() throws Exception {
        start(Gateway.builder().after((call, reply) -> {
            reply.header("X-Served-By", "gateway");
            if (!reply.isError()) reply.body(Map.of("service", call.servicePath(), "result", reply.body()));
        }));
        Cluster.join(gatewayApp.service("todos").create(Map.of("text", "remote")));

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(gateway.url() + "/todos"))
                .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-served-by")).hasValue("gateway");
        Map<?, ?> body = Http.JSON.readValue(response.body(), Map.class);
        assertThat(body.get("service")).isEqualTo("todos");
        assertThat((List<?>) body.get("result")).singleElement().satisfies(t -> assertThat(((Map<?, ?>) t).get("text")).isEqualTo("remote"));
        // errors pass through it too, their Feathers JSON unchanged
        Http.Response missing = http.get("/todos/nothing");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.object()).containsEntry("name", "NotFound");
    }

    @Test
    void interceptorsRunInTheOrderGivenAndAnAnswerStopsTheLaterBeforesAndTheService() {
        List<String> trail = Collections.synchronizedList(new ArrayList<>());
        start(Gateway.builder()
                .before(call -> trail.add("before 1"))
                .before("notes", call -> {
                    trail.add("before 2");
                    if (call.query().containsKey("cached")) call.respond(200, Map.of("cached", true)).header("X-Cache", "hit");
                })
                .before(call -> trail.add("before 3"))
                .after((call, reply) -> {
                    trail.add("after 1");
                    reply.body(Map.of("first", reply.body()));
                })
                .after((call, reply) -> {
                    trail.add("after 2");
                    reply.body(Map.of("second", reply.body()));
                }));

        Http.Response normal = http.get("/notes");

        assertThat(normal.status()).isEqualTo(200);
        assertThat(normal.object()).isEqualTo(Map.of("second", Map.of("first", List.of())));
        assertThat(trail).containsExactly("before 1", "before 2", "before 3", "after 1", "after 2");
        assertThat(notesCalls.get()).isEqualTo(1);

        trail.clear();
        Http.Response answered = http.get("/notes?cached=1");

        assertThat(answered.status()).isEqualTo(200);
        assertThat(answered.object()).isEqualTo(Map.of("second", Map.of("first", Map.of("cached", true))));
        assertThat(trail).containsExactly("before 1", "before 2", "after 1", "after 2");
        assertThat(notesCalls.get()).isEqualTo(1);
    }

    @Test
    void anInterceptorThatThrowsIsA500WithoutItsMessageOrStackAndTheNextRequestIsServed() {
        start(Gateway.builder()
                .before("notes", call -> {
                    if (call.query().containsKey("boom")) throw new IllegalStateException("secret detail of the interceptor");
                })
                .after("todos", (call, reply) -> {
                    throw new NullPointerException("another secret detail");
                }));

        for (String path : List.of("/notes?boom=1", "/todos")) {
            Http.Response failed = http.get(path);
            assertThat(failed.status()).as(path).isEqualTo(500);
            assertThat(failed.object()).as(path).containsEntry("name", "GeneralError").containsEntry("code", 500);
            assertThat(failed.body()).as(path).doesNotContain("secret detail", "Exception", "at dev.", "stack");
        }
        assertThat(notesCalls.get()).isZero();
        assertThat(http.get("/notes").status()).isEqualTo(200);
    }

    @Test
    void aBeforeInterceptorSeesTheUserOfTheAccessTokenOnAMountedRemoteService() {
        cluster = Cluster.local();
        cluster.node("service", app -> app.use("todos", new MemoryService()));
        List<RestCall> seen = Collections.synchronizedList(new ArrayList<>());
        List<String> everyRoute = Collections.synchronizedList(new ArrayList<>());
        gatewayApp = cluster.node("gateway", app -> {
            app.configure(Authentication.builder(Cluster.SECRET).build());
            Cluster.users(app);
        });
        gateway = Cluster.gateway(gatewayApp, Gateway.builder().allowOpenMesh(true).mount("api/todos", "todos").before("api/todos", call -> {
            seen.add(call);
            if (call.user().isEmpty()) throw new Forbidden("Log in first");
        }).before(call -> everyRoute.add(call.servicePath())));
        Cluster.awaitService(gatewayApp, "todos");
        Cluster.createUser(gatewayApp, "ada@example.com", "s3cret!");
        http = new Http(gateway);
        String token = (String) http.post("/authentication", Map.of("strategy", "local", "email", "ada@example.com", "password", "s3cret!"))
                .object().get("accessToken");

        assertThat(http.get("/api/todos").status()).isEqualTo(403);
        Http.Response allowed = http.get("/api/todos/7", "Authorization", "Bearer " + token);

        assertThat(allowed.status()).isEqualTo(404); // through the interceptor to the remote service, which has no todo 7
        RestCall call = seen.get(seen.size() - 1);
        assertThat(call.user()).hasValueSatisfying(user -> assertThat(user).containsEntry("email", "ada@example.com").doesNotContainKey("password"));
        assertThat(call.path()).isEqualTo("/api/todos/7");
        assertThat(call.servicePath()).isEqualTo("todos");
        assertThat(call.serviceMethod()).isEqualTo(Methods.GET);
        assertThat(call.id()).hasValue("7");
        assertThat(everyRoute).as("an interceptor without a path runs on the login too").containsExactly("authentication", "todos");
    }

    /** The example of docs/GATEWAY.md, "Interceptors", as written there. */
    @Test
    void theExampleOfTheGatewayDocs() throws Exception {
        start(Gateway.builder()
                .before("todos", call -> {                 // the REST calls of /todos only
                    if (!call.serviceMethod().equals(Methods.FIND) && call.user().isEmpty()) {
                        throw new Forbidden("Log in to change todos");
                    }
                    call.query().put("tenant", call.header("x-tenant").orElse("public"));
                })
                .after((call, reply) -> {                  // every REST answer of every service
                    reply.header("X-Served-By", "edge");
                    if (!reply.isError() && call.serviceMethod().equals(Methods.FIND)) {
                        reply.body(Map.of("data", reply.body()));
                    }
                }));
        Cluster.join(gatewayApp.service("todos").create(Map.of("text", "acme's", "tenant", "acme")));
        Cluster.join(gatewayApp.service("todos").create(Map.of("text", "everyone's", "tenant", "public")));
        HttpClient client = HttpClient.newHttpClient();

        HttpResponse<String> acme = client.send(HttpRequest.newBuilder(URI.create(gateway.url() + "/todos")).header("X-Tenant", "acme")
                .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> write = client.send(HttpRequest.newBuilder(URI.create(gateway.url() + "/todos"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"mine\"}")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(acme.statusCode()).isEqualTo(200);
        assertThat(acme.headers().firstValue("x-served-by")).hasValue("edge");
        List<?> data = (List<?>) Http.JSON.readValue(acme.body(), Map.class).get("data");
        assertThat(data).singleElement().satisfies(t -> assertThat(((Map<?, ?>) t).get("text")).isEqualTo("acme's"));
        assertThat(write.statusCode()).isEqualTo(403);
        assertThat(write.headers().firstValue("x-served-by")).hasValue("edge");
        assertThat(Http.JSON.readValue(write.body(), Map.class)).containsEntry("name", "Forbidden");
        assertThat(http.get("/notes").object()).isEqualTo(Map.of("data", List.of())); // the after one runs on notes too
    }

    /** As feathers-distributed's Express middlewares: REST only; a WebSocket call goes to the service as before (docs/GATEWAY.md). */
    @Test
    void interceptorsDoNotRunOnWebSocketCalls() {
        AtomicInteger intercepted = new AtomicInteger();
        start(Gateway.builder()
                .before(call -> {
                    intercepted.incrementAndGet();
                    throw new Forbidden("REST is closed");
                })
                .after((call, reply) -> intercepted.incrementAndGet()));

        try (Ws ws = Ws.connect(gateway)) {
            Map<String, Object> created = ws.call(1, "notes", "create", Map.of("data", Map.of("text", "over the socket")));
            Map<String, Object> found = ws.call(2, "todos", "find", Map.of());

            assertThat(Cluster.map(created.get("result"))).containsEntry("text", "over the socket");
            assertThat(found).containsKey("result");
        }
        assertThat(intercepted.get()).isZero();
        assertThat(http.get("/notes").status()).isEqualTo(403);
        assertThat(intercepted.get()).isEqualTo(2);
    }

    /** An answer of 204 (a null result) or 304 goes without a body: an interceptor that gives it one is told to set a status first. */
    @Test
    void aBodilessAnswerTakesABodyOnlyAfterItsStatusChanges() {
        RestReply noContent = new RestReply(204, null);

        assertThatThrownBy(() -> noContent.body(Map.of("done", true))).isInstanceOf(IllegalStateException.class).hasMessageContaining("status(200)");
        assertThat(noContent.status(200).body(Map.of("done", true)).body()).isEqualTo(Map.of("done", true));
        assertThatThrownBy(() -> noContent.status(304)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("body(null)");
        assertThatThrownBy(() -> new RestReply(600, null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("100..599");
    }
}
