package dev.skein.core.query;

import dev.skein.core.errors.BadRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.skein.core.query.QueryFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryBadInputTest {

    private void assertBadRequest(Map<String, ?> query, String message) {
        assertThatThrownBy(() -> Query.parse(query)).isInstanceOf(BadRequest.class).hasMessage(message);
    }

    @Test
    void unknownOperatorIsABadRequestNamingItAndTheField() {
        assertBadRequest(map("text", map("$foo", 1)), "Invalid query operator '$foo' on field 'text'");
    }

    @Test
    void unknownOperatorInsideOrIsABadRequestToo() {
        assertBadRequest(map("$or", List.of(map("a", 1), map("b", map("$regex", "x")))), "Invalid query operator '$regex' on field 'b'");
    }

    @Test
    void unknownTopLevelParameterIsABadRequestNamingIt() {
        assertBadRequest(map("$where", "1 == 1"), "Invalid query parameter '$where'");
    }

    @Test
    void filtersInsideOrAreABadRequest() {
        assertBadRequest(map("$or", List.of(map("$limit", 1))), "Invalid query parameter '$limit' inside $or");
        assertBadRequest(map("$and", List.of(map("$or", List.of(map("$sort", map("a", 1)))))), "Invalid query parameter '$sort' inside $or");
    }

    @Test
    void operatorsMixedWithPlainFieldsAreABadRequest() {
        assertBadRequest(map("a", map("$gt", 1, "b", 2)), "Invalid condition on field 'a': operators and plain fields cannot be mixed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"$limit", "$skip"})
    void limitOrSkipThatIsNotANonNegativeIntegerIsABadRequest(String filter) {
        assertBadRequest(map(filter, -1), "Invalid " + filter + " -1: expected a non-negative integer");
        assertBadRequest(map(filter, "-1"), "Invalid " + filter + " '-1': expected a non-negative integer");
        assertBadRequest(map(filter, 1.5), "Invalid " + filter + " 1.5: expected a non-negative integer");
        assertBadRequest(map(filter, "ten"), "Invalid " + filter + " 'ten': expected a non-negative integer");
        assertBadRequest(map(filter, ""), "Invalid " + filter + " '': expected a non-negative integer");
        assertBadRequest(map(filter, true), "Invalid " + filter + " true: expected a non-negative integer");
        assertBadRequest(map(filter, Double.NaN), "Invalid " + filter + " NaN: expected a non-negative integer");
        assertBadRequest(map(filter, List.of(1)), "Invalid " + filter + " a list: expected a non-negative integer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"$in", "$nin"})
    void inOrNinWithoutAListIsABadRequest(String operator) {
        assertBadRequest(map("team", map(operator, "a")), "Invalid " + operator + " on field 'team': expected a list, got 'a'");
        assertBadRequest(map("team", map(operator, map("0", "a"))), "Invalid " + operator + " on field 'team': expected a list, got an object");
        assertBadRequest(map("team", map(operator, null)), "Invalid " + operator + " on field 'team': expected a list, got null");
    }

    @ParameterizedTest
    @ValueSource(strings = {"$or", "$and"})
    void orOrAndWithoutAListOfObjectsIsABadRequest(String operator) {
        assertBadRequest(map(operator, map("a", 1)), "Invalid " + operator + ": expected a list of query objects, got an object");
        assertBadRequest(map(operator, List.of(map("a", 1), "b")), "Invalid " + operator + ": expected a list of query objects, but item 1 is 'b'");
        assertBadRequest(map(operator, "a"), "Invalid " + operator + ": expected a list of query objects, got 'a'");
    }

    @Test
    void sortDirectionOtherThanOneOrMinusOneIsABadRequest() {
        assertBadRequest(map("$sort", map("name", 2)), "Invalid $sort direction 2 for field 'name': expected 1 or -1");
        assertBadRequest(map("$sort", map("name", "asc")), "Invalid $sort direction 'asc' for field 'name': expected 1 or -1");
        assertBadRequest(map("$sort", map("name", 1.5)), "Invalid $sort direction 1.5 for field 'name': expected 1 or -1");
        assertBadRequest(map("$sort", map("name", null)), "Invalid $sort direction null for field 'name': expected 1 or -1");
    }

    @Test
    void sortThatIsNotAnObjectIsABadRequest() {
        assertBadRequest(map("$sort", "name"), "Invalid $sort 'name': expected an object of field: 1 or -1");
    }

    @Test
    void selectThatIsNotAListOfStringsIsABadRequest() {
        assertBadRequest(map("$select", List.of("a", 1)), "Invalid $select a list: expected a list of field names");
        assertBadRequest(map("$select", 1), "Invalid $select 1: expected a list of field names");
        assertBadRequest(map("$select", map("a", 1)), "Invalid $select an object: expected a list of field names");
    }

    @Test
    void aNullValueInTheQueryMapIsAnEqualityNotAnError() {
        Map<String, Object> query = new HashMap<>();
        query.put("x", null);
        assertThat(Query.parse(query).conditions()).containsEntry("x", null);
    }
}
