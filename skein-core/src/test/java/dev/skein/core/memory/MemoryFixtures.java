package dev.skein.core.memory;

import dev.skein.core.Params;
import dev.skein.core.errors.SkeinError;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Data and helpers shared by the memory service tests. */
final class MemoryFixtures {

    private MemoryFixtures() {
    }

    public record Todo(String text, boolean done) {
    }

    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        return map;
    }

    static Object join(CompletionStage<Object> stage) {
        return stage.toCompletableFuture().join();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> item(CompletionStage<Object> stage) {
        return (Map<String, Object>) join(stage);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> items(CompletionStage<Object> stage) {
        return (List<Map<String, Object>>) join(stage);
    }

    /** The error a stage failed with; the stage must be a failed one, not a thrown exception. */
    static SkeinError failure(CompletionStage<Object> stage) {
        Throwable thrown = catchThrowable(() -> join(stage));
        assertThat(thrown).isInstanceOf(CompletionException.class);
        assertThat(thrown.getCause()).isInstanceOf(SkeinError.class);
        return (SkeinError) thrown.getCause();
    }

    static List<Object> ids(List<Map<String, Object>> items) {
        List<Object> ids = new ArrayList<>();
        for (Map<String, Object> item : items) ids.add(item.get("id"));
        return ids;
    }

    static Params query(Object... keysAndValues) {
        return Params.query(map(keysAndValues));
    }

    static MemoryService todos(MemoryOptions options) {
        return MemoryService.withItems(options, List.of(
                map("text", "write", "done", false, "rank", 3),
                map("text", "test", "done", true, "rank", 1),
                map("text", "ship", "done", false, "rank", 2)));
    }

    static MemoryService todos() {
        return todos(MemoryOptions.defaults());
    }
}
