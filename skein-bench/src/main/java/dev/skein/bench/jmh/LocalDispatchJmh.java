package dev.skein.bench.jmh;

import dev.skein.core.App;
import dev.skein.core.Params;
import dev.skein.core.ServiceHandle;
import dev.skein.core.memory.MemoryService;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Local dispatch, no mesh: {@code app.service("items").get(id)} on a memory service through the
 * handle's pipeline (the hop to the app's executor, hooks, the answer), waited for by the caller;
 * and the same with one before hook. What a call costs before any network is involved.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LocalDispatchJmh {

    private App app;
    private ServiceHandle items;
    private ServiceHandle hooked;
    private int id;

    @Setup
    public void setUp() {
        app = App.builder().name("jmh").build();
        app.use("items", new MemoryService());
        app.use("hooked", new MemoryService());
        items = app.service("items");
        hooked = app.service("hooked");
        hooked.hooks().before(ctx -> ctx.params().set("seen", true));
        for (int i = 0; i < 1000; i++) {
            java.util.Map<String, Object> todo = CodecJmh.todo();
            todo.put("id", i);
            items.create(todo).join();
            hooked.create(todo).join();
        }
    }

    @TearDown
    public void tearDown() {
        app.close();
    }

    @Benchmark
    public Object get() {
        int next = id++ % 1000;
        return items.get(next, new Params()).join();
    }

    @Benchmark
    public Object getWithHook() {
        int next = id++ % 1000;
        return hooked.get(next, new Params()).join();
    }

    @Benchmark
    public Object callServiceDirectly() {
        int next = id++ % 1000;
        return items.service().get(next, new Params()).toCompletableFuture().join();
    }
}
