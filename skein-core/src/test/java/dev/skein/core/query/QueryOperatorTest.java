package dev.skein.core.query;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.skein.core.query.QueryFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

class QueryOperatorTest {

    @Test
    void inMatchesAnyListedValue() {
        Map<String, Object> query = map("team", map("$in", List.of("a", "c")));
        assertThat(ids(Query.parse(query).filter(PEOPLE))).containsExactly(2, 3, 5);
        assertThat(matches(map("age", map("$in", List.of(25))), map("age", 25.0))).isTrue();
        assertThat(matches(map("x", map("$in", new ArrayList<>(java.util.Arrays.asList(1, null)))), map())).isTrue();
    }

    @Test
    void ninMatchesNoListedValue() {
        assertThat(ids(Query.parse(map("team", map("$nin", List.of("a", "c")))).filter(PEOPLE))).containsExactly(1, 4);
        assertThat(matches(map("x", map("$nin", List.of(1))), map())).isTrue();
    }

    @Test
    void emptyInMatchesNothingAndEmptyNinEverything() {
        assertThat(matches(map("a", map("$in", List.of())), map("a", 1))).isFalse();
        assertThat(matches(map("a", map("$nin", List.of())), map("a", 1))).isTrue();
    }

    @Test
    void neMatchesWhatIsNotTheSame() {
        assertThat(matches(map("a", map("$ne", 1)), map("a", 2))).isTrue();
        assertThat(matches(map("a", map("$ne", 1)), map("a", 1.0))).isFalse();
        assertThat(matches(map("a", map("$ne", 1)), map())).isTrue();
        assertThat(matches(map("a", map("$ne", null)), map())).isFalse();
        assertThat(matches(map("a", map("$ne", null)), map("a", 0))).isTrue();
    }

    @Test
    void rangeOperatorsCompareNumbersNumerically() {
        Map<String, Object> item = map("n", 5L);
        assertThat(matches(map("n", map("$lt", 5.5)), item)).isTrue();
        assertThat(matches(map("n", map("$lt", 5)), item)).isFalse();
        assertThat(matches(map("n", map("$lte", 5.0)), item)).isTrue();
        assertThat(matches(map("n", map("$lte", 4)), item)).isFalse();
        assertThat(matches(map("n", map("$gt", new BigDecimal("4.99"))), item)).isTrue();
        assertThat(matches(map("n", map("$gt", 5)), item)).isFalse();
        assertThat(matches(map("n", map("$gte", 5)), item)).isTrue();
        assertThat(matches(map("n", map("$gte", 6)), item)).isFalse();
    }

    @Test
    void rangeOperatorsCompareStringsLexicographically() {
        assertThat(matches(map("s", map("$lt", "b")), map("s", "abc"))).isTrue();
        assertThat(matches(map("s", map("$gt", "b")), map("s", "abc"))).isFalse();
        assertThat(matches(map("s", map("$gte", "B")), map("s", "a"))).isTrue();
    }

    @Test
    void rangeOperatorsOnIncomparableValuesDoNotMatch() {
        assertThat(matches(map("n", map("$lt", "10")), map("n", 5))).isFalse();
        assertThat(matches(map("n", map("$gte", "10")), map("n", 5))).isFalse();
        assertThat(matches(map("n", map("$gt", 1)), map())).isFalse();
        assertThat(matches(map("n", map("$lt", 1)), map("n", null))).isFalse();
        assertThat(matches(map("n", map("$lte", true)), map("n", 1))).isFalse();
        assertThat(matches(map("n", map("$lt", List.of(1))), map("n", List.of(0)))).isFalse();
    }

    @Test
    void severalOperatorsOnAFieldMustAllMatch() {
        Query query = Query.parse(map("age", map("$gte", 25, "$lt", 31)));
        assertThat(ids(query.filter(PEOPLE))).containsExactly(2, 4);
    }

    @Test
    void orMatchesWhenAnyBranchMatches() {
        Query query = Query.parse(map("$or", List.of(map("name", "Bob"), map("age", map("$gt", 30)))));
        assertThat(ids(query.filter(PEOPLE))).containsExactly(1, 3);
    }

    @Test
    void andMatchesWhenEveryBranchMatches() {
        Query query = Query.parse(map("$and", List.of(map("team", "a"), map("age", 25))));
        assertThat(ids(query.filter(PEOPLE))).containsExactly(2);
    }

    @Test
    void orAndAndNestAndCombineWithFields() {
        Query query = Query.parse(map(
                "team", "b",
                "$or", List.of(
                        map("age", map("$gt", 30)),
                        map("$and", List.of(map("name", "Dan"), map("age", 25))))));
        assertThat(ids(query.filter(PEOPLE))).containsExactly(1, 4);
    }

    @Test
    void emptyOrMatchesNothingAndEmptyAndEverything() {
        assertThat(matches(map("$or", List.of()), map("a", 1))).isFalse();
        assertThat(matches(map("$and", List.of()), map("a", 1))).isTrue();
    }
}
