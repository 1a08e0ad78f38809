package dev.skein.core.memory;

import dev.skein.core.errors.BadRequest;
import dev.skein.core.errors.NotFound;
import org.junit.jupiter.api.Test;

import static dev.skein.core.memory.MemoryFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

class MemoryServiceGetTest {

    @Test
    void anIdFindsItsItemAsANumberOrAString() {
        MemoryService service = todos();
        assertThat(item(service.get(1, null))).containsEntry("text", "test");
        assertThat(item(service.get("1", null))).containsEntry("text", "test");
        assertThat(item(service.get(1.0, null))).containsEntry("text", "test");
        assertThat(item(service.get("1", null))).containsEntry("id", 1L);
    }

    @Test
    void aMissingIdIsNotFoundNamingIt() {
        assertThat(failure(todos().get(7, null))).isInstanceOf(NotFound.class).hasMessage("No record found for id '7'");
    }

    @Test
    void anItemTheQueryDoesNotMatchIsNotFound() {
        MemoryService service = todos();
        assertThat(failure(service.get(1, query("done", false)))).isInstanceOf(NotFound.class).hasMessage("No record found for id '1'");
        assertThat(item(service.get(1, query("done", true)))).containsEntry("text", "test");
    }

    @Test
    void getAppliesSelect() {
        assertThat(item(todos().get(2, query("$select", "text")))).isEqualTo(map("id", 2L, "text", "ship"));
    }

    @Test
    void aNullIdIsABadRequest() {
        assertThat(failure(todos().get(null, null))).isInstanceOf(BadRequest.class).hasMessage("Method 'get' needs an id");
    }

    @Test
    void aBadQueryIsABadRequest() {
        assertThat(failure(todos().get(1, query("text", map("$like", "t%")))))
                .isInstanceOf(BadRequest.class).hasMessage("Invalid query operator '$like' on field 'text'");
    }
}
