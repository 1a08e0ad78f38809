package dev.skein.testkit;

import dev.skein.core.App;
import dev.skein.core.Methods;
import dev.skein.core.ServiceEvent;
import dev.skein.core.memory.MemoryService;
import dev.skein.mesh.sync.Sync;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Sync-only mode (feathers-sync) over one broker: each broker module runs this suite with its URI. */
public abstract class SyncTck {

    private final List<App> apps = new ArrayList<>();
    private final String key = "sync-" + UUID.randomUUID();

    /** The broker URI. */
    protected abstract String uri();

    /** The adapter type {@link Sync#type()} reports. */
    protected abstract String type();

    /** Closes every instance the test made. */
    @AfterEach
    public void closeApps() {
        for (App app : apps) app.close();
    }

    private App instance(String name, Sync sync) {
        App app = App.builder().name(name).build();
        app.use("messages", new MemoryService());
        app.configure(sync);
        apps.add(app);
        Sync.of(app).ready().orTimeout(20, TimeUnit.SECONDS).join();
        return app;
    }

    private App instance(String name) {
        return instance(name, Sync.builder(uri()).key(key).build());
    }

    private static List<Object> texts(App app) {
        List<Object> heard = Collections.synchronizedList(new ArrayList<>());
        for (String event : Methods.STANDARD_EVENTS) {
            app.service("messages").on(event, e -> heard.add(event + " " + ((Map<?, ?>) e.data()).get("text")));
        }
        return heard;
    }

    /** A create and a patch on one of three instances reach the two others as {@code created} and {@code patched}, in order, and the adapter reports its type. */
    @Test
    public void everyStandardEventOfOneInstanceReachesTheSameServiceOnTheOthers() {
        App one = instance("one");
        App two = instance("two");
        App three = instance("three");
        List<Object> onTwo = texts(two);
        List<Object> onThree = texts(three);

        Object created = one.service("messages").create(Map.of("text", "hi")).join();
        one.service("messages").patch(((Map<?, ?>) created).get("id"), Map.of("text", "hi!")).join();

        await().atMost(Duration.ofSeconds(10)).until(() -> onTwo.size() == 2 && onThree.size() == 2);
        assertThat(onTwo).containsExactly("created hi", "patched hi!");
        assertThat(onThree).containsExactly("created hi", "patched hi!");
        assertThat(Sync.of(one).type()).isEqualTo(type());
    }

    /** The instance that emits an event hears it once, at once, and not again when it comes back through the broker. */
    @Test
    public void theEmittingInstanceHearsItsOwnEventOnceWithoutTheBroker() {
        App one = instance("one");
        App two = instance("two");
        List<Object> onOne = texts(one);
        List<Object> onTwo = texts(two);

        one.service("messages").create(Map.of("text", "once")).join();

        assertThat(onOne).containsExactly("created once");
        await().atMost(Duration.ofSeconds(10)).until(() -> onTwo.size() == 1);
        two.service("messages").create(Map.of("text", "marker")).join();
        await().atMost(Duration.ofSeconds(10)).until(() -> onOne.size() == 2);
        assertThat(onOne).containsExactly("created once", "created marker");
    }

    /** An event an after hook kept local does not reach the other instance; the next one does. */
    @Test
    public void aHookCanKeepOneCallsEventLocal() {
        App one = instance("one");
        App two = instance("two");
        one.service("messages").hooks().after(Methods.CREATE, ctx -> {
            if ("private".equals(((Map<?, ?>) ctx.result()).get("text"))) ctx.keepEventLocal();
        });
        List<Object> onTwo = texts(two);

        one.service("messages").create(Map.of("text", "private")).join();
        one.service("messages").create(Map.of("text", "public")).join();

        await().atMost(Duration.ofSeconds(10)).until(() -> onTwo.contains("created public"));
        assertThat(onTwo).containsExactly("created public");
    }

