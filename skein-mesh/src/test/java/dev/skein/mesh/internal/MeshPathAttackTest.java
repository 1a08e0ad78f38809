package dev.skein.mesh.internal;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.skein.core.App;
import dev.skein.core.Params;
import dev.skein.core.errors.Forbidden;
import dev.skein.core.errors.SkeinError;
import dev.skein.core.memory.MemoryService;
import dev.skein.mesh.Access;
import dev.skein.mesh.Mesh;
import dev.skein.mesh.MeshCredentials;
import dev.skein.mesh.MeshOptions;
import dev.skein.mesh.NodeInfo;
import dev.skein.mesh.ServiceInfo;
import dev.skein.mesh.TrustedKeys;
import dev.skein.mesh.spi.Codec;
import dev.skein.mesh.spi.MalformedFrameException;
import dev.skein.mesh.spi.Packet;
import dev.skein.mesh.spi.Transports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Attacks on the access rules through the form of a path, and on the idempotency cache, by a node
 * that holds a trusted key of role {@code web} where only {@code billing} may offer {@code payments}
 * and only {@code orders} may create them. Real nodes over tcp on 127.0.0.1 with key-pair trust;
 * the attacker is a node whose codec rewrites its own frames as a modified client would (the mesh
 * seals what it writes, so the frames are as authentic as the attacker's key makes them).
 */
@Timeout(120)
class MeshPathAttackTest {

    private static final KeyPair BILLING = MeshCredentials.generateKeyPair();
    private static final KeyPair ORDERS = MeshCredentials.generateKeyPair();
    private static final KeyPair WEB = MeshCredentials.generateKeyPair();
    private static final TrustedKeys TRUSTED = TrustedKeys.builder()
            .trust(BILLING.getPublic(), "billing-1", "billing")
            .trust(ORDERS.getPublic(), "orders-1", "orders")
            .trust(WEB.getPublic(), "web-1", "web")
            .build();
    private static final Access RULES = Access.builder()
            .call("payments", "create", "orders")
            .call("payments", Access.ANY_METHOD, "billing")
            .offer("payments", "billing")
            .build();
    /** Forms of {@code payments} that App.lookup would once have stripped to it. */
    private static final List<String> OTHER_FORMS = List.of("payments/", "/payments", " payments", "payments ", "payments//");

    private final String namespace = "attack-" + UUID.randomUUID();
    private final List<Node> started = new ArrayList<>();

    private record Node(App app, MeshNode mesh) {
        int port() {
            String address = mesh.nodes().get(0).address();
            return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
        }
    }

    @AfterEach
    void closeNodes() {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).mesh().close();
            started.get(i).app().close();
        }
    }

    /** A node on 127.0.0.1 that dials every node started before it, writing its frames with {@code codec}, under id {@code nodeId}. */
    private Node start(String name, KeyPair key, Consumer<App> services, Codec codec, String nodeId) {
        StringBuilder seeds = new StringBuilder();
        for (Node n : started) seeds.append(seeds.length() == 0 ? "" : ",").append("127.0.0.1:").append(n.port());
        String uri = "tcp://127.0.0.1?multicast=false" + (seeds.length() == 0 ? "" : "&seeds=" + seeds);
        MeshOptions options = Mesh.builder().namespace(namespace).transport(uri).credentials(MeshCredentials.keyPair(key, TRUSTED))
                .access(RULES).timeout(Duration.ofSeconds(3)).build().options();
        App app = App.builder().name(name).build();
        services.accept(app);
        MeshNode node = new MeshNode(app, options, Transports.forUri(uri), codec, nodeId);
        Node n = new Node(app, node);
        started.add(n);
        node.start().orTimeout(20, TimeUnit.SECONDS).join();
        return n;
    }

    private Node start(String name, KeyPair key, Consumer<App> services) {
        return start(name, key, services, JacksonCodec.json(), name + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    private static void awaitInstance(Node node, String path, String on) {
        await().atMost(Duration.ofSeconds(20)).until(() -> node.mesh().services().stream()
                .anyMatch(s -> s.path().equals(path) && s.node().equals(on)));
    }

    private static Throwable failure(CompletableFuture<Object> call) {
        try {
            call.get(20, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return SkeinError.unwrap(e);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aCallWhosePathIsWrittenOtherwiseIsRefusedWithBadRequestAndNeverRuns() {
        List<Params> ran = Collections.synchronizedList(new ArrayList<>());
        Node billing = start("billing", BILLING, app -> {
            app.use("payments", new MemoryService());
            app.service("payments").hooks().before(ctx -> ran.add(ctx.params()));
        });
        PathRewriting codec = new PathRewriting();
        Node web = start("web", WEB, app -> { }, codec, "web-" + UUID.randomUUID().toString().substring(0, 8));
        awaitInstance(web, "payments", billing.mesh().nodeId());

        // as written, the rules answer: web may neither create nor find payments
        assertThat(failure(web.mesh().call("payments", "create", null, Map.of("amount", 1), new Params()))).isInstanceOf(Forbidden.class);
        assertThat(failure(web.mesh().call("payments", "find", null, null, new Params()))).isInstanceOf(Forbidden.class);

        for (String form : OTHER_FORMS) {
            for (String method : List.of("create", "find")) {
                codec.requestPath = form;
                codec.answers.clear();
                web.mesh().call("payments", method, null, "create".equals(method) ? Map.of("amount", 100) : null,
                        new Params().set(Mesh.TIMEOUT, Duration.ofSeconds(2)));
                await().atMost(Duration.ofSeconds(10)).until(() -> !codec.answers.isEmpty());
                Packet answer = codec.answers.get(0);
                assertThat(answer.error).as("the answer to %s of '%s'", method, form).isNotNull();
                assertThat(answer.error).containsEntry("code", 400).containsEntry("name", "BadRequest");
                assertThat(String.valueOf(answer.error.get("message"))).contains("is not canonical");
                assertThat(InboundCalls.notRun(answer.error)).isTrue();
            }
        }
        codec.requestPath = null;
        assertThat(ran).isEmpty();
        assertThat((List<?>) billing.app().service("payments").find(new Params()).orTimeout(5, TimeUnit.SECONDS).join()).isEmpty();
    }

    @Test
    void aHelloThatAnnouncesAPathWrittenOtherwiseRegistersNothingAndGetsNoCallsNorTokens() {
        Node orders = start("orders", ORDERS, app -> { });
        List<Params> stolen = Collections.synchronizedList(new ArrayList<>());
        PathRewriting codec = new PathRewriting();
        codec.helloPath = "payments/";
        Node web = start("web", WEB, app -> {
            app.use("payments", new MemoryService());
            app.use("web-notes", new MemoryService());
            app.service("payments").hooks().before(ctx -> stolen.add(ctx.params()));
        }, codec, "web-" + UUID.randomUUID().toString().substring(0, 8));
        awaitInstance(orders, "web-notes", web.mesh().nodeId());

        Params withUser = new Params().user(Map.of("id", 7, "email", "ann@example.com"))
                .authentication(Map.of("strategy", "jwt", "accessToken", "ann's-token")).set(Mesh.TIMEOUT, Duration.ofSeconds(1));
        Throwable noInstance = failure(orders.app().service("payments").create(Map.of("amount", 5), withUser.copy()));
        assertThat(stolen).as("calls, users and tokens the impostor received").isEmpty();
        assertThat(noInstance).isInstanceOf(dev.skein.core.errors.Unavailable.class);
        assertThat(orders.mesh().services()).extracting(ServiceInfo::path).containsOnly("web-notes");

        Node billing = start("billing", BILLING, app -> app.use("payments", new MemoryService()));
        awaitInstance(orders, "payments", billing.mesh().nodeId());
        for (int i = 0; i < 14; i++) {
            orders.app().service("payments").create(Map.of("n", i), withUser.copy().set(Mesh.TIMEOUT, Duration.ofSeconds(5)))
                    .orTimeout(10, TimeUnit.SECONDS).join();
        }
        assertThat(stolen).isEmpty();
        assertThat((List<?>) billing.app().service("payments").find(new Params()).orTimeout(5, TimeUnit.SECONDS).join()).hasSize(14);
        assertThat(orders.mesh().services()).extracting(ServiceInfo::path).allMatch(dev.skein.core.ServicePath::isCanonical);
    }

    @Test
    void anEventOfAPathWrittenOtherwiseIsDroppedWithOneLogLine() {
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        Logger log = (Logger) LoggerFactory.getLogger(MeshNode.class);
        lines.start();
        log.addAppender(lines);
        try {
            Node orders = start("orders", ORDERS, app -> { });
            PathRewriting codec = new PathRewriting();
            codec.helloPath = "payments/";
            codec.eventPath = "payments/";
            Node web = start("web", WEB, app -> {
                app.use("payments", new MemoryService());
                app.use("web-notes", new MemoryService());
            }, codec, "web-" + UUID.randomUUID().toString().substring(0, 8));
            awaitInstance(orders, "web-notes", web.mesh().nodeId());
            List<Object> heard = Collections.synchronizedList(new ArrayList<>());
            orders.app().service("payments").on("created", e -> heard.add(e.data()));
            List<Object> notes = Collections.synchronizedList(new ArrayList<>());
            orders.app().service("web-notes").on("created", e -> notes.add(e.data()));

            for (int i = 0; i < 20; i++) web.app().service("payments").create(Map.of("forged", i)).orTimeout(5, TimeUnit.SECONDS).join();
            web.app().service("web-notes").create(Map.of("after", true)).orTimeout(5, TimeUnit.SECONDS).join();
            await().atMost(Duration.ofSeconds(10)).until(() -> !notes.isEmpty()); // the sender's events are in order: the forged ones came first

            assertThat(heard).isEmpty();
            long refused = lines.list.stream().filter(e -> e.getFormattedMessage().contains("not canonical")
                    && e.getFormattedMessage().contains(web.mesh().nodeId()) && e.getFormattedMessage().contains("orders")).count();
            assertThat(refused).as("lines about the hello's path and the events' (one per minute each)").isBetween(1L, 2L);
        } finally {
            log.detachAppender(lines);
        }
    }

    @Test
    void aNodeThatTakesTheIdOfOneThatLeftGetsNoneOfItsCachedAnswers() {
        List<String> keys = Collections.synchronizedList(new ArrayList<>());
        Node billing = start("billing", BILLING, app -> {
            app.use("payments", new MemoryService());
            app.service("payments").hooks().before(ctx -> {
                if (ctx.params().get(Mesh.IDEMPOTENCY_KEY) instanceof String k) keys.add(k);
            });
        });
        Node orders = start("orders", ORDERS, app -> { });
        awaitInstance(orders, "payments", billing.mesh().nodeId());
        Object made = orders.app().service("payments").create(Map.of("amount", 12, "card", "4111 1111 1111 1111"))
                .orTimeout(10, TimeUnit.SECONDS).join();
        assertThat(made.toString()).contains("4111");
        String victim = orders.mesh().nodeId();
        assertThat(keys).containsExactly(victim + ":1"); // keys are guessable: node id and a counter
        Object retried = orders.mesh().call("payments", "create", null, Map.of("amount", 12, "card", "4111 1111 1111 1111"),
                new Params().set(Mesh.IDEMPOTENCY_KEY, victim + ":1")).orTimeout(10, TimeUnit.SECONDS).join();
        assertThat(retried).as("the caller's own retry: the first answer, not a second run").isEqualTo(made);
        assertThat(keys).hasSize(1);

        started.remove(orders);
        orders.mesh().close();
        orders.app().close();
        await().atMost(Duration.ofSeconds(20)).until(() -> billing.mesh().nodes().stream().map(NodeInfo::id).noneMatch(victim::equals));

        Node web = start("web", WEB, app -> { }, JacksonCodec.json(), victim);
        awaitInstance(web, "payments", billing.mesh().nodeId());
        Throwable replayed = failure(web.mesh().call("payments", "create", null, Map.of("amount", 0),
                new Params().set(Mesh.IDEMPOTENCY_KEY, victim + ":1")));
        assertThat(replayed).isInstanceOf(Forbidden.class).hasMessageContaining("web-1");
        assertThat(String.valueOf(replayed.getMessage())).doesNotContain("4111");
        assertThat(failure(web.mesh().call("payments", "find", null, null, new Params()))).isInstanceOf(Forbidden.class);
        assertThat((List<?>) billing.app().service("payments").find(new Params()).orTimeout(5, TimeUnit.SECONDS).join()).hasSize(1);
    }

    /**
     * A modified client: writes the {@code payments} path of its requests, its hello and its
     * events as the test says, and keeps the answers it reads.
     */
    private static final class PathRewriting implements Codec {
        private final Codec json = JacksonCodec.json();
        volatile String requestPath;
        volatile String helloPath;
        volatile String eventPath;
        final List<Packet> answers = Collections.synchronizedList(new ArrayList<>());

        @Override
        public String name() {
            return "json";
        }

        @Override
        @SuppressWarnings("unchecked")
        public byte[] encode(Packet packet) {
            Packet p;
            try {
                p = json.decode(json.encode(packet)); // a copy: the node keeps its own packet
            } catch (MalformedFrameException e) {
                throw new IllegalStateException(e);
            }
            if (p.type == Packet.Type.REQUEST && requestPath != null && "payments".equals(p.path)) p.path = requestPath;
            if (p.type == Packet.Type.EVENT && eventPath != null && "payments".equals(p.path)) p.path = eventPath;
            if (p.type == Packet.Type.HELLO && helloPath != null && p.node != null && p.node.get("services") instanceof List<?> list) {
                for (Object s : list) {
                    if (s instanceof Map<?, ?> m && "payments".equals(m.get("path"))) ((Map<String, Object>) m).put("path", helloPath);
                }
            }
            return json.encode(p);
        }

        @Override
        public Packet decode(byte[] payload) throws MalformedFrameException {
            Packet p = json.decode(payload);
            if (p.type == Packet.Type.RESPONSE) answers.add(p);
            return p;
        }
    }
}
