package dev.skein.core.query;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static dev.skein.core.query.QueryFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryFilterTest {

    @Test
    void filtersAreSeparatedFromConditions() {
        Query query = Query.parse(map("done", false, "$limit", 5, "$skip", 2, "$sort", map("a", 1, "b", -1), "$select", List.of("text")));
        assertThat(query.conditions()).isEqualTo(map("done", false));
        assertThat(query.limit()).hasValue(5);
        assertThat(query.skip()).isEqualTo(2);
        assertThat(query.sort()).containsExactly(Map.entry("a", 1), Map.entry("b", -1));
        assertThat(query.select()).contains(List.of("text"));
    }

    @Test
    void absentFiltersHaveNeutralValues() {
        Query query = Query.parse(map("a", 1));
        assertThat(query.limit()).isEmpty();
        assertThat(query.skip()).isZero();
        assertThat(query.sort()).isEmpty();
        assertThat(query.select()).isEmpty();
        assertThat(Query.parse(map("$limit", null, "$skip", null, "$sort", null, "$select", null)).limit()).isEmpty();
    }

    @Test
    void limitSkipAndSortAcceptTheStringsAUrlSends() {
        Query query = Query.parse(map("$limit", "10", "$skip", "0", "$sort", map("a", "-1", "b", "1")));
        assertThat(query.limit()).hasValue(10);
        assertThat(query.skip()).isZero();
        assertThat(query.sort()).containsExactly(Map.entry("a", -1), Map.entry("b", 1));
    }

    @Test
    void integralNumbersOfAnyTypeAreAccepted() {
        Query query = Query.parse(map("$limit", 10L, "$skip", 3.0, "$sort", map("a", -1.0, "b", new BigDecimal("1"))));
        assertThat(query.limit()).hasValue(10);
        assertThat(query.skip()).isEqualTo(3);
        assertThat(query.sort()).containsExactly(Map.entry("a", -1), Map.entry("b", 1));
    }

    @Test
    void aHugeLimitIsCappedToTheLargestInt() {
        assertThat(Query.parse(map("$limit", "99999999999999999999")).limit()).hasValue(Integer.MAX_VALUE);
        assertThat(Query.parse(map("$skip", Long.MAX_VALUE)).skip()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void selectAcceptsOneFieldName() {
        assertThat(Query.parse(map("$select", "text")).select()).contains(List.of("text"));
    }

    @Test
    void withLimitReplacesOnlyTheLimit() {
        Query query = Query.parse(map("a", 1, "$limit", 50, "$skip", 1));
        Query capped = query.withLimit(10);
        assertThat(capped.limit()).hasValue(10);
        assertThat(capped.skip()).isEqualTo(1);
        assertThat(capped.conditions()).isEqualTo(query.conditions());
        assertThat(query.limit()).hasValue(50);
        assertThatThrownBy(() -> query.withLimit(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
