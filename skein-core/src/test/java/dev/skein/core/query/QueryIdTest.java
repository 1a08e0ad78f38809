package dev.skein.core.query;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.skein.core.query.QueryFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

class QueryIdTest {

    @Test
    void anIdMatchesItsStringOrNumberForm() {
        assertThat(matches(map("id", "1"), map("id", 1L))).isTrue();
        assertThat(matches(map("id", 1), map("id", "1"))).isTrue();
        assertThat(matches(map("id", 1.0), map("id", "1"))).isTrue();
        assertThat(matches(map("id", "2"), map("id", 1))).isFalse();
    }

    @Test
    void idOperatorsUseTheSameRule() {
        assertThat(matches(map("id", map("$in", List.of("1", "3"))), map("id", 3))).isTrue();
        assertThat(matches(map("id", map("$nin", List.of("1", "3"))), map("id", 3))).isFalse();
        assertThat(matches(map("id", map("$ne", "3")), map("id", 3))).isFalse();
    }

    @Test
    void idRangesCompareNumericallyWhenBothSidesAreNumbers() {
        assertThat(matches(map("id", map("$gt", "9")), map("id", 10))).isTrue();
        assertThat(matches(map("id", map("$lt", 9)), map("id", "10"))).isFalse();
        assertThat(matches(map("id", map("$gt", "abc")), map("id", 10))).isFalse();
        assertThat(matches(map("id", map("$gt", "a")), map("id", "b"))).isTrue();
    }

    @Test
    void theIdFieldCanBeChosenAndOtherFieldsAreNotCoerced() {
        assertThat(Query.parse(map("_id", "7"), "_id").matches(map("_id", 7))).isTrue();
        assertThat(Query.parse(map("id", "7"), "_id").matches(map("id", 7))).isFalse();
        assertThat(Query.parse(map("id", "7"), "_id").idField()).isEqualTo("_id");
    }
}
