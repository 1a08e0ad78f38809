package dev.skein.client;

import dev.skein.core.App;
import dev.skein.core.Params;
import dev.skein.core.Service;
import dev.skein.core.ServiceOptions;
import dev.skein.core.errors.MethodNotAllowed;
import dev.skein.core.errors.NotAuthenticated;
import dev.skein.core.errors.NotFound;
import dev.skein.core.errors.SkeinError;
import dev.skein.core.errors.Unavailable;
import dev.skein.core.memory.MemoryService;
import dev.skein.gateway.Gateway;
import dev.skein.gateway.auth.Authentication;
import dev.skein.gateway.auth.Users;
import dev.skein.mesh.Mesh;
import dev.skein.mesh.MeshCredentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The edge client against a real gateway (tcp mesh, services on another node): login, calls, events, errors, a gateway restart. */
@Timeout(90)
class SkeinClientTest {

    private static final String SECRET = "a-secret-of-at-least-thirty-two-bytes-for-the-client-test";
    /** The mesh is closed: a gateway with authentication refuses an open one (it would hand tokens to any joiner). */
    private static final MeshCredentials MESH = MeshCredentials.secret("the-mesh-secret-of-the-client-test-0000000");
    private final String namespace = "client-" + UUID.randomUUID();
    private App service;
    private App edge;
    private Gateway gateway;
    private int port;

    @BeforeEach
    void start() throws Exception {
        service = App.builder().name("service").build();
        service.use("todos", new MemoryService());
        service.use("orders", new Service() {
            @Override
            public CompletionStage<Object> invoke(String method, Object data, Params params) {
                return CompletableFuture.completedFuture(Map.of("archived", data));
            }
        }, ServiceOptions.builder().methods("archive").build());
        service.configure(Mesh.builder().transport("tcp://?beacon=200").namespace(namespace).credentials(MESH).build());
        edge = App.builder().name("edge").build();
        edge.configure(Authentication.builder(SECRET).expiresIn(Duration.ofSeconds(3)).build());
        edge.configure(Users.memory());
        edge.configure(Mesh.builder().transport("tcp://?beacon=200").namespace(namespace).credentials(MESH).build());
        edge.service("users").create(Map.of("email", "ada@example.com", "password", "s3cret!")).join();
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        gateway = startGateway();
        await().atMost(Duration.ofSeconds(15)).until(() -> edge.lookup("todos").isPresent() && edge.lookup("orders").isPresent()
                && edge.plugin(Mesh.class).orElseThrow().services().stream().filter(s -> !s.node().equals(edge.plugin(Mesh.class).orElseThrow().nodeId())).count() >= 2);
    }

    private Gateway startGateway() {
        Gateway g = Gateway.builder().host("127.0.0.1").port(port).build();
        edge.configure(g);
        g.started().orTimeout(10, TimeUnit.SECONDS).join();
        return g;
    }

    @AfterEach
    void stop() {
        if (edge != null) edge.close();
        if (service != null) service.close();
    }

    private static Throwable failure(CompletableFuture<?> call) {
        try {
            call.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            return SkeinError.unwrap(e);
        }
        throw new AssertionError("the call succeeded");
    }

    @Test
    void itLogsInCallsWhatTheGatewayExposesAndHearsItsEvents() {
        try (SkeinClient client = SkeinClient.connect("http://127.0.0.1:" + port)) {
            Object login = client.login("ada@example.com", "s3cret!").join();
            assertThat(((Map<?, ?>) login).get("accessToken")).isInstanceOf(String.class);
            List<Object> heard = new CopyOnWriteArrayList<>();
            client.on("todos", "created", data -> heard.add(((Map<?, ?>) data).get("text")));

            Map<?, ?> created = (Map<?, ?>) client.service("todos").create(Map.of("text", "from outside")).join();
            assertThat(client.service("todos").get(created.get("id")).join()).isEqualTo(created);
            assertThat((List<?>) client.service("todos").find(Map.of("text", "from outside")).join()).hasSize(1);
            assertThat(client.call("orders", "archive", Map.of("id", 7)).join()).isEqualTo(Map.of("archived", Map.of("id", 7)));
            await().atMost(Duration.ofSeconds(5)).until(() -> heard.contains("from outside"));

            assertThat(failure(client.service("todos").get("no-such-id"))).isInstanceOf(NotFound.class);
            assertThat(failure(client.call("orders", "explode", Map.of()))).isInstanceOf(MethodNotAllowed.class).hasMessageContaining("archive");
        }
    }

