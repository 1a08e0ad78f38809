package dev.skein.core.query;

import dev.skein.core.errors.BadRequest;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValuesTest {

    public record Point(int x, int y) {
    }

    @Test
    void idKeysOfTheSameNumberAreTheSameWhateverTheType() {
        for (Object seven : List.of(7, 7L, 7.0, 7.0f, new BigDecimal("7.000"), BigInteger.valueOf(7), "7")) {
            assertThat(Values.idKey(seven)).as("%s", seven.getClass()).isEqualTo("7");
        }
        assertThat(Values.idKey(2.5)).isEqualTo("2.5");
        assertThat(Values.idKey(new BigDecimal("1E+3"))).isEqualTo("1000");
        assertThat(Values.idKey("007")).isEqualTo("007");
        assertThat(Values.idKey(Long.MAX_VALUE)).isEqualTo("9223372036854775807");
    }

    @Test
    void anIdThatIsNotAStringOrANumberIsABadRequest() {
        assertThatThrownBy(() -> Values.idKey(Map.of("a", 1)))
                .isInstanceOf(BadRequest.class)
                .hasMessage("Invalid id '{a=1}': an id is a string or a number");
        assertThatThrownBy(() -> Values.idKey(true)).isInstanceOf(BadRequest.class);
        assertThatThrownBy(() -> Values.idKey(null)).isInstanceOf(BadRequest.class);
    }

    @Test
    void compareOnlyComparesValuesOfTheSameKind() {
        assertThat(Values.compare(1, 2.5)).isNegative();
        assertThat(Values.compare("b", "a")).isPositive();
        assertThat(Values.compare(false, true)).isNegative();
        assertThat(Values.compare(1, "1")).isNull();
        assertThat(Values.compare(null, 1)).isNull();
        assertThat(Values.compare(Map.of(), Map.of())).isNull();
    }

    @Test
    void infiniteAndNotANumberDoublesStillCompare() {
        assertThat(Values.compare(Double.POSITIVE_INFINITY, Long.MAX_VALUE)).isPositive();
        assertThat(Values.compare(Double.NEGATIVE_INFINITY, -1)).isNegative();
        assertThat(Values.same(Double.NaN, Double.NaN)).isTrue();
        assertThat(Values.same(0.0, -0.0)).isTrue();
    }

    @Test
    void orderRanksKindsThenValues() {
        List<Object> values = new ArrayList<>(Arrays.asList(true, List.of(1), "a", Map.of(), 2, null, 1.5, "B", false));
        values.sort(Values::order);
        assertThat(values).containsExactly(null, 1.5, 2, "B", "a", Map.of(), List.of(1), false, true);
    }

    @Test
    void copyIsDeepAndConvertsWhatIsNotJsonShaped() {
        List<Object> tags = new ArrayList<>(List.of("a"));
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("tags", tags);
        source.put("at", new Point(1, 2));
        source.put("day", LocalDate.of(2024, 2, 29));
        source.put("array", new Object[]{1, null});
        Map<String, Object> copy = Values.copyMap(source);
        tags.add("b");
        assertThat(copy).containsExactly(
                Map.entry("tags", List.of("a")),
                Map.entry("at", Map.of("x", 1, "y", 2)),
                Map.entry("day", "2024-02-29"),
                Map.entry("array", Arrays.asList(1, null)));
    }

    @Test
    void copyTurnsMapKeysIntoStrings() {
        assertThat(Values.copy(Map.of(1, "one"))).isEqualTo(Map.of("1", "one"));
    }

    @Test
    void lookupFollowsDottedPathsThroughMapsOnly() {
        Map<String, Object> item = Map.of("a", Map.of("b", Map.of("c", 1)), "l", List.of(Map.of("x", 1)));
        assertThat(Values.lookup(item, "a.b.c")).isEqualTo(1);
        assertThat(Values.lookup(item, "a.x.c")).isNull();
        assertThat(Values.lookup(item, "l.0.x")).isNull();
        assertThat(Values.lookup(null, "a")).isNull();
    }
}
