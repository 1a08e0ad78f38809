package dev.skein.examples.happner;

import dev.skein.core.Params;
import dev.skein.core.Service;
import dev.skein.core.errors.BadRequest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The historian component: records sensor readings and answers a sensor's history. Each answer
 * names the member that served it, to show the calls taking turns. Each member keeps its own
 * readings in memory here; a real historian writes them to a store the members share.
 */
public final class History implements Service {

    private final String member;
    private final Map<String, List<Object>> readings = new ConcurrentHashMap<>();

    public History(String member) {
        this.member = member;
    }

    /** Records {@code {sensor, value}}. */
    @Override
    public CompletionStage<Object> create(Object data, Params params) {
        if (!(data instanceof Map<?, ?> reading) || !(reading.get("sensor") instanceof String sensor) || reading.get("value") == null) {
            throw new BadRequest("A reading is {sensor, value}");
        }
        readings.computeIfAbsent(sensor, s -> new CopyOnWriteArrayList<>()).add(reading.get("value"));
        return answer(Map.of("sensor", sensor, "value", reading.get("value")));
    }

    /** The history of one sensor. */
    @Override
    public CompletionStage<Object> get(Object sensor, Params params) {
        return answer(Map.of("id", sensor, "values", List.copyOf(readings.getOrDefault(String.valueOf(sensor), List.of()))));
    }

    /** Forgets a sensor: for the members of the mesh only, the edge does not broker it. */
    @Override
    public CompletionStage<Object> remove(Object sensor, Params params) {
        readings.remove(String.valueOf(sensor));
        return answer(Map.of("id", sensor));
    }

    private CompletionStage<Object> answer(Map<String, Object> fields) {
        Map<String, Object> out = new LinkedHashMap<>(fields);
        out.put("servedBy", member);
        return CompletableFuture.completedFuture(out);
    }
}
