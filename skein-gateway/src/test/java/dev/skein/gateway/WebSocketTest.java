package dev.skein.gateway;

import dev.skein.core.App;
import dev.skein.core.memory.MemoryService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.skein.gateway.Cluster.join;
import static dev.skein.gateway.Cluster.map;
import static org.assertj.core.api.Assertions.assertThat;

/** The WebSocket protocol of the gateway: calls answered by ref, errors, and events of remote services. */
class WebSocketTest {

    private Cluster cluster;
    private App serviceNode;
    private Gateway gateway;
    private Http http;
    private Ws ws;

    @BeforeEach
    void start() {
        cluster = Cluster.local();
        serviceNode = cluster.node("service", app -> app.use("todos", new MemoryService()));
        App gatewayApp = cluster.node("gateway", app -> { });
        gateway = Cluster.gateway(gatewayApp, Gateway.builder().settleWindow(java.time.Duration.ZERO)); // unknown paths: NotFound at once
        Cluster.awaitService(gatewayApp, "todos");
        http = new Http(gateway);
        ws = Ws.connect(gateway);
    }

    @AfterEach
    void close() {
        ws.close();
        cluster.close();
    }

    @Test
    void aCallIsAnsweredByAResultWithItsRef() {
        ws.send(Map.of("type", "call", "ref", 1, "path", "todos", "method", "create",
                "data", Map.of("text", "over the socket", "done", false)));

        Map<String, Object> reply = ws.reply(1);

        assertThat(reply).containsEntry("type", "result").containsEntry("ref", 1);
        assertThat(map(reply.get("result"))).containsEntry("id", 0).containsEntry("text", "over the socket");
        assertThat(map(join(serviceNode.service("todos").get(0)))).containsEntry("text", "over the socket");
    }

    @Test
    void everyStandardMethodCanBeCalledWithIdDataAndQuery() {
        ws.call(1, "todos", "create", Map.of("data", Map.of("text", "a", "done", false)));
        ws.call(2, "todos", "create", Map.of("data", Map.of("text", "b", "done", true)));

        Map<String, Object> found = ws.call(3, "todos", "find", Map.of("query", Map.of("done", false)));
        Map<String, Object> got = ws.call(4, "todos", "get", Map.of("id", 1));
        Map<String, Object> patched = ws.call(5, "todos", "patch", Map.of("id", 0, "data", Map.of("done", true)));
        Map<String, Object> updated = ws.call(6, "todos", "update", Map.of("id", 1, "data", Map.of("text", "B")));
        Map<String, Object> removed = ws.call(7, "todos", "remove", Map.of("id", 0));

        assertThat((List<?>) found.get("result")).singleElement().satisfies(t -> assertThat(map(t)).containsEntry("text", "a"));
        assertThat(map(got.get("result"))).containsEntry("text", "b");
        assertThat(map(patched.get("result"))).containsEntry("done", true);
        assertThat(map(updated.get("result"))).isEqualTo(Map.of("id", 1, "text", "B"));
        assertThat(map(removed.get("result"))).containsEntry("id", 0);
        assertThat((List<?>) join(serviceNode.service("todos").find())).hasSize(1);
    }

    @Test
    void aFailedCallIsAnsweredByAnErrorWithItsRef() {
        Map<String, Object> reply = ws.call(7, "todos", "get", Map.of("id", 999));

        assertThat(reply).containsEntry("type", "error").containsEntry("ref", 7).doesNotContainKey("result");
        assertThat(map(reply.get("error"))).containsEntry("name", "NotFound").containsEntry("code", 404)
                .containsEntry("className", "not-found");
    }

    @Test
    void aCallToAnUnknownServiceOrMethodIsAnsweredByAnError() {
        Map<String, Object> unknownService = ws.call(1, "nothing", "find", Map.of());
        Map<String, Object> unknownMethod = ws.call(2, "todos", "explode", Map.of());

        assertThat(map(unknownService.get("error"))).containsEntry("name", "NotFound");
        assertThat(map(unknownMethod.get("error"))).containsEntry("name", "MethodNotAllowed").containsEntry("code", 405);
    }

    @Test
    void badMessagesAreAnsweredByErrorsAndTheConnectionStaysOpen() {
        ws.send("this is not json");
        Map<String, Object> notJson = ws.next(m -> "error".equals(m.get("type")));
        ws.send(Map.of("type", "dance", "ref", 2));
        Map<String, Object> unknownType = ws.reply(2);
        ws.send(Map.of("type", "call", "ref", 3, "method", "find"));
        Map<String, Object> noPath = ws.reply(3);
        ws.send("[1, 2, 3]");
        Map<String, Object> notAnObject = ws.next(m -> "error".equals(m.get("type")) && m.get("ref") == null);

        for (Map<String, Object> reply : List.of(notJson, unknownType, noPath, notAnObject)) {
            assertThat(reply).containsEntry("type", "error");
            assertThat(map(reply.get("error"))).containsEntry("name", "BadRequest").containsEntry("code", 400);
        }
        assertThat(notJson.get("ref")).isNull();
        assertThat(ws.call(4, "todos", "find", Map.of())).containsEntry("type", "result");
    }

    @Test
    void aTodoCreatedThroughRestReachesAConnectedWebSocketClientAsAnEvent() {
        assertThat(http.post("/todos", Map.of("text", "from rest")).status()).isEqualTo(201);

        Map<String, Object> event = ws.nextEvent();

        assertThat(event).containsEntry("type", "event").containsEntry("path", "todos").containsEntry("event", "created");
        assertThat(map(event.get("data"))).containsEntry("id", 0).containsEntry("text", "from rest");
    }

    @Test
    void patchedUpdatedAndRemovedEventsFollowInOrder() {
        http.post("/todos", Map.of("text", "v1"));
        http.patch("/todos/0", Map.of("done", true));
        http.put("/todos/0", Map.of("text", "v2"));
        http.delete("/todos/0");

        List<String> events = List.of(
                (String) ws.nextEvent().get("event"), (String) ws.nextEvent().get("event"),
                (String) ws.nextEvent().get("event"), (String) ws.nextEvent().get("event"));

        assertThat(events).containsExactly("created", "patched", "updated", "removed");
    }

    @Test
    void aCallOfOneClientIsHeardAsAnEventByAnother() {
        try (Ws other = Ws.connect(gateway)) {
            assertThat(other.call(1, "todos", "find", Map.of())).containsEntry("type", "result");

            ws.call(1, "todos", "create", Map.of("data", Map.of("text", "shared")));

            assertThat(map(other.nextEvent().get("data"))).containsEntry("text", "shared");
        }
    }
}
