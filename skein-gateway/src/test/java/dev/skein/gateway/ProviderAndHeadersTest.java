package dev.skein.gateway;

import dev.skein.core.App;
import dev.skein.core.Params;
import dev.skein.core.memory.MemoryService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a service sees of an outside call: the provider ({@code rest} or {@code websocket} on the
 * gateway node, {@code mesh} once the call crossed to the service node) and the request's headers.
 */
class ProviderAndHeadersTest {

    private Cluster cluster;
    private App gatewayApp;
    private Gateway gateway;
    private Http http;
    /** The params of the last call, as a hook of todos on the service node saw them. */
    private final AtomicReference<Params> onServiceNode = new AtomicReference<>();
    /** The params of the last call of the todos proxy, as an app hook on the gateway node saw them. */
    private final AtomicReference<Params> onGateway = new AtomicReference<>();
    /** The params of the last call of a service local to the gateway node. */
    private final AtomicReference<Params> onLocal = new AtomicReference<>();

    @BeforeEach
    void start() {
        cluster = Cluster.local();
        cluster.node("service", app -> {
            app.use("todos", new MemoryService());
            app.service("todos").hooks().before(ctx -> onServiceNode.set(ctx.params().copy()));
        });
        gatewayApp = cluster.node("gateway", app -> {
            app.use("notes", new MemoryService());
            app.service("notes").hooks().before(ctx -> onLocal.set(ctx.params().copy()));
            app.hooks().before(ctx -> {
                if (ctx.path().equals("todos")) onGateway.set(ctx.params().copy());
            });
        });
        gateway = Cluster.gateway(gatewayApp);
        Cluster.awaitService(gatewayApp, "todos");
        http = new Http(gateway);
    }

    @AfterEach
    void close() {
        cluster.close();
    }

    @Test
    void aRestCallHasTheRestProviderAndItsHeadersReachAHookOnTheServiceNode() {
        Http.Response response = http.get("/todos?done=false", "X-Request-Id", "req-42", "Accept-Language", "fr");

        assertThat(response.status()).isEqualTo(200);
        assertThat(onGateway.get().provider()).isEqualTo(Params.REST);
        Params remote = onServiceNode.get();
        assertThat(remote.provider()).isEqualTo(Params.MESH);
        assertThat(remote.headers()).containsEntry("x-request-id", "req-42").containsEntry("accept-language", "fr");
        assertThat(remote.query()).containsEntry("done", false);
    }

    @Test
    void aRestCallToALocalServiceOfTheGatewayHasTheRestProvider() {
        assertThat(http.post("/notes", Map.of("text", "hi"), "X-Trace", "t1").status()).isEqualTo(201);

        assertThat(onLocal.get().provider()).isEqualTo(Params.REST);
        assertThat(onLocal.get().headers()).containsEntry("x-trace", "t1");
    }

    @Test
    void aBearerHeaderBecomesTheAuthenticationOfTheCallOnTheServiceNode() {
        assertThat(http.get("/todos", "Authorization", "Bearer some-token").status()).isEqualTo(200);

        Params remote = onServiceNode.get();
        assertThat(remote.headers()).containsEntry("authorization", "Bearer some-token");
        assertThat(remote.authentication()).isEqualTo(Map.of("strategy", "jwt", "accessToken", "some-token"));
        assertThat(remote.user()).isNull();
    }

    @Test
    void aWebSocketCallHasTheWebsocketProvider() {
        try (Ws ws = Ws.connect(gateway)) {
            Map<String, Object> reply = ws.call(1, "todos", "find", Map.of("query", Map.of("done", true)));
            assertThat(reply).containsEntry("type", "result");
            Map<String, Object> local = ws.call(2, "notes", "find", Map.of());
            assertThat(local).containsEntry("type", "result");
        }

        await().until(() -> onServiceNode.get() != null && onLocal.get() != null);
        assertThat(onGateway.get().provider()).isEqualTo(Params.WEBSOCKET);
        assertThat(onLocal.get().provider()).isEqualTo(Params.WEBSOCKET);
        assertThat(onServiceNode.get().provider()).isEqualTo(Params.MESH);
        assertThat(onServiceNode.get().query()).containsEntry("done", true);
    }

    @Test
    void anInternalCallOnTheGatewayNodeHasNoProvider() {
        Cluster.join(gatewayApp.service("todos").find());

        assertThat(onGateway.get().provider()).isNull();
        assertThat(onServiceNode.get().provider()).isEqualTo(Params.MESH);
    }
}
