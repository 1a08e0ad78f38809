package dev.skein.core.query;

import dev.skein.core.errors.BadRequest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryTest {

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        return map;
    }

    private static boolean matches(Map<String, ?> query, Map<String, ?> item) {
        return Query.parse(query).matches(item);
    }

    private static List<Object> ids(List<? extends Map<String, ?>> items) {
        List<Object> ids = new ArrayList<>();
        for (Map<String, ?> item : items) ids.add(item.get("id"));
        return ids;
    }

    private static final List<Map<String, Object>> PEOPLE = List.of(
            map("id", 1, "name", "Carla", "age", 31, "team", "b"),
            map("id", 2, "name", "alice", "age", 25L, "team", "a"),
            map("id", 3, "name", "Bob", "team", "a"),
            map("id", 4, "name", "Dan", "age", 25.0, "team", "b"),
            map("id", 5, "name", "Eve", "age", null, "team", "a"));

    @Nested
    class Equality {

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

    @Nested
    class Ids {

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

    @Nested
    class Operators {

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

    @Nested
    class Filters {

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

    @Nested
    class Helpers {

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

    @Nested
    class BadInput {

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
}
