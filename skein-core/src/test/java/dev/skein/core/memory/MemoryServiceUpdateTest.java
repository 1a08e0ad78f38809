package dev.skein.core.memory;

import dev.skein.core.errors.BadRequest;
import dev.skein.core.errors.NotFound;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.skein.core.memory.MemoryFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

class MemoryServiceUpdateTest {

    @Test
    void updateReplacesTheWholeItemKeepingItsId() {
        MemoryService service = todos();
        Map<String, Object> updated = item(service.update("1", map("id", 99, "text", "new"), null));
        assertThat(updated).isEqualTo(map("id", 1L, "text", "new"));
        assertThat(item(service.get(1, null))).isEqualTo(updated);
        assertThat(failure(service.get(99, null))).isInstanceOf(NotFound.class);
        assertThat(ids(items(service.find(null)))).containsExactly(0L, 1L, 2L);
    }

    @Test
    void updateOfAMissingIdIsNotFound() {
        assertThat(failure(todos().update(7, map(), null))).isInstanceOf(NotFound.class).hasMessage("No record found for id '7'");
    }

    @Test
    void updateOfAnItemTheQueryDoesNotMatchIsNotFound() {
        MemoryService service = todos();
        assertThat(failure(service.update(1, map("text", "x"), query("done", false)))).isInstanceOf(NotFound.class);
        assertThat(item(service.get(1, null))).containsEntry("text", "test");
    }

    @Test
    void updateWithoutAnIdIsABadRequest() {
        assertThat(failure(todos().update(null, map(), null)))
                .isInstanceOf(BadRequest.class).hasMessage("You can not replace multiple instances. Did you mean 'patch'?");
    }

    @Test
    void updateWithDataThatIsNotAnObjectIsABadRequest() {
        assertThat(failure(todos().update(1, List.of(), null))).isInstanceOf(BadRequest.class).hasMessage("Data must be an object, not a list");
    }

    @Test
    void updateAcceptsAPojo() {
        assertThat(item(todos().update(0, new Todo("pojo", true), null))).isEqualTo(map("id", 0L, "text", "pojo", "done", true));
    }
}
