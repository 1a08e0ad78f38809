package dev.skein.core.memory;

import dev.skein.core.errors.MethodNotAllowed;
import dev.skein.core.errors.NotFound;
import org.junit.jupiter.api.Test;

import static dev.skein.core.memory.MemoryFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

class MemoryServiceRemoveTest {

    @Test
    void removeAnswersTheRemovedItem() {
        MemoryService service = todos();
        assertThat(item(service.remove("1", null))).isEqualTo(map("id", 1L, "text", "test", "done", true, "rank", 1));
        assertThat(failure(service.get(1, null))).isInstanceOf(NotFound.class);
        assertThat(ids(items(service.find(null)))).containsExactly(0L, 2L);
    }

    @Test
    void removeOfAMissingOrUnmatchedItemIsNotFound() {
        MemoryService service = todos();
        assertThat(failure(service.remove(7, null))).isInstanceOf(NotFound.class).hasMessage("No record found for id '7'");
        assertThat(failure(service.remove(1, query("done", false)))).isInstanceOf(NotFound.class);
        assertThat(items(service.find(null))).hasSize(3);
    }

    @Test
    void removeWithoutAnIdNeedsMultiForRemove() {
        MemoryService service = todos(MemoryOptions.builder().multi("patch").build());
        assertThat(failure(service.remove(null, query("done", false))))
                .isInstanceOf(MethodNotAllowed.class).hasMessage("Can not remove multiple entries");
        assertThat(items(service.find(null))).hasSize(3);
    }

    @Test
    void removeWithoutAnIdRemovesEveryMatchWhenMultiAllowsRemove() {
        MemoryService service = todos(MemoryOptions.builder().multi(true).build());
        assertThat(ids(items(service.remove(null, query("done", false))))).containsExactly(0L, 2L);
        assertThat(ids(items(service.find(null)))).containsExactly(1L);
        assertThat(ids(items(service.remove(null, null)))).containsExactly(1L);
        assertThat(items(service.find(null))).isEmpty();
    }
}
