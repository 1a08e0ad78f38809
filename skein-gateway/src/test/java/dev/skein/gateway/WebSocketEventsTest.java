package dev.skein.gateway;

import dev.skein.core.App;
import dev.skein.core.memory.MemoryService;
import dev.skein.gateway.auth.Authentication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.skein.gateway.Cluster.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Who receives the events of a service over WebSocket: everyone, authenticated connections, or as a publisher says. */
class WebSocketEventsTest {

    private Cluster cluster;
    private App gatewayApp;

    @BeforeEach
    void start() {
        cluster = Cluster.local();
        cluster.node("service", app -> app.use("todos", new MemoryService()));
    }

    @AfterEach
    void close() {
        cluster.close();
    }

    /** A gateway node with users and authentication (configured before the gateway unless told). */
    private Gateway authenticatedGateway(boolean authenticationFirst) {
        gatewayApp = cluster.node("gateway", app -> {
            Cluster.users(app);
            if (authenticationFirst) app.configure(Authentication.builder(Cluster.SECRET).build());
        });
        Gateway gateway = Cluster.gateway(gatewayApp);
        if (!authenticationFirst) gatewayApp.configure(Authentication.builder(Cluster.SECRET).build());
        Cluster.awaitService(gatewayApp, "todos");
        Cluster.createUser(gatewayApp, "ada@example.com", "s3cret!");
        return gateway;
    }

    private Gateway plainGateway(Gateway.Builder builder) {
        gatewayApp = cluster.node("gateway", app -> { });
        Gateway gateway = Cluster.gateway(gatewayApp, builder);
        Cluster.awaitService(gatewayApp, "todos");
        return gateway;
    }

