package dev.skein.core.memory;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.skein.core.memory.MemoryFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

class MemoryServiceCopiesTest {

    @Test
    void changingAReturnedItemDoesNotChangeTheStore() {
        MemoryService service = new MemoryService();
        Map<String, Object> created = item(service.create(map("text", "a", "tags", List.of("x")), null));
        created.put("text", "changed");
        Map<String, Object> got = item(service.get(0, null));
        got.put("text", "changed");
        @SuppressWarnings("unchecked")
        List<Object> tags = (List<Object>) got.get("tags");
        tags.add("y");
        items(service.find(null)).get(0).clear();
        assertThat(item(service.get(0, null))).isEqualTo(map("id", 0L, "text", "a", "tags", List.of("x")));
    }

    @Test
    void changingTheDataGivenDoesNotChangeTheStore() {
        MemoryService service = new MemoryService();
        List<Object> tags = new ArrayList<>(List.of("x"));
        Map<String, Object> data = map("text", "a", "tags", tags);
        join(service.create(data, null));
        data.put("text", "changed");
        tags.add("y");
        assertThat(item(service.get(0, null))).isEqualTo(map("id", 0L, "text", "a", "tags", List.of("x")));
    }

    @Test
    void createDoesNotAddTheIdToTheDataGiven() {
        Map<String, Object> data = map("text", "a");
        join(new MemoryService().create(data, null));
        assertThat(data).doesNotContainKey("id");
    }

    @org.junit.jupiter.api.Test
    void byteArraysAreStoredAndReturnedAsIndependentCopies() {
        dev.skein.core.App app = dev.skein.core.App.create();
        try {
            app.use("files", new MemoryService());
            byte[] bytes = {1, 2, 3};
            Object created = app.service("files").create(java.util.Map.of("blob", bytes)).join();
            bytes[0] = 9;

            Object blob = ((java.util.Map<?, ?>) app.service("files").get(((java.util.Map<?, ?>) created).get("id")).join()).get("blob");

            org.assertj.core.api.Assertions.assertThat(blob).isEqualTo(new byte[]{1, 2, 3});
        } finally {
            app.close();
        }
    }
}
