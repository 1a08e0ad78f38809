package dev.skein.core.memory;

import dev.skein.core.errors.BadRequest;
import dev.skein.core.errors.Conflict;
import dev.skein.core.errors.MethodNotAllowed;
import dev.skein.core.errors.SkeinError;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.skein.core.memory.MemoryFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

class MemoryServiceCreateTest {

    @Test
    void dataWithoutAnIdGetsIncreasingLongIdsFromZero() {
        MemoryService service = new MemoryService();
        assertThat(item(service.create(map("text", "a"), null))).isEqualTo(map("id", 0L, "text", "a"));
        assertThat(item(service.create(map("text", "b"), null))).isEqualTo(map("id", 1L, "text", "b"));
    }

    @Test
    void generatedIdsStartAtStartId() {
        MemoryService service = new MemoryService(MemoryOptions.builder().startId(100).build());
        assertThat(item(service.create(map(), null))).containsEntry("id", 100L);
    }

    @Test
    void dataWithAnIdKeepsIt() {
        MemoryService service = new MemoryService();
        assertThat(item(service.create(map("id", "abc", "text", "a"), null))).isEqualTo(map("id", "abc", "text", "a"));
        assertThat(item(service.get("abc", null))).containsEntry("text", "a");
    }

    @Test
    void generatedIdsSkipIdsInUse() {
        MemoryService service = new MemoryService();
        join(service.create(map("id", 0), null));
        join(service.create(map("id", "1"), null));
        assertThat(item(service.create(map(), null))).containsEntry("id", 2L);
    }

    @Test
    void creatingAnExistingIdIsAConflict() {
        MemoryService service = new MemoryService();
        join(service.create(map("id", 1, "text", "first"), null));
        SkeinError error = failure(service.create(map("id", "1", "text", "second"), null));
        assertThat(error).isInstanceOf(Conflict.class).hasMessage("An item with id '1' already exists");
        assertThat(item(service.get(1, null))).containsEntry("text", "first");
    }

    @Test
    void aPojoIsConvertedToAnObject() {
        MemoryService service = new MemoryService();
        assertThat(item(service.create(new Todo("pojo", true), null))).isEqualTo(map("id", 0L, "text", "pojo", "done", true));
    }

    @Test
    void aListNeedsMultiForCreate() {
        MemoryService service = new MemoryService();
        SkeinError error = failure(service.create(List.of(map("text", "a"), map("text", "b")), null));
        assertThat(error).isInstanceOf(MethodNotAllowed.class).hasMessage("Can not create multiple entries");
        assertThat(items(service.find(null))).isEmpty();
    }

    @Test
    void aListCreatesEveryItemWhenMultiAllowsCreate() {
        MemoryService service = new MemoryService(MemoryOptions.builder().multi("create").build());
        List<Map<String, Object>> created = items(service.create(List.of(map("text", "a"), new Todo("b", false), map("id", 9)), null));
        assertThat(created).containsExactly(map("id", 0L, "text", "a"), map("id", 1L, "text", "b", "done", false), map("id", 9));
        assertThat(items(service.find(null))).isEqualTo(created);
    }

    @Test
    void aListWithAnExistingOrRepeatedIdCreatesNothing() {
        MemoryService service = MemoryService.withItems(MemoryOptions.builder().multi(true).build(), List.of(map("id", 1)));
        assertThat(failure(service.create(List.of(map("text", "a"), map("id", 1L)), null)))
                .isInstanceOf(Conflict.class).hasMessage("An item with id '1' already exists");
        assertThat(failure(service.create(List.of(map("id", "x"), map("id", "x")), null)))
                .isInstanceOf(Conflict.class).hasMessage("An item with id 'x' already exists");
        assertThat(items(service.find(null))).containsExactly(map("id", 1));
    }

    @Test
    void anEmptyListCreatesNothing() {
        MemoryService service = new MemoryService(MemoryOptions.builder().multi(true).build());
        assertThat(items(service.create(List.of(), null))).isEmpty();
    }

    @Test
    void dataThatIsNotAnObjectIsABadRequest() {
        MemoryService service = new MemoryService(MemoryOptions.builder().multi(true).build());
        assertThat(failure(service.create("text", null))).isInstanceOf(BadRequest.class).hasMessage("Data must be an object, not a string");
        assertThat(failure(service.create(42, null))).isInstanceOf(BadRequest.class).hasMessage("Data must be an object, not a number");
        assertThat(failure(service.create(null, null))).isInstanceOf(BadRequest.class).hasMessage("Data must be an object, not null");
        assertThat(failure(service.create(List.of(map(), "b"), null)))
                .isInstanceOf(BadRequest.class).hasMessage("Item 1 of the data is not an object but a string");
        assertThat(items(service.find(null))).isEmpty();
    }

    @Test
    void anIdThatIsNotAStringOrANumberIsABadRequest() {
        MemoryService service = new MemoryService();
        assertThat(failure(service.create(map("id", List.of(1)), null)))
                .isInstanceOf(BadRequest.class).hasMessage("Invalid id '[1]': an id is a string or a number");
    }

    @Test
    void createAppliesSelectToWhatItReturns() {
        MemoryService service = new MemoryService();
        assertThat(item(service.create(map("text", "a", "done", false), query("$select", List.of("done")))))
                .isEqualTo(map("id", 0L, "done", false));
        assertThat(item(service.get(0, null))).containsKey("text");
    }
}
