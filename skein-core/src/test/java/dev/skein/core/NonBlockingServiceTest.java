package dev.skein.core;

import dev.skein.core.internal.DirectService;
import dev.skein.core.internal.ReadAhead;
import dev.skein.core.memory.MemoryService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static dev.skein.core.Calls.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link ServiceOptions#nonBlocking()}: where the calls of a service that promised never to block run. */
@org.junit.jupiter.api.Timeout(30)
class NonBlockingServiceTest {

    private final App app = App.builder().name("non-blocking-test").build();
    private final List<Thread> ranOn = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeApp() {
        app.close();
    }

    /** A memory service that notes the thread each get runs on. */
    private ServiceHandle items(boolean nonBlocking) {
        MemoryService items = new MemoryService() {
            @Override
            public java.util.concurrent.CompletionStage<Object> get(Object id, Params params) {
                ranOn.add(Thread.currentThread());
                return super.get(id, params);
            }
        };
        app.use("items", items, ServiceOptions.builder().nonBlocking(nonBlocking).build());
        ServiceHandle handle = app.service("items");
        result(handle.create(Map.of("id", 1, "name", "one")));
        return handle;
    }

    @Test
    void withoutHooksItsCallsRunOnTheCallersThreadAndAnswerAtOnce() {
        ServiceHandle items = items(true);

        CompletableFuture<Object> got = items.get(1);

        assertThat(got).isDone();
        assertThat(result(got)).isEqualTo(Map.of("id", 1, "name", "one"));
        assertThat(ranOn).containsExactly(Thread.currentThread());
    }

    @Test
    void aServiceThatDoesNotSaySoRunsOnTheAppsExecutor() {
        ServiceHandle items = items(false);

        result(items.get(1));

        assertThat(ranOn).hasSize(1).doesNotContain(Thread.currentThread());
    }

    @Test
    void withAHookItsCallsRunOnTheAppsExecutorAsEver() {
        ServiceHandle items = items(true);
        items.hooks().before(ctx -> { });

        result(items.get(1));

        assertThat(ranOn).hasSize(1).doesNotContain(Thread.currentThread());
    }

    @Test
    void whenMoreCallsWaitBehindItOnTheDeliveringThreadItGoesToTheExecutorToo() {
        ServiceHandle items = items(true);
        CompletableFuture<Object>[] got = new CompletableFuture[1];

        ReadAhead.deliver(true, () -> got[0] = items.get(1));

        assertThat(result(got[0])).isEqualTo(Map.of("id", 1, "name", "one"));
        assertThat(ranOn).hasSize(1).doesNotContain(Thread.currentThread());
    }

    /** A wait inside for a call still pending fails at once: on an I/O thread it could be waiting for itself. */
    @Test
    void aWaitInsideForAPendingRemoteCallFailsAtOnce() {
        CompletableFuture<Object> never = new CompletableFuture<>();
        // as the mesh registers the proxy of a remote service: a future completed where the answer arrives
        app.use("remote", (DirectService) (method, id, data, params) -> never,
                ServiceOptions.builder().methods("get").automaticEvents(false).build());
        app.use("waits", new BlockingService() {
            @Override
            public Object get(Object id, Params params) {
                return app.service("remote").get(id).join();
            }
        }, ServiceOptions.builder().nonBlocking(true).build());

        long start = System.nanoTime();
        // called from a thread of its own: were the wait not refused, the test would fail by its timeout, not hang
        assertThatThrownBy(() -> CompletableFuture.supplyAsync(() -> app.service("waits").get(1)).thenCompose(f -> f).get(10, TimeUnit.SECONDS))
                .hasRootCauseInstanceOf(IllegalStateException.class).rootCause().hasMessageContaining("nonBlocking");
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(5);
    }
}
