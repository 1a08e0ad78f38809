package dev.skein.core.memory;

import dev.skein.core.Params;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.skein.core.memory.MemoryFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

class MemoryServicePaginationTest {

    private final MemoryOptions paginated = MemoryOptions.builder().paginate(2, 3).build();

    @SuppressWarnings("unchecked")
    private Map<String, Object> page(MemoryService service, Params params) {
        return (Map<String, Object>) join(service.find(params));
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> data(Map<String, Object> page) {
        return (List<Map<String, Object>>) page.get("data");
    }

    private MemoryService five() {
        MemoryService service = new MemoryService(paginated);
        for (int i = 0; i < 5; i++) join(service.create(map("n", i), null));
        return service;
    }

    @Test
    void aPaginatedFindAnswersAPageWithTheDefaultLimit() {
        Map<String, Object> page = page(five(), null);
        assertThat(page).containsOnlyKeys("total", "limit", "skip", "data");
        assertThat(page).containsEntry("total", 5).containsEntry("limit", 2).containsEntry("skip", 0);
        assertThat(ids(data(page))).containsExactly(0L, 1L);
    }

    @Test
    void skipAndLimitSelectThePage() {
        Map<String, Object> page = page(five(), query("$skip", 3, "$limit", "3"));
        assertThat(page).containsEntry("total", 5).containsEntry("limit", 3).containsEntry("skip", 3);
        assertThat(ids(data(page))).containsExactly(3L, 4L);
    }

    @Test
    void aLimitAboveTheMaximumIsCapped() {
        Map<String, Object> page = page(five(), query("$limit", 100));
        assertThat(page).containsEntry("limit", 3);
        assertThat(data(page)).hasSize(3);
    }

    @Test
    void aLimitOfZeroAnswersOnlyTheTotal() {
        Map<String, Object> page = page(five(), query("n", map("$gt", 1), "$limit", 0));
        assertThat(page).containsEntry("total", 3).containsEntry("limit", 0);
        assertThat(data(page)).isEmpty();
    }

    @Test
    void theTotalCountsMatchesNotThePage() {
        Map<String, Object> page = page(five(), query("n", map("$lt", 4), "$sort", map("n", -1)));
        assertThat(page).containsEntry("total", 4);
        assertThat(ids(data(page))).containsExactly(3L, 2L);
    }

    @Test
    void thePaginateParamTurnsPaginationOffForOneCall() {
        Params params = query("$limit", 4).set(MemoryService.PAGINATE_PARAM, false);
        assertThat(ids(items(five().find(params)))).containsExactly(0L, 1L, 2L, 3L);
    }

    @Test
    void withoutPaginationALimitOfZeroAnswersAnEmptyList() {
        assertThat(items(todos().find(query("$limit", 0)))).isEmpty();
    }
}
