package dev.skein.testkit;

import dev.skein.core.Params;
import dev.skein.core.errors.SkeinError;
import dev.skein.core.errors.Unavailable;
import dev.skein.core.memory.MemoryService;
import dev.skein.mesh.Mesh;
import dev.skein.mesh.MeshCredentials;
import dev.skein.mesh.NodeInfo;
import dev.skein.mesh.internal.JacksonCodec;
import dev.skein.mesh.internal.security.FrameSeal;
import dev.skein.mesh.internal.security.MeshKeys;
import dev.skein.mesh.spi.Packet;
import dev.skein.mesh.spi.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Mesh credentials, whatever the transport: only nodes that hold the mesh secret join, call, serve
 * and hear events; a secret can be rotated; and a party that reaches the transport itself (a
 * raw transport in the same namespace, as someone with broker access would be) reads no packet
 * and makes none accepted, whether it forges, replays, or seals in another node's name. Each
 * transport's test class extends this suite with its URI.
 */
@Timeout(90)
public abstract class SecurityTck extends CredentialsSuite {

    /** The mesh secret of the tests. */
    public static final MeshCredentials SECRET = MeshCredentials.secret("the-mesh-secret-of-the-security-tck-0001");
    /** The secret a rotation moves to. */
    public static final MeshCredentials NEXT = MeshCredentials.secret("the-next-mesh-secret-of-the-security-tck-2");
    /** A secret nobody in the mesh holds. */
    public static final MeshCredentials WRONG = MeshCredentials.secret("a-wrong-secret-that-no-node-of-the-mesh-has");
    /** What the real todos service answers with, so a forged answer would show. */
    private static final String GENUINE = "genuine";


    private static Consumer<Mesh.Builder> with(MeshCredentials credentials) {
        return b -> b.credentials(credentials).timeout(Duration.ofSeconds(5));
    }

    private TestNodes.Node server(MeshCredentials credentials) {
        return nodes.start("server", app -> {
            app.use("todos", new MemoryService());
            app.service("todos").hooks().after(ctx -> {
                if (ctx.result() instanceof Map<?, ?> m && m.containsKey("text")) {
                    Map<String, Object> marked = new java.util.LinkedHashMap<>();
                    m.forEach((k, v) -> marked.put(String.valueOf(k), v));
                    marked.put("by", GENUINE);
                    ctx.result(marked);
                }
            });
        }, with(credentials));
    }

    private static Throwable failure(CompletableFuture<?> call) {
        try {
            call.orTimeout(20, TimeUnit.SECONDS).join();
        } catch (CompletionException e) {
            return SkeinError.unwrap(e);
        }
        throw new AssertionError("the call succeeded");
    }