    @Test
    void listenersRunOffTheSocketThreadInOrderAndOffStopsThem() {
        try (SkeinClient client = SkeinClient.connect("http://127.0.0.1:" + port + "/")) {   // a trailing slash is fine
            client.login("ada@example.com", "s3cret!").join();
            List<String> threads = new CopyOnWriteArrayList<>();
            List<Object> heard = new CopyOnWriteArrayList<>();
            java.util.function.Consumer<Object> listener = data -> {
                threads.add(Thread.currentThread().getName());
                heard.add(((Map<?, ?>) data).get("n"));
            };
            client.on("todos", "created", listener);
            List<CompletableFuture<Object>> calls = new java.util.ArrayList<>();
            for (int i = 0; i < 20; i++) calls.add(client.service("todos").create(Map.of("n", i)));   // none blocks its caller
            calls.forEach(CompletableFuture::join);
            await().atMost(Duration.ofSeconds(5)).until(() -> heard.size() == 20);
            assertThat(threads).allMatch("skein-client-events"::equals);

            client.off("todos", "created", listener);
            List<Object> stillListening = new CopyOnWriteArrayList<>();
            client.on("todos", "created", data -> stillListening.add(((Map<?, ?>) data).get("n")));
            client.service("todos").create(Map.of("n", 20)).join();
            await().atMost(Duration.ofSeconds(5)).until(() -> stillListening.contains(20)); // the event came, in order
            assertThat(heard).hasSize(20);
        }
    }

    @Test
    void everyMethodTakesAQueryAndAShortCallRefusesAMethodThatTakesAnId() {
        try (SkeinClient client = SkeinClient.connect("http://127.0.0.1:" + port)) {
            client.login("ada@example.com", "s3cret!").join();
            ServiceClient todos = client.service("todos");
            Map<?, ?> created = (Map<?, ?>) todos.create(Map.of("text", "a", "done", false)).join();
            Object id = created.get("id");

            assertThat(failure(todos.get(id, Map.of("done", true)))).isInstanceOf(NotFound.class);
            assertThat(failure(todos.remove(id, Map.of("done", true)))).isInstanceOf(NotFound.class);
            assertThat(todos.patch(id, Map.of("done", true), Map.of("done", false)).join()).isEqualTo(Map.of("id", id, "text", "a", "done", true));
            assertThat(failure(client.call("todos", "remove", null))).isInstanceOf(dev.skein.core.errors.BadRequest.class)
                    .hasMessageContaining("takes an id");
            assertThat(failure(todos.invoke("remove", null))).isInstanceOf(dev.skein.core.errors.BadRequest.class);
            assertThat((List<?>) todos.find().join()).hasSize(1);
        }
    }

    @Test
    void aWrongPasswordAndAnExpiredTokenAreNotAuthenticated() throws Exception {
        try (SkeinClient client = SkeinClient.connect("http://127.0.0.1:" + port)) {
            assertThat(failure(client.login("ada@example.com", "wrong"))).isInstanceOf(NotAuthenticated.class);
            String token = (String) ((Map<?, ?>) client.login("ada@example.com", "s3cret!").join()).get("accessToken");

            Thread.sleep(4_100); // the test's tokens live 3 s (JWT expiry has one-second steps)
            assertThat(failure(client.loginWithToken(token))).isInstanceOf(NotAuthenticated.class).hasMessageContaining("expired");
        }
    }

    @Test
    void afterAGatewayRestartItConnectsAgainLogsInAgainAndHearsOn() {
        try (SkeinClient client = SkeinClient.connect("http://127.0.0.1:" + port)) {
            client.login("ada@example.com", "s3cret!").join();
            List<Object> heard = new CopyOnWriteArrayList<>();
            AtomicInteger reconnects = new AtomicInteger();
            client.on("todos", "created", data -> heard.add(((Map<?, ?>) data).get("text")));
            client.onReconnect(reconnects::incrementAndGet);

            gateway.close(); // the front door goes down mid-session
            await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> failure(client.service("todos").find()) instanceof Unavailable);
            gateway = startGateway();

            await().atMost(Duration.ofSeconds(20)).until(() -> reconnects.get() == 1);
            client.service("todos").create(Map.of("text", "after the restart")).join();
            await().atMost(Duration.ofSeconds(5)).until(() -> heard.contains("after the restart"));
        }
    }
}
