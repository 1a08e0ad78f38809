package dev.skein.testkit;

import dev.skein.core.App;
import dev.skein.core.memory.MemoryService;
import dev.skein.mesh.local.LocalTransport;
import dev.skein.mesh.sync.Sync;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Sync-only mode between instances in one JVM, and a custom adapter built from a transport. */
class LocalSyncTest extends SyncTck {

    @Override
    protected String uri() {
        return "local://";
    }

    @Override
    protected String type() {
        return "local";
    }

    @Test
    void aCustomAdapterIsAnyTransport() {
        try (App one = App.create(); App two = App.create()) {
            for (App app : List.of(one, two)) {
                app.use("messages", new MemoryService());
                app.configure(Sync.builder(new LocalTransport()).key("custom-adapter").build());
                Sync.of(app).ready().join();
            }
            List<Object> heard = Collections.synchronizedList(new ArrayList<>());
            two.service("messages").on("created", e -> heard.add(((Map<?, ?>) e.data()).get("text")));

            one.service("messages").create(Map.of("text", "through my adapter")).join();

            await().atMost(Duration.ofSeconds(5)).until(() -> heard.size() == 1);
            assertThat(heard).containsExactly("through my adapter");
        }
    }
}
