package dev.skein.testkit;

import dev.skein.mesh.*;

import dev.skein.core.Params;
import dev.skein.core.errors.Unavailable;
import dev.skein.mesh.local.LocalTransport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The mesh over {@code local://}, plus node crashes, which this transport can stage in one JVM. */
class LocalMeshTest extends MeshTck {

    @Override
    protected String transport() {
        return "local://";
    }

    @Test
    void aCrashedNodeIsRemovedAtOnceAndItsGetsAreRetriedElsewhereWhileCreatesFail() {
        CountDownLatch entered = new CountDownLatch(2);
        LocalTransport doomedTransport = new LocalTransport();
        TestNodes.Node doomed = nodes.start("doomed", app -> app.use("items", new dev.skein.core.BlockingService() {
            @Override
            public Object get(Object id, Params params) throws InterruptedException {
                entered.countDown();
                Thread.sleep(30_000);
                return "never";
            }

            @Override
            public Object create(Object data, Params params) throws InterruptedException {
                entered.countDown();
                Thread.sleep(30_000);
                return "never";
            }
        }), b -> b.transport(doomedTransport));
        TestNodes.Node client = nodes.start("client", app -> { });
        awaitService(client.app(), "items");
        CompletableFuture<Object> get = client.app().service("items").get(1);
        CompletableFuture<Object> create = client.app().service("items").create(Map.of());
        await().atMost(Duration.ofSeconds(5)).until(() -> entered.getCount() == 0);
        nodes.start("healthy", app -> app.use("items", whoAmI("healthy")));
        await().atMost(Duration.ofSeconds(10)).until(() -> client.mesh().services().size() == 2);

        long start = System.nanoTime();
        doomedTransport.close();

        assertThat(failure(create)).isInstanceOf(Unavailable.class).hasMessageContaining("went away");
        assertThat(join(get)).isEqualTo("healthy");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(5)).until(() -> client.mesh().nodes().stream().noneMatch(n -> n.name().equals("doomed")));
        doomed.app().executor().shutdownNow();
    }

    @Test
    void aLocalServiceRegisteredAfterTheProxyOfItsPathTakesItsPlaceAndIsPublished() {
        TestNodes.Node first = nodes.start("first", app -> app.use("todos", new dev.skein.core.memory.MemoryService()));
        TestNodes.Node replica = nodes.start("replica", app -> { });
        awaitService(replica.app(), "todos");
        dev.skein.core.ServiceHandle held = replica.app().service("todos");
        java.util.List<Object> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        held.on("created", e -> heard.add(e.data()));

        replica.app().use("todos", new dev.skein.core.memory.MemoryService());   // a copy of the service starts here too

        assertThat(replica.app().service("todos")).isSameAs(held);
        join(held.create(Map.of("text", "mine")));
        assertThat((java.util.List<?>) join(held.find())).as("served by the local copy").hasSize(1);
        assertThat((java.util.List<?>) join(first.app().service("todos").find())).as("not by the first").isEmpty();
        await().atMost(Duration.ofSeconds(5)).until(() -> heard.size() == 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> first.mesh().services().stream()
                .filter(s -> s.path().equals("todos")).count() == 2);
    }

    @Test
    void theShortLateBoundCallRefusesAMethodThatTakesAnIdInsteadOfReachingEveryItem() {
        nodes.start("server", app -> app.use("todos", new dev.skein.core.memory.MemoryService(
                dev.skein.core.memory.MemoryOptions.builder().multi(dev.skein.core.Methods.REMOVE).build())));
        TestNodes.Node client = nodes.start("client", app -> { });
        awaitService(client.app(), "todos");
        join(client.mesh().call("todos", "create", Map.of("text", "keep me")));

        assertThat(failure(client.mesh().call("todos", "remove", Map.of()))).isInstanceOf(dev.skein.core.errors.BadRequest.class)
                .hasMessageContaining("takes an id");
        assertThat((java.util.List<?>) join(client.mesh().call("todos", "find", null))).hasSize(1);
    }

    @Test
    void aSilentNodeIsRemovedWithinTheDeadAfterBound() {
        Silenceable hung = new Silenceable(new LocalTransport());
        nodes.start("server", app -> app.use("todos", new dev.skein.core.memory.MemoryService()),
                b -> b.transport(hung).heartbeat(Duration.ofMillis(100), Duration.ofMillis(400)));
        TestNodes.Node client = nodes.start("client", app -> { }, b -> b.heartbeat(Duration.ofMillis(100), Duration.ofMillis(400)));
        awaitService(client.app(), "todos");

        hung.silence();
        long start = System.nanoTime();

        await().atMost(Duration.ofSeconds(5)).until(() -> !hasInstance(client.app(), "todos"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(client.mesh().nodes()).hasSize(1);
    }

    @Test
    void aCallToAPeerWhoseConnectionIsStillOpeningIsSentOnceItOpensWhateverTheMethod() {
        nodes.start("server", app -> app.use("todos", new dev.skein.core.memory.MemoryService()));
        java.util.concurrent.atomic.AtomicInteger refusals = new java.util.concurrent.atomic.AtomicInteger(3);
        Silenceable opening = new Silenceable(new LocalTransport()) {
            @Override
            public boolean send(String nodeId, byte[] frame) {
                // the first direct sends find no connection yet, as when a hello outruns the dial
                return refusals.getAndDecrement() <= 0 && super.send(nodeId, frame);
            }
        };
        TestNodes.Node client = nodes.start("client", app -> { }, b -> b.transport(opening));
        awaitService(client.app(), "todos");
        refusals.set(3);

        Object created = join(client.app().service("todos").create(Map.of("text", "not lost")));

        assertThat(map(created)).containsEntry("text", "not lost");
    }

    /** A transport that stops sending when told, as a hung process would, without closing anything. */
    static class Silenceable implements dev.skein.mesh.spi.Transport {
        private final dev.skein.mesh.spi.Transport inner;
        private volatile boolean silent;

        Silenceable(dev.skein.mesh.spi.Transport inner) {
            this.inner = inner;
        }

        void silence() {
            silent = true;
        }

        @Override
        public String scheme() {
            return inner.scheme();
        }

        @Override
        public CompletableFuture<Void> start(dev.skein.mesh.spi.TransportContext context) {
            return inner.start(context);
        }

        @Override
        public boolean send(String nodeId, byte[] frame) {
            return silent || inner.send(nodeId, frame);
        }

        @Override
        public void broadcast(byte[] frame) {
            if (!silent) inner.broadcast(frame);
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
