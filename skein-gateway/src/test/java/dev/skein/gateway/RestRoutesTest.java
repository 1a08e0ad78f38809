package dev.skein.gateway;

import dev.skein.core.App;
import dev.skein.core.Methods;
import dev.skein.core.Params;
import dev.skein.core.ServiceOptions;
import dev.skein.core.memory.MemoryOptions;
import dev.skein.core.memory.MemoryService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import static dev.skein.gateway.Cluster.join;
import static dev.skein.gateway.Cluster.map;
import static org.assertj.core.api.Assertions.assertThat;

/** Every REST route of the Feathers conventions, through a gateway node to todos on a service node. */
class RestRoutesTest {

    private Cluster cluster;
    private App serviceNode;
    private Http http;

    /** Todos that take several items at once and offer a custom method, {@code archive}. */
    static final class Todos extends MemoryService {
        Todos() {
            super(MemoryOptions.builder().multi(true).build());
        }

        @Override
        public CompletionStage<Object> invoke(String method, Object data, Params params) {
            if (!"archive".equals(method)) return super.invoke(method, data, params);
            return find(params).thenApply(all -> {
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("archived", ((List<?>) all).size());
                answer.put("note", ((Map<?, ?>) data).get("note"));
                return answer;
            });
        }
    }

    @BeforeEach
    void start() {
        cluster = Cluster.local();
        serviceNode = cluster.node("service", app -> app.use("todos", new Todos(), ServiceOptions.builder()
                .methods(Methods.FIND, Methods.GET, Methods.CREATE, Methods.UPDATE, Methods.PATCH, Methods.REMOVE, "archive")
                .build()));
        App gatewayApp = cluster.node("gateway", app -> { });
        Gateway gateway = Cluster.gateway(gatewayApp);
        Cluster.awaitService(gatewayApp, "todos");
        http = new Http(gateway);
    }

    @AfterEach
    void close() {
        cluster.close();
    }

    private Map<String, Object> seed(String text, boolean done) {
        return map(join(serviceNode.service("todos").create(Map.of("text", text, "done", done))));
    }

    @Test
    void getOnTheCollectionFindsEveryTodoAsAJsonList() {
        seed("write tests", false);
        seed("ship", true);

        Http.Response response = http.get("/todos");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(response.list()).extracting(t -> t.get("text")).containsExactly("write tests", "ship");
    }

    @Test
    void getWithAnIdAnswersThatTodo() {
        seed("first", false);
        Object id = seed("second", true).get("id");

        Http.Response response = http.get("/todos/" + id);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.object()).containsEntry("id", 1).containsEntry("text", "second").containsEntry("done", true);
    }

    @Test
    void postCreatesATodoAndAnswers201WithIt() {
        Http.Response response = http.post("/todos", Map.of("text", "write tests", "done", false));

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.object()).containsEntry("id", 0).containsEntry("text", "write tests").containsEntry("done", false);
        assertThat((List<?>) join(serviceNode.service("todos").find())).hasSize(1);
    }

    @Test
    void putReplacesTheWholeTodo() {
        Object id = seed("old", false).get("id");

        Http.Response response = http.put("/todos/" + id, Map.of("text", "new"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.object()).isEqualTo(Map.of("id", 0, "text", "new"));
        assertThat(map(join(serviceNode.service("todos").get(0)))).doesNotContainKey("done");
    }

    @Test
    void patchMergesIntoTheTodo() {
        Object id = seed("keep me", false).get("id");

        Http.Response response = http.patch("/todos/" + id, Map.of("done", true));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.object()).isEqualTo(Map.of("id", 0, "text", "keep me", "done", true));
    }

    @Test
    void deleteRemovesTheTodoAndAnswersIt() {
        Object id = seed("doomed", false).get("id");

        Http.Response response = http.delete("/todos/" + id);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.object()).containsEntry("text", "doomed");
        assertThat(http.get("/todos/" + id).status()).isEqualTo(404);
    }

    @Test
    void patchWithAQueryChangesEveryMatchingTodo() {
        seed("a", false);
        seed("b", true);
        seed("c", false);

        Http.Response response = http.patch("/todos?done=false", Map.of("done", true, "by", "bulk"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.list()).extracting(t -> t.get("text")).containsExactlyInAnyOrder("a", "c");
        assertThat(response.list()).allSatisfy(t -> assertThat(t).containsEntry("done", true).containsEntry("by", "bulk"));
        assertThat(map(join(serviceNode.service("todos").get(1)))).doesNotContainKey("by");
    }

    @Test
    void deleteWithAQueryRemovesEveryMatchingTodo() {
        seed("a", false);
        seed("b", true);
        seed("c", true);

        Http.Response response = http.delete("/todos?done=true");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.list()).extracting(t -> t.get("text")).containsExactlyInAnyOrder("b", "c");
        assertThat(http.get("/todos").list()).extracting(t -> t.get("text")).containsExactly("a");
    }

    @Test
    void postWithAServiceMethodHeaderCallsTheCustomMethod() {
        seed("a", false);
        seed("b", true);

        Http.Response response = http.post("/todos?done=true", Map.of("note", "end of sprint"), "X-Service-Method", "archive");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.object()).isEqualTo(Map.of("archived", 1, "note", "end of sprint"));
    }

    @Test
    void aServiceMethodHeaderNamingAMethodTheServiceDoesNotOfferAnswers405() {
        Http.Response response = http.post("/todos", Map.of(), "X-Service-Method", "launchMissiles");

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.object()).containsEntry("name", "MethodNotAllowed").containsEntry("code", 405);
    }

    @Test
    void aServiceMethodHeaderNamingAStandardMethodAnswers405AndRunsNothing() {
        seed("a", false);

        Http.Response response = http.post("/todos", Map.of(), "X-Service-Method", "remove");

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.object()).containsEntry("name", "MethodNotAllowed");
        assertThat(http.get("/todos").list()).extracting(t -> t.get("text")).containsExactly("a");
    }
}
