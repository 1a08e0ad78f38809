package dev.skein.core.query;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static dev.skein.core.query.QueryFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

class QueryEqualityTest {

    @Test
    void aFieldEqualsItsValue() {
        assertThat(matches(map("done", false), map("done", false))).isTrue();
        assertThat(matches(map("done", false), map("done", true))).isFalse();
        assertThat(matches(map("text", "hi", "done", false), map("text", "hi", "done", false))).isTrue();
        assertThat(matches(map("text", "hi", "done", false), map("text", "hi", "done", true))).isFalse();
    }

    @Test
    void numbersAreEqualWhateverTheirJavaType() {
        for (Object one : List.of(1, 1L, 1.0, 1.0f, (short) 1, new BigDecimal("1.00"), java.math.BigInteger.ONE)) {
            assertThat(matches(map("n", 1), map("n", one))).as("%s", one.getClass()).isTrue();
            assertThat(matches(map("n", one), map("n", 1L))).as("%s", one.getClass()).isTrue();
        }
        assertThat(matches(map("n", 1.5), map("n", 1))).isFalse();
        assertThat(matches(map("n", 0.1), map("n", 0.1f))).isTrue();
    }

    @Test
    void aStringIsNeverCoercedToANumber() {
        assertThat(matches(map("n", "1"), map("n", 1))).isFalse();
        assertThat(matches(map("n", 1), map("n", "1"))).isFalse();
    }

    @Test
    void booleansEqualOnlyBooleans() {
        assertThat(matches(map("b", true), map("b", 1))).isFalse();
        assertThat(matches(map("b", true), map("b", "true"))).isFalse();
        assertThat(matches(map("b", false), map("b", 0))).isFalse();
    }

    @Test
    void nullMatchesAMissingOrNullFieldOnly() {
        Map<String, Object> query = map("x", null);
        assertThat(matches(query, map())).isTrue();
        assertThat(matches(query, map("x", null))).isTrue();
        assertThat(matches(query, map("x", 0))).isFalse();
        assertThat(matches(query, map("x", ""))).isFalse();
    }

    @Test
    void nestedObjectsAndListsCompareDeeply() {
        Map<String, Object> query = map("address", map("city", "Oslo", "zip", 150), "tags", List.of("a", 2));
        assertThat(matches(query, map("address", map("zip", 150L, "city", "Oslo"), "tags", List.of("a", 2.0)))).isTrue();
        assertThat(matches(query, map("address", map("city", "Oslo"), "tags", List.of("a", 2)))).isFalse();
        assertThat(matches(query, map("address", map("city", "Oslo", "zip", 150), "tags", List.of(2, "a")))).isFalse();
    }

    @Test
    void aDottedPathLooksIntoNestedObjects() {
        Map<String, Object> item = map("address", map("city", "Oslo", "geo", map("lat", 59)));
        assertThat(matches(map("address.city", "Oslo"), item)).isTrue();
        assertThat(matches(map("address.geo.lat", map("$gt", 50)), item)).isTrue();
        assertThat(matches(map("address.country", null), item)).isTrue();
        assertThat(matches(map("address.city.name", "Oslo"), item)).isFalse();
    }

    @Test
    void anEntryNamedLikeTheDottedPathWins() {
        Map<String, Object> item = map("a.b", 1, "a", map("b", 2));
        assertThat(matches(map("a.b", 1), item)).isTrue();
        assertThat(matches(map("a.b", 2), item)).isFalse();
    }

    @Test
    void anEmptyOrNullQueryMatchesEverything() {
        assertThat(Query.parse(map()).matches(map("a", 1))).isTrue();
        assertThat(Query.parse(null).matches(map("a", 1))).isTrue();
        assertThat(Query.empty().matches(null)).isTrue();
    }

    @Test
    void filtersPlayNoPartInMatching() {
        assertThat(matches(map("$limit", 0, "$skip", 3, "$sort", map("a", 1), "$select", List.of("b")), map("a", 1))).isTrue();
    }
}
