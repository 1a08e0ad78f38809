package dev.skein.core.memory;

import dev.skein.core.Params;
import dev.skein.core.errors.BadRequest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.skein.core.memory.MemoryFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

class MemoryServiceFindTest {

    @Test
    void withoutPaginationFindAnswersEveryItemInCreationOrder() {
        assertThat(ids(items(todos().find(null)))).containsExactly(0L, 1L, 2L);
        assertThat(ids(items(todos().find(Params.of())))).containsExactly(0L, 1L, 2L);
    }

    @Test
    void findAppliesConditionsSortSkipLimitAndSelect() {
        MemoryService service = todos();
        assertThat(ids(items(service.find(query("done", false))))).containsExactly(0L, 2L);
        assertThat(ids(items(service.find(query("$sort", map("rank", "1")))))).containsExactly(1L, 2L, 0L);
        assertThat(ids(items(service.find(query("$sort", map("rank", -1), "$skip", "1", "$limit", "1"))))).containsExactly(2L);
        assertThat(items(service.find(query("rank", map("$gte", 2), "$select", List.of("rank")))))
                .containsExactly(map("id", 0L, "rank", 3), map("id", 2L, "rank", 2));
    }

    @Test
    void idConditionsMatchStringIds() {
        assertThat(ids(items(todos().find(query("id", map("$in", List.of("0", "2"))))))).containsExactly(0L, 2L);
        assertThat(ids(items(todos().find(query("id", "1"))))).containsExactly(1L);
    }

    @Test
    void aBadQueryIsABadRequest() {
        assertThat(failure(todos().find(query("$limit", "-5"))))
                .isInstanceOf(BadRequest.class).hasMessage("Invalid $limit '-5': expected a non-negative integer");
    }
}