    /** Two nodes with the same secret call and hear each other, and the served call carries the caller's id marked verified. */
    @Test
    public void nodesThatShareTheSecretCallEachOtherAndHearEventsAndTheServerKnowsTheCallerIsVerified() {
        List<Params> seen = Collections.synchronizedList(new ArrayList<>());
        TestNodes.Node server = nodes.start("server", app -> {
            app.use("todos", new MemoryService());
            app.service("todos").hooks().before(ctx -> seen.add(ctx.params().copy()));
        }, with(SECRET));
        TestNodes.Node client = nodes.start("client", app -> { }, with(SECRET));
        MeshTck.awaitService(client.app(), "todos");
        List<Object> heard = Collections.synchronizedList(new ArrayList<>());
        client.app().service("todos").on("created", e -> heard.add(e.data()));

        Object created = MeshTck.join(client.app().service("todos").create(Map.of("text", "sealed")));

        assertThat(MeshTck.map(created)).containsEntry("text", "sealed");
        await().atMost(Duration.ofSeconds(10)).until(() -> heard.size() == 1);
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).<String>get(Mesh.CALLER)).isEqualTo(client.mesh().nodeId());
        assertThat(seen.get(0).<Boolean>get(Mesh.CALLER_VERIFIED)).isTrue();
        assertThat(ids(server.mesh())).contains(client.mesh().nodeId());
    }

    /** An open node and one with a wrong secret, each offering a forged {@code todos}, get none of the real node's calls, reach none of its services and see no one. */
    @Test
    public void aNodeWithoutTheSecretOrWithAnotherOneCannotJoinCallServeOrHearEvents() {
        TestNodes.Node server = server(SECRET);
        server.app().use("vault", new MemoryService());
        TestNodes.Node client = nodes.start("client", app -> { }, with(SECRET));
        List<Object> strangersHeard = Collections.synchronizedList(new ArrayList<>());
        List<TestNodes.Node> strangers = new ArrayList<>();
        for (MeshCredentials credentials : java.util.Arrays.asList(null, WRONG)) {
            TestNodes.Node stranger = nodes.start(credentials == null ? "open" : "wrong", app -> {
                app.use("todos", new MemoryService() {
                    @Override
                    public java.util.concurrent.CompletionStage<Object> create(Object data, Params params) {
                        return CompletableFuture.completedFuture(Map.of("text", "forged", "by", "stranger"));
                    }
                });
            }, b -> b.credentials(credentials).timeout(Duration.ofSeconds(2)));
            strangers.add(stranger);
        }
        MeshTck.awaitService(client.app(), "todos");

        for (int i = 0; i < 12; i++) {
            Object answer = MeshTck.join(client.app().service("todos").create(Map.of("text", "t" + i)));
            assertThat(MeshTck.map(answer)).containsEntry("by", GENUINE);
        }
        server.app().service("todos").create(Map.of("text", "an event")).join();
        for (TestNodes.Node stranger : strangers) {
            stranger.mesh().addListener(new dev.skein.mesh.MeshListener() {
                @Override
                public void nodeJoined(NodeInfo node) {
                    strangersHeard.add(node.id());
                }
            });
            Throwable denied = failure(stranger.mesh().call("vault", "find", null, null,
                    new Params().set(Mesh.TIMEOUT, Duration.ofSeconds(1))));
            assertThat(denied).isInstanceOf(Unavailable.class);
        }
        assertThat(ids(server.mesh())).containsExactlyInAnyOrder(server.mesh().nodeId(), client.mesh().nodeId());
        assertThat(ids(client.mesh())).containsExactlyInAnyOrder(client.mesh().nodeId(), server.mesh().nodeId());
        for (TestNodes.Node stranger : strangers) {
            assertThat(ids(stranger.mesh())).doesNotContain(server.mesh().nodeId(), client.mesh().nodeId());
        }
        assertThat(strangersHeard).isEmpty();
        assertThat(client.app().lookup("vault")).isPresent();
    }

    /**
     * The documented rollover: every node goes from (old) to (old, new), then to (new, old), then
     * to (new). Nodes one step apart talk; nodes two steps apart do not.
     */
    @Test
    public void aSecretIsRotatedWithTheOldAndTheNewAcceptedTogetherThenTheOldRemoved() {
        MeshCredentials oldFirst = MeshCredentials.secret(secret(SECRET), secret(NEXT));
        MeshCredentials newFirst = MeshCredentials.secret(secret(NEXT), secret(SECRET));
        TestNodes.Node old = server(SECRET);
        TestNodes.Node rolling = nodes.start("rolling", app -> app.use("notes", new MemoryService()), with(oldFirst));
        MeshTck.awaitService(rolling.app(), "todos");
        assertThat(MeshTck.map(MeshTck.join(rolling.app().service("todos").create(Map.of("text", "before"))))).containsEntry("by", GENUINE);

        TestNodes.Node rolled = nodes.start("rolled", app -> { }, with(newFirst));
        MeshTck.awaitService(rolled.app(), "notes");
        assertThat(MeshTck.map(MeshTck.join(rolled.app().service("notes").create(Map.of("text", "during"))))).containsEntry("text", "during");
        rolled.app().use("later", new MemoryService());
        TestNodes.Node done = nodes.start("done", app -> { }, with(NEXT));
        MeshTck.awaitService(done.app(), "later");
        assertThat(MeshTck.map(MeshTck.join(done.app().service("later").create(Map.of("text", "after"))))).containsEntry("text", "after");

        assertThat(ids(done.mesh())).containsExactlyInAnyOrder(done.mesh().nodeId(), rolled.mesh().nodeId());
        // rolled still accepts the old secret, so over a broker it hears old (one way); old never hears rolled
        assertThat(ids(old.mesh())).containsExactlyInAnyOrder(old.mesh().nodeId(), rolling.mesh().nodeId());
        assertThat(done.app().lookup("todos")).isEmpty();
    }

    private static String secret(MeshCredentials credentials) {
        return new String(credentials.secrets().get(0), StandardCharsets.UTF_8);
    }

    /** A party on the transport without the secret reads no payload in what it captures, and neither its replays nor a forged remove or leave take effect. */
    @Test
    public void aPartyOnTheTransportWithoutTheSecretReadsNothingAndNothingItInjectsOrReplaysIsAccepted() {
        TestNodes.Node server = server(SECRET);
        TestNodes.Node client = nodes.start("client", app -> { }, with(SECRET));
        MeshTck.awaitService(client.app(), "todos");
        List<byte[]> captured = onTheTransport("eavesdropper-1", null);
        Transport attacker = raw.get(0);
        List<Object> heard = Collections.synchronizedList(new ArrayList<>());
        client.app().service("todos").on("created", e -> heard.add(e.data()));

        for (int i = 0; i < 5; i++) MeshTck.join(client.app().service("todos").create(Map.of("text", "confidential-" + i)));
        await().atMost(Duration.ofSeconds(10)).until(() -> heard.size() == 5);

        for (byte[] frame : List.copyOf(captured)) {
            assertThat(new String(frame, StandardCharsets.ISO_8859_1)).doesNotContain("confidential").doesNotContain("todos");
            attacker.broadcast(frame); // replayed as captured
            attacker.send(server.mesh().nodeId(), frame);
        }
        Packet forged = new Packet(Packet.Type.REQUEST, client.mesh().nodeId());
        forged.id = 1;
        forged.path = "todos";
        forged.method = "remove";
        forged.itemId = 0;
        forged.ttl = 5000;
        attacker.send(server.mesh().nodeId(), JacksonCodec.named("json").encode(forged));
        Packet leave = new Packet(Packet.Type.LEAVE, client.mesh().nodeId());
        attacker.broadcast(JacksonCodec.named("json").encode(leave));

        Object afterwards = MeshTck.join(client.app().service("todos").find(new Params()));
        assertThat((List<?>) afterwards).hasSize(5);
        assertThat(heard).hasSize(5);
        assertThat(ids(server.mesh())).contains(client.mesh().nodeId());
        assertThat(MeshTck.map(MeshTck.join(client.app().service("todos").get(0)))).containsEntry("text", "confidential-0");
    }

    /** A leave sealed with the secret by one party but naming another node as its sender is dropped: that node stays. */
    @Test
    public void aPacketSealedByOneNodeInTheNameOfAnotherIsDropped() {
        TestNodes.Node server = server(SECRET);
        TestNodes.Node client = nodes.start("client", app -> { }, with(SECRET));
        MeshTck.awaitService(client.app(), "todos");
        String insider = "insider-1";
        MeshKeys keys = new MeshKeys(SECRET, nodes.namespace());
        onTheTransport(insider, keys);
        Transport attacker = raw.get(0);
        FrameSeal ownSeal = new FrameSeal(keys, insider, Mesh.DEFAULT_MAX_FRAME_AGE);

        Packet leave = new Packet(Packet.Type.LEAVE, client.mesh().nodeId());
        byte[] frame = ownSeal.seal(JacksonCodec.named("json").encode(leave), null);
        await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(10)).until(() -> attacker.send(server.mesh().nodeId(), frame));
        attacker.broadcast(frame);

        await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> true);
        assertThat(ids(server.mesh())).contains(client.mesh().nodeId());
        assertThat(MeshTck.map(MeshTck.join(client.app().service("todos").create(Map.of("text", "still here"))))).containsEntry("by", GENUINE);
    }

    /** Sealed frames captured before a node started, replayed to it within the maximum age, are dropped: it hears only what was sent after it started (issue 21). */
    @Test
    public void framesCapturedBeforeANodeStartedAreDroppedWhenReplayedToIt() {
        framesCapturedBeforeANodeStartedAreDroppedWhenReplayedToIt(role -> switch (role) {
            case "server" -> server(SECRET);
            case "gone" -> nodes.start(role, app -> app.use("gone-notes", new MemoryService()), with(SECRET));
            default -> nodes.start(role, app -> { }, with(SECRET));
        }, "todos", new MeshKeys(SECRET, nodes.namespace()));
    }
}
