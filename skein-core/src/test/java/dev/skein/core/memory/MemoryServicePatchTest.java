package dev.skein.core.memory;

import dev.skein.core.errors.BadRequest;
import dev.skein.core.errors.MethodNotAllowed;
import dev.skein.core.errors.NotFound;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.skein.core.memory.MemoryFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

class MemoryServicePatchTest {

    @Test
    void patchMergesTopLevelFieldsAndIgnoresTheId() {
        MemoryService service = todos();
        Map<String, Object> patched = item(service.patch("2", map("id", 5, "done", true, "tag", "x"), null));
        assertThat(patched).isEqualTo(map("id", 2L, "text", "ship", "done", true, "rank", 2, "tag", "x"));
        assertThat(item(service.get(2, null))).isEqualTo(patched);
        assertThat(failure(service.get(5, null))).isInstanceOf(NotFound.class);
    }

    @Test
    void patchOfAMissingOrUnmatchedItemIsNotFound() {
        MemoryService service = todos();
        assertThat(failure(service.patch(7, map(), null))).isInstanceOf(NotFound.class).hasMessage("No record found for id '7'");
        assertThat(failure(service.patch(1, map("done", false), query("done", false)))).isInstanceOf(NotFound.class);
        assertThat(item(service.get(1, null))).containsEntry("done", true);
    }

    @Test
    void patchWithoutAnIdNeedsMultiForPatch() {
        MemoryService service = todos(MemoryOptions.builder().multi("create", "remove").build());
        assertThat(failure(service.patch(null, map("done", true), query("done", false))))
                .isInstanceOf(MethodNotAllowed.class).hasMessage("Can not patch multiple entries");
        assertThat(ids(items(service.find(query("done", true))))).containsExactly(1L);
    }

    @Test
    void patchWithoutAnIdPatchesEveryMatchWhenMultiAllowsPatch() {
        MemoryService service = todos(MemoryOptions.builder().multi("patch").build());
        List<Map<String, Object>> patched = items(service.patch(null, map("done", true), query("done", false, "$select", List.of("done"))));
        assertThat(patched).containsExactly(map("id", 0L, "done", true), map("id", 2L, "done", true));
        assertThat(ids(items(service.find(query("done", true))))).containsExactly(0L, 1L, 2L);
    }

    @Test
    void patchWithoutAnIdHonoursSortAndLimit() {
        MemoryService service = todos(MemoryOptions.builder().multi(true).build());
        List<Map<String, Object>> patched = items(service.patch(null, map("top", true), query("$sort", map("rank", -1), "$limit", 1)));
        assertThat(ids(patched)).containsExactly(0L);
        assertThat(ids(items(service.find(query("top", true))))).containsExactly(0L);
    }

    @Test
    void patchWithDataThatIsNotAnObjectIsABadRequest() {
        assertThat(failure(todos().patch(1, "done", null))).isInstanceOf(BadRequest.class).hasMessage("Data must be an object, not a string");
    }
}