    private static void assertNoEventFor(Ws ws) {
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> ws.pending().stream().noneMatch(m -> "event".equals(m.get("type"))));
    }

    @Test
    void withoutAuthenticationEveryConnectionReceivesEvents() {
        Gateway gateway = plainGateway(Gateway.builder());
        try (Ws first = Ws.connect(gateway); Ws second = Ws.connect(gateway)) {
            new Http(gateway).post("/todos", Map.of("text", "for everyone"));

            assertThat(map(first.nextEvent().get("data"))).containsEntry("text", "for everyone");
            assertThat(map(second.nextEvent().get("data"))).containsEntry("text", "for everyone");
        }
    }

    @Test
    void withAuthenticationOnlyAuthenticatedConnectionsReceiveEvents() {
        Gateway gateway = authenticatedGateway(true);
        Http http = new Http(gateway);
        try (Ws anonymous = Ws.connect(gateway); Ws member = Ws.connect(gateway)) {
            Map<String, Object> login = member.authenticate(2, "ada@example.com", "s3cret!");
            assertThat(login).containsEntry("type", "result").containsEntry("ref", 2);
            assertThat(map(login.get("result"))).containsKey("accessToken");
            assertThat(map(map(login.get("result")).get("user"))).containsEntry("email", "ada@example.com")
                    .doesNotContainKey("password");

            http.post("/todos", Map.of("text", "members only"));

            assertThat(map(member.nextEvent().get("data"))).containsEntry("text", "members only");
            assertNoEventFor(anonymous);

            assertThat(anonymous.authenticate(3, "ada@example.com", "s3cret!")).containsEntry("type", "result");
            http.post("/todos", Map.of("text", "now for both"));

            assertThat(map(anonymous.nextEvent().get("data"))).containsEntry("text", "now for both");
            assertThat(map(member.nextEvent().get("data"))).containsEntry("text", "now for both");
        }
    }

    @Test
    void theLoginOfAnotherClientIsNeverPublishedWithItsToken() {
        Gateway gateway = authenticatedGateway(true);
        try (Ws member = Ws.connect(gateway); Ws other = Ws.connect(gateway)) {
            member.authenticate(1, "ada@example.com", "s3cret!");
            String token = (String) map(other.authenticate(2, "ada@example.com", "s3cret!").get("result")).get("accessToken");
            Http.Response rest = new Http(gateway).post("/authentication",
                    Map.of("strategy", "local", "email", "ada@example.com", "password", "s3cret!"));
            assertThat(rest.status()).isEqualTo(201);

            new Http(gateway).post("/todos", Map.of("text", "after the logins"));

            assertThat(map(member.nextEvent().get("data"))).containsEntry("text", "after the logins");
            assertThat(member.seen()).noneMatch(m -> "authentication".equals(m.get("path")));
            assertThat(member.seen().toString()).doesNotContain(token).doesNotContain((String) rest.object().get("accessToken"));
        }
    }

    @Test
    void aWebSocketAuthenticatesAgainstTheConfiguredAuthenticationPath() {
        gatewayApp = cluster.node("gateway", app -> {
            Cluster.users(app);
            app.configure(Authentication.builder(Cluster.SECRET).path("api/login").build());
        });
        Gateway gateway = Cluster.gateway(gatewayApp);
        Cluster.awaitService(gatewayApp, "todos");
        Cluster.createUser(gatewayApp, "ada@example.com", "s3cret!");
        try (Ws ws = Ws.connect(gateway)) {
            Map<String, Object> reply = ws.authenticate(1, "ada@example.com", "s3cret!");

            assertThat(reply).as(reply.toString()).containsEntry("type", "result");
            assertThat(map(reply.get("result"))).containsKey("accessToken");
            new Http(gateway).post("/todos", Map.of("text", "heard"));
            assertThat(map(ws.nextEvent().get("data"))).containsEntry("text", "heard");
        }
    }

    /** An administrator hears every user's record (other users hear only their own: UsersAttackTest), without its hash. */
    @Test
    void thePasswordHashOfAUserCreatedInternallyIsNotPublished() {
        Gateway gateway = authenticatedGateway(true);
        Cluster.join(gatewayApp.service("users").create(Map.of("email", "root@example.com", "password", "root-pass", "role", "admin")));
        try (Ws member = Ws.connect(gateway)) {
            member.authenticate(1, "root@example.com", "root-pass");

            Cluster.createUser(gatewayApp, "bob@example.com", "hunter2");

            Map<String, Object> event = member.nextEvent();
            assertThat(event).containsEntry("path", "users");
            assertThat(map(event.get("data"))).containsEntry("email", "bob@example.com").doesNotContainKey("password");
        }
    }

    @Test
    void aFailedAuthenticationIsAnsweredByAnErrorAndTheConnectionGetsNoEvents() {
        Gateway gateway = authenticatedGateway(true);
        try (Ws ws = Ws.connect(gateway); Ws member = Ws.connect(gateway)) {
            member.authenticate(1, "ada@example.com", "s3cret!");
            Map<String, Object> reply = ws.authenticate(2, "ada@example.com", "wrong");

            assertThat(reply).containsEntry("type", "error").containsEntry("ref", 2);
            assertThat(map(reply.get("error"))).containsEntry("name", "NotAuthenticated").containsEntry("code", 401);

            new Http(gateway).post("/todos", Map.of("text", "not for you"));
            member.nextEvent();
            assertNoEventFor(ws);
        }
    }

    @Test
    void theDefaultPublisherKeepsEventsFromAnonymousConnectionsWhateverTheOrderOfConfiguration() {
        Gateway gateway = authenticatedGateway(false);
        try (Ws anonymous = Ws.connect(gateway); Ws member = Ws.connect(gateway)) {
            member.authenticate(1, "ada@example.com", "s3cret!");

            new Http(gateway).post("/todos", Map.of("text", "members only"));

            assertThat(map(member.nextEvent().get("data"))).containsEntry("text", "members only");
            assertNoEventFor(anonymous);
        }
    }

    @Test
    void aCustomPublisherDecidesWhichEventsReachWhichConnections() {
        List<Connection> asked = new CopyOnWriteArrayList<>();
        Publisher noRemovals = (event, connection) -> {
            asked.add(connection);
            return !event.event().equals("removed");
        };
        Gateway gateway = plainGateway(Gateway.builder().publisher(noRemovals));
        Http http = new Http(gateway);
        try (Ws ws = Ws.connect(gateway)) {
            http.post("/todos", Map.of("text", "a"));
            http.delete("/todos/0");
            http.post("/todos", Map.of("text", "b"));

            Map<String, Object> first = ws.nextEvent();
            Map<String, Object> second = ws.nextEvent();

            assertThat(List.of(first.get("event"), second.get("event"))).containsExactly("created", "created");
            assertThat(map(second.get("data"))).containsEntry("text", "b");
        }
        assertThat(asked).hasSize(3).allSatisfy(c -> {
            assertThat(c.id()).isNotBlank();
            assertThat(c.authenticated()).isFalse();
            assertThat(c.remoteAddress()).contains("127.0.0.1");
        });
    }

    @Test
    void aPublisherThatFailsOnOneEventDoesNotStopTheNext() {
        Publisher picky = (event, connection) -> {
            if ("boom".equals(((Map<?, ?>) event.data()).get("text"))) throw new IllegalStateException("publisher bug");
            return true;
        };
        Gateway gateway = plainGateway(Gateway.builder().publisher(picky));
        Http http = new Http(gateway);
        try (Ws ws = Ws.connect(gateway)) {
            http.post("/todos", Map.of("text", "boom"));
            http.post("/todos", Map.of("text", "fine"));

            assertThat(map(ws.nextEvent().get("data"))).containsEntry("text", "fine");
        }
    }
}
