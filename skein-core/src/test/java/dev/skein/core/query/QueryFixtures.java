package dev.skein.core.query;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Data and helpers shared by the query tests. */
final class QueryFixtures {

    private QueryFixtures() {
    }

    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        return map;
    }

    static boolean matches(Map<String, ?> query, Map<String, ?> item) {
        return Query.parse(query).matches(item);
    }

    static List<Object> ids(List<? extends Map<String, ?>> items) {
        List<Object> ids = new ArrayList<>();
        for (Map<String, ?> item : items) ids.add(item.get("id"));
        return ids;
    }

    static final List<Map<String, Object>> PEOPLE = List.of(
            map("id", 1, "name", "Carla", "age", 31, "team", "b"),
            map("id", 2, "name", "alice", "age", 25L, "team", "a"),
            map("id", 3, "name", "Bob", "team", "a"),
            map("id", 4, "name", "Dan", "age", 25.0, "team", "b"),
            map("id", 5, "name", "Eve", "age", null, "team", "a"));
}