    /** A declared custom event reaches the same service on the other instance; an event of a path only one instance serves is dropped without harm. */
    @Test
    public void customEventsAreSyncedAndUnknownPathsAreDroppedQuietly() {
        App one = App.builder().name("one").build();
        apps.add(one);
        one.use("jobs", new MemoryService(), dev.skein.core.ServiceOptions.builder().events("progress").build());
        one.use("only-here", new MemoryService());
        one.configure(Sync.builder(uri()).key(key).build());
        Sync.of(one).ready().join();
        App two = App.builder().name("two").build();
        apps.add(two);
        two.use("jobs", new MemoryService(), dev.skein.core.ServiceOptions.builder().events("progress").build());
        two.configure(Sync.builder(uri()).key(key).build());
        Sync.of(two).ready().join();
        List<ServiceEvent> heard = Collections.synchronizedList(new ArrayList<>());
        two.service("jobs").on("progress", heard::add);

        one.service("only-here").create(Map.of("text", "nobody else serves this")).join();
        one.service("jobs").emit("progress", Map.of("done", 50));

        await().atMost(Duration.ofSeconds(10)).until(() -> heard.size() == 1);
        assertThat(heard.get(0).data()).isEqualTo(Map.of("done", 50));
        assertThat(heard.get(0).origin()).isNotNull();
    }

    /** An instance with another key hears none of the events of the others. */
    @Test
    public void instancesWithAnotherKeyHearNothing() {
        App one = instance("one");
        App stranger = instance("stranger", Sync.builder(uri()).key(key + "-other").build());
        App two = instance("two");
        List<Object> onStranger = texts(stranger);
        List<Object> onTwo = texts(two);

        one.service("messages").create(Map.of("text", "in the family")).join();

        await().atMost(Duration.ofSeconds(10)).until(() -> onTwo.size() == 1);
        assertThat(onStranger).isEmpty();
    }

    /** With {@link Sync#CBOR}, a byte array in an event arrives as the same bytes. */
    @Test
    public void theBinarySerializerKeepsByteArrays() {
        App one = instance("one", Sync.builder(uri()).key(key).serializer(Sync.CBOR).build());
        App two = instance("two", Sync.builder(uri()).key(key).serializer(Sync.CBOR).build());
        List<Object> payloads = Collections.synchronizedList(new ArrayList<>());
        two.service("messages").on("created", e -> payloads.add(((Map<?, ?>) e.data()).get("blob")));

        one.service("messages").create(Map.of("blob", new byte[]{1, 2, 3})).join();

        await().atMost(Duration.ofSeconds(10)).until(() -> payloads.size() == 1);
        assertThat(payloads.get(0)).isEqualTo(new byte[]{1, 2, 3});
    }

    /**
     * A date in an event (a service's result) arrives as the {@link java.time.Instant} it was, not as a string, with
     * the JSON and the CBOR serializer alike (dev.skein.mesh.spi.TypedValues), where feathers-sync's
     * JSON would turn it into a string.
     */
    @Test
    public void datesArriveAsInstantsWithEitherSerializer() {
        java.time.Instant at = java.time.Instant.parse("2026-12-08T10:15:30.123456789Z");
        for (dev.skein.mesh.sync.SyncSerializer serializer : List.of(Sync.JSON, Sync.CBOR)) {
            String dates = key + "-" + (serializer == Sync.JSON ? "json" : "cbor");
            App one = instance("one", Sync.builder(uri()).key(dates).serializer(serializer).build());
            App two = instance("two", Sync.builder(uri()).key(dates).serializer(serializer).build());
            // a service that stamps what it creates (data given to a call is JSON-shaped, dates as text; a result is as returned)
            one.use("dated", new Stamping(at));
            two.use("dated", new Stamping(at));
            List<Object> heard = Collections.synchronizedList(new ArrayList<>());
            two.service("dated").on("created", e -> heard.add(((Map<?, ?>) e.data()).get("at")));

            one.service("dated").create(Map.of("text", "dated")).join();

            await().atMost(Duration.ofSeconds(10)).until(() -> heard.size() == 1);
            assertThat(heard.get(0)).as(serializer == Sync.JSON ? "JSON" : "CBOR").isEqualTo(at);
        }
    }

    /** Creates what it is given with the time it was created, as a service stamps {@code createdAt}. */
    private record Stamping(java.time.Instant at) implements dev.skein.core.BlockingService {
        @Override
        public Object create(Object data, dev.skein.core.Params params) {
            return Map.of("text", ((Map<?, ?>) data).get("text"), "at", at);
        }
    }
}
