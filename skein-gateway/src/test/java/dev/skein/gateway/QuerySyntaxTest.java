package dev.skein.gateway;

import dev.skein.core.App;
import dev.skein.core.Methods;
import dev.skein.core.memory.MemoryService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static dev.skein.gateway.Cluster.join;
import static org.assertj.core.api.Assertions.assertThat;

/** The bracket syntax of Feathers queries in REST URLs, as the service node receives it and as it filters. */
class QuerySyntaxTest {

    private Cluster cluster;
    private Http http;
    /** The query of the last find, as a hook on the service node saw it. */
    private final AtomicReference<Map<String, Object>> received = new AtomicReference<>();

    @BeforeEach
    void start() {
        cluster = Cluster.local();
        App serviceNode = cluster.node("service", app -> {
            app.use("todos", new MemoryService());
            app.service("todos").hooks().before(Methods.FIND, ctx -> received.set(ctx.params().query()));
        });
        for (Object[] todo : new Object[][] {{"a", false, 1}, {"b", false, 2}, {"c", false, 3}, {"a", true, 4}}) {
            join(serviceNode.service("todos").create(Map.of("text", todo[0], "done", todo[1], "createdAt", todo[2])));
        }
        App gatewayApp = cluster.node("gateway", app -> { });
        Gateway gateway = Cluster.gateway(gatewayApp);
        Cluster.awaitService(gatewayApp, "todos");
        http = new Http(gateway);
    }

    @AfterEach
    void close() {
        cluster.close();
    }

    @Test
    void filtersOperatorsAndSortOfAFeathersQueryStringReachTheServiceTyped() {
        Http.Response response = http.get("/todos?done=false&$limit=10&$sort[createdAt]=-1&text[$in][]=a&text[$in][]=b");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.list()).extracting(t -> t.get("createdAt")).containsExactly(2, 1);
        Map<String, Object> query = received.get();
        assertThat(query).containsEntry("done", false);
        assertThat(query.get("$limit")).isInstanceOf(Number.class).matches(n -> ((Number) n).intValue() == 10);
        assertThat(query.get("$sort")).isInstanceOfSatisfying(Map.class, sort ->
                assertThat(((Number) sort.get("createdAt")).intValue()).isEqualTo(-1));
        assertThat(query.get("text")).isEqualTo(Map.of("$in", List.of("a", "b")));
    }

    @Test
    void numbersAndBooleansAreTypedWhileOtherTextStaysText() {
        Http.Response response = http.get("/todos?createdAt[$gt]=2&done=false&note=007x&ratio=1.5&flag=true&empty=null");

        assertThat(response.status()).isEqualTo(200);
        Map<String, Object> query = received.get();
        assertThat(query.get("createdAt")).isInstanceOfSatisfying(Map.class, gt ->
                assertThat(gt.get("$gt")).isInstanceOf(Number.class).matches(n -> ((Number) n).intValue() == 2));
        assertThat(query).containsEntry("done", false).containsEntry("flag", true).containsEntry("note", "007x")
                .containsEntry("ratio", 1.5).containsEntry("empty", null);
    }

    @Test
    void numbersFilterAsNumbers() {
        Http.Response response = http.get("/todos?createdAt[$gte]=3");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.list()).extracting(t -> t.get("createdAt")).containsExactly(3, 4);
    }

    @Test
    void orIsWrittenWithIndexedBrackets() {
        Http.Response response = http.get("/todos?$or[0][text]=b&$or[1][createdAt]=3");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.list()).extracting(t -> t.get("text")).containsExactly("b", "c");
        assertThat(received.get().get("$or")).isInstanceOf(List.class);
        List<?> or = (List<?>) received.get().get("$or");
        assertThat(or).hasSize(2);
        assertThat((Map<?, ?>) or.get(0)).isEqualTo(Map.of("text", "b"));
        assertThat(((Number) ((Map<?, ?>) or.get(1)).get("createdAt")).intValue()).isEqualTo(3);
    }

    @Test
    void selectWithEmptyBracketsKeepsOnlyTheNamedFields() {
        Http.Response response = http.get("/todos?$select[]=text&done=true");

        assertThat(response.status()).isEqualTo(200);
        assertThat(received.get()).containsEntry("$select", List.of("text"));
        assertThat(response.list()).singleElement().satisfies(todo -> {
            assertThat(todo).containsEntry("text", "a");
            assertThat(todo).doesNotContainKeys("done", "createdAt");
        });
    }

    @Test
    void aMalformedBracketKeyAnswers400WithAJsonError() {
        Http.Response unclosed = http.get("/todos?text[$in=a");
        Http.Response trailing = http.get("/todos?text[$in]x=a");
        Http.Response nameless = http.get("/todos?[a]=1");

        for (Http.Response response : List.of(unclosed, trailing, nameless)) {
            assertThat(response.status()).as(response.toString()).isEqualTo(400);
            assertThat(response.object()).containsEntry("name", "BadRequest").containsEntry("code", 400)
                    .containsEntry("className", "bad-request").containsKey("message");
        }
        assertThat(received.get()).isNull();
    }

    @Test
    void nestingDeeperThanTheLimitAnswers400() {
        Http.Response response = http.get("/todos?a[b][c][d][e][f][g]=1");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.object()).containsEntry("name", "BadRequest");
    }
}
