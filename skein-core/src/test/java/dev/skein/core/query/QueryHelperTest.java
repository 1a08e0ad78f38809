package dev.skein.core.query;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.skein.core.query.QueryFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryHelperTest {

    @Test
    void sortingUsesFieldsInOrderWithMissingValuesFirstAndIsStable() {
        Query query = Query.parse(map("$sort", map("team", 1, "age", 1)));
        assertThat(ids(query.sorted(PEOPLE))).containsExactly(3, 5, 2, 4, 1);
    }

    @Test
    void descendingSortPutsMissingValuesLast() {
        Query query = Query.parse(map("$sort", map("age", -1)));
        assertThat(ids(query.sorted(PEOPLE))).containsExactly(1, 2, 4, 3, 5);
    }

    @Test
    void equalSortKeysKeepTheirOrder() {
        Query query = Query.parse(map("$sort", map("team", "-1")));
        assertThat(ids(query.sorted(PEOPLE))).containsExactly(1, 4, 2, 3, 5);
    }

    @Test
    void stringsSortLexicographically() {
        Query query = Query.parse(map("$sort", map("name", 1)));
        assertThat(ids(query.sorted(PEOPLE))).containsExactly(3, 1, 4, 5, 2);
    }

    @Test
    void noSortKeepsTheOrderAndCopiesTheList() {
        List<Map<String, Object>> sorted = Query.empty().sorted(PEOPLE);
        assertThat(sorted).isEqualTo(PEOPLE).isNotSameAs(PEOPLE);
    }

    @Test
    void pagingSkipsThenLimits() {
        assertThat(ids(Query.parse(map("$skip", 1, "$limit", 2)).paged(PEOPLE))).containsExactly(2, 3);
        assertThat(ids(Query.parse(map("$skip", 4, "$limit", 2)).paged(PEOPLE))).containsExactly(5);
        assertThat(Query.parse(map("$skip", 10)).paged(PEOPLE)).isEmpty();
        assertThat(Query.parse(map("$limit", 0)).paged(PEOPLE)).isEmpty();
        assertThat(Query.parse(map("$limit", Integer.MAX_VALUE, "$skip", 1)).paged(PEOPLE)).hasSize(4);
    }

    @Test
    void selectKeepsTheChosenFieldsAndTheId() {
        Map<String, Object> item = map("id", 1, "text", "hi", "done", false);
        assertThat(Query.parse(map("$select", List.of("done"))).project(item)).containsExactly(Map.entry("id", 1), Map.entry("done", false));
        assertThat(Query.parse(map("$select", List.of())).project(item)).containsExactly(Map.entry("id", 1));
        assertThat(Query.parse(map("$select", List.of("missing"))).project(item)).containsOnlyKeys("id");
        assertThat(Query.parse(map("$select", "text"), "text").project(item)).containsOnlyKeys("text");
    }

    @Test
    void projectWithoutSelectIsAShallowCopy() {
        Map<String, Object> item = map("id", 1, "text", "hi");
        Map<String, Object> projected = Query.empty().project(item);
        assertThat(projected).isEqualTo(item).isNotSameAs(item);
    }

    @Test
    void applyFiltersSortsPagesAndSelects() {
        Query query = Query.parse(map(
                "team", map("$in", List.of("a", "b")),
                "age", map("$ne", null),
                "$sort", map("age", -1, "name", 1),
                "$skip", 1,
                "$limit", 2,
                "$select", List.of("name")));
        assertThat(query.apply(PEOPLE)).containsExactly(map("id", 4, "name", "Dan"), map("id", 2, "name", "alice"));
    }

    @Test
    void theQueryIsACopyOfTheMapItWasParsedFrom() {
        List<Object> teams = new ArrayList<>(List.of("a"));
        Map<String, Object> source = map("team", map("$in", teams));
        Query query = Query.parse(source);
        teams.add("b");
        source.put("name", "nobody");
        assertThat(ids(query.filter(PEOPLE))).containsExactly(2, 3, 5);
        assertThat(query.conditions()).isEqualTo(map("team", map("$in", List.of("a"))));
    }

    @Test
    void conditionsAreUnmodifiableAllTheWayDown() {
        Query query = Query.parse(map("team", map("$in", new ArrayList<>(List.of("a")))));
        assertThatThrownBy(() -> query.conditions().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> team = (Map<String, Object>) query.conditions().get("team");
        assertThatThrownBy(() -> team.put("$nin", List.of())).isInstanceOf(UnsupportedOperationException.class);
        @SuppressWarnings("unchecked")
        List<Object> in = (List<Object>) team.get("$in");
        assertThatThrownBy(() -> in.add("b")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void helpersNeverChangeTheirInput() {
        List<Map<String, Object>> items = new ArrayList<>(PEOPLE);
        Query.parse(map("$sort", map("age", 1), "$select", List.of("name"), "$limit", 1)).apply(items);
        assertThat(items).isEqualTo(PEOPLE);
        assertThat(PEOPLE.get(0)).containsKeys("age", "team");
    }
}
