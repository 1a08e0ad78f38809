package dev.skein.testkit;

import dev.skein.core.Params;
import dev.skein.core.errors.Forbidden;
import dev.skein.core.errors.Unavailable;
import dev.skein.core.memory.MemoryService;
import dev.skein.mesh.Access;
import dev.skein.mesh.Mesh;
import dev.skein.mesh.MeshCredentials;
import dev.skein.mesh.ServiceInfo;
import dev.skein.mesh.TrustedKeys;
import dev.skein.mesh.internal.JacksonCodec;
import dev.skein.mesh.internal.security.FrameSeal;
import dev.skein.mesh.internal.security.KeyExchange;
import dev.skein.mesh.internal.security.KeyPairKeys;
import dev.skein.mesh.spi.Packet;
import dev.skein.mesh.spi.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Mesh credentials of the key-pair kind, whatever the transport: each node holds its own key and
 * trusts a list of keys, each with a name and roles. Only nodes whose key is trusted join, call,
 * serve and hear events; a node's identity for the access rules is its key's name and roles; a
 * key is replaced with the old and the new trusted together; and a party on the transport (as
 * someone with broker access is), even one holding a trusted key, cannot speak in another node's
 * name. (That it cannot open frames sealed for another node alone is {@code KeyPairKeysTest}'s.) Each transport's test class extends this suite with
 * its URI.
 */
@Timeout(90)
public abstract class KeyPairTck extends CredentialsSuite {

    private static final KeyPair BILLING = MeshCredentials.generateKeyPair();
    private static final KeyPair BILLING_NEXT = MeshCredentials.generateKeyPair();
    private static final KeyPair ORDERS = MeshCredentials.generateKeyPair();
    private static final KeyPair WEB = MeshCredentials.generateKeyPair();
    private static final KeyPair STRANGER = MeshCredentials.generateKeyPair();
    /** Who the mesh trusts: billing (its old and its next key), orders, and web. */
    private static final TrustedKeys TRUSTED = TrustedKeys.builder()
            .trust(BILLING.getPublic(), "billing-1", "billing")
            .trust(BILLING_NEXT.getPublic(), "billing-2", "billing")
            .trust(ORDERS.getPublic(), "orders-1", "orders")
            .trust(WEB.getPublic(), "web-1", "web")
            .build();
    private static final Access RULES = Access.builder()
            .call("payments", "create", "orders")
            .call("payments", Access.ANY_METHOD, "admin")
            .offer("payments", "billing")
            .build();


    private static Consumer<Mesh.Builder> with(KeyPair key, TrustedKeys trusted) {
        return b -> b.credentials(MeshCredentials.keyPair(key, trusted)).access(RULES).timeout(Duration.ofSeconds(5));
    }

    private TestNodes.Node node(String name, KeyPair key, boolean servesPayments) {
        return node(name, key, TRUSTED, servesPayments);
    }

    private TestNodes.Node node(String name, KeyPair key, TrustedKeys trusted, boolean servesPayments) {
        return nodes.start(name, app -> {
            if (servesPayments) app.use("payments", new MemoryService());
            app.use(name + "-notes", new MemoryService());
        }, with(key, trusted));
    }

    /** Trusted nodes call, serve and hear each other, the served call carries the verified caller, and access rules by key name and role refuse with Forbidden naming the key (orders may create payments but not remove them; web may not create). */
    @Test
    public void trustedNodesCallEachOtherHearEventsAndTheirKeysNameAndRolesDecideWhatTheyMayCall() {
        List<Params> seen = Collections.synchronizedList(new ArrayList<>());
        TestNodes.Node billing = node("billing", BILLING, true);
        billing.app().service("payments").hooks().before(ctx -> seen.add(ctx.params().copy()));
        TestNodes.Node shop = node("orders", ORDERS, false);
        TestNodes.Node site = node("web", WEB, false);
        MeshTck.awaitService(shop.app(), "payments");
        MeshTck.awaitService(site.app(), "payments");
        List<Object> heard = Collections.synchronizedList(new ArrayList<>());
        site.app().service("payments").on("created", e -> heard.add(MeshTck.map(e.data()).get("amount")));

        assertThat(MeshTck.map(MeshTck.join(shop.app().service("payments").create(Map.of("amount", 12))))).containsEntry("amount", 12);
        await().atMost(Duration.ofSeconds(10)).until(() -> heard.contains(12));
        assertThat(seen.get(0).<String>get(Mesh.CALLER)).isEqualTo(shop.mesh().nodeId());
        assertThat(seen.get(0).<Boolean>get(Mesh.CALLER_VERIFIED)).isTrue();
        assertThat(MeshTck.failure(shop.app().service("payments").remove(0))).isInstanceOf(Forbidden.class)
                .hasMessageContaining("may not call payments.remove").hasMessageContaining("orders-1");
        assertThat(MeshTck.failure(site.app().service("payments").create(Map.of("amount", 1)))).isInstanceOf(Forbidden.class)
                .hasMessageContaining("web-1");
        MeshTck.awaitService(billing.app(), "web-notes");
        assertThat(MeshTck.map(MeshTck.join(billing.app().service("web-notes").create(Map.of("open", true))))).containsEntry("open", true);
        assertThat((List<?>) MeshTck.join(billing.app().service("payments").find(new Params()))).hasSize(1);
    }

    /** A trusted node whose key lacks the {@code billing} role offers {@code payments} in vain: no call reaches it. */
    @Test
    public void aNodeWhoseKeyLacksTheRoleToOfferAPathIsRegisteredForItNowhere() {
        TestNodes.Node billing = node("billing", BILLING, true);
        TestNodes.Node impostor = node("web", WEB, true);
        TestNodes.Node shop = node("orders", ORDERS, false);
        MeshTck.awaitService(shop.app(), "payments");
        MeshTck.awaitService(shop.app(), "web-notes");

        assertThat(shop.mesh().services().stream().filter(s -> s.path().equals("payments")).map(ServiceInfo::node))
                .containsExactly(billing.mesh().nodeId());
        for (int i = 0; i < 6; i++) MeshTck.join(shop.app().service("payments").create(Map.of("n", i)));
        assertThat((List<?>) MeshTck.join(billing.app().service("payments").find(new Params()))).hasSize(6);
        assertThat((List<?>) MeshTck.join(impostor.app().service("payments").find(new Params()))).isEmpty();
    }

    /** A node with an untrusted key, and a trusted node that trusts only itself, see no one, reach no service and get no calls. */
    @Test
    public void aNodeWithAnUntrustedKeyOrOneThatTrustsOnlyItselfCannotJoinCallServeOrHearEvents() {
        TestNodes.Node billing = node("billing", BILLING, true);
        TestNodes.Node shop = node("orders", ORDERS, false);
        // a stranger that trusts the whole mesh, and a trusted key's holder that trusts only itself
        TestNodes.Node stranger = node("stranger", STRANGER, TrustedKeys.builder().trust(BILLING.getPublic(), "billing-1")
                .trust(ORDERS.getPublic(), "orders-1").build(), true);
        TestNodes.Node loner = node("loner", WEB, TrustedKeys.builder().trust(WEB.getPublic(), "web-1").build(), true);
        MeshTck.awaitService(shop.app(), "payments");

        for (int i = 0; i < 6; i++) MeshTck.join(shop.app().service("payments").create(Map.of("n", i)));
        assertThat((List<?>) MeshTck.join(billing.app().service("payments").find(new Params()))).hasSize(6);
        for (TestNodes.Node outsider : List.of(stranger, loner)) {
            assertThat(MeshTck.failure(outsider.mesh().call("orders-notes", "find", null, null,
                    new Params().set(Mesh.TIMEOUT, Duration.ofSeconds(1))))).isInstanceOf(Unavailable.class);
            assertThat(ids(outsider.mesh())).doesNotContain(billing.mesh().nodeId(), shop.mesh().nodeId());
            assertThat((List<?>) MeshTck.join(outsider.app().service("payments").find(new Params()))).isEmpty();
        }
        assertThat(ids(shop.mesh())).containsExactlyInAnyOrder(shop.mesh().nodeId(), billing.mesh().nodeId());
    }

    /** Replacing billing's key: the mesh trusts the old and the new; billing moves; then the old goes from the list. */
    @Test
    public void aKeyIsReplacedWithTheOldAndTheNewTrustedTogetherThenTheOldRemoved() {
        TestNodes.Node shop = node("orders", ORDERS, false);
        TestNodes.Node before = node("billing", BILLING, true);
        TestNodes.Node after = node("billing", BILLING_NEXT, true);
        await().atMost(Duration.ofSeconds(15)).until(() -> shop.mesh().services().stream().filter(s -> s.path().equals("payments")).count() == 2);
        for (int i = 0; i < 4; i++) MeshTck.join(shop.app().service("payments").create(Map.of("n", i)));
        int servedBefore = ((List<?>) MeshTck.join(before.app().service("payments").find(new Params()))).size();
        int servedAfter = ((List<?>) MeshTck.join(after.app().service("payments").find(new Params()))).size();
        assertThat(servedBefore + servedAfter).isEqualTo(4);

        TrustedKeys withoutOld = TrustedKeys.builder().trust(BILLING_NEXT.getPublic(), "billing-2", "billing")
                .trust(ORDERS.getPublic(), "orders-1", "orders").build();
        TestNodes.Node updated = node("orders2", ORDERS, withoutOld, false);
        MeshTck.awaitService(updated.app(), "payments");
        for (int i = 0; i < 4; i++) MeshTck.join(updated.app().service("payments").create(Map.of("n", "new-" + i)));
        assertThat((List<?>) MeshTck.join(after.app().service("payments").find(new Params()))).hasSize(servedAfter + 4);
        assertThat(updated.mesh().services().stream().filter(s -> s.path().equals("payments")).map(ServiceInfo::node))
                .containsExactly(after.mesh().nodeId());
    }

    /** Two nodes with the same key both join, see each other and share the calls. */
    @Test
    public void copiesOfAServiceMayShareOneKey() {
        TestNodes.Node first = node("billing", BILLING, true);
        TestNodes.Node second = node("billing", BILLING, true);
        TestNodes.Node shop = node("orders", ORDERS, false);
        await().atMost(Duration.ofSeconds(15)).until(() -> shop.mesh().services().stream().filter(s -> s.path().equals("payments")).count() == 2);
        for (int i = 0; i < 6; i++) MeshTck.join(shop.app().service("payments").create(Map.of("n", i)));
        int a = ((List<?>) MeshTck.join(first.app().service("payments").find(new Params()))).size();
        int b = ((List<?>) MeshTck.join(second.app().service("payments").find(new Params()))).size();
        assertThat(a + b).isEqualTo(6);
        assertThat(ids(first.mesh())).contains(second.mesh().nodeId());
    }

    /** A party on the transport holding a trusted key reads no frame sealed for others, and a session it announces under another node's id cannot make that node leave. */
    @Test
    public void aPartyOnTheTransportWithATrustedKeyCannotSpeakInAnotherNodesName() {
        TestNodes.Node billing = node("billing", BILLING, true);
        TestNodes.Node shop = node("orders", ORDERS, false);
        MeshTck.awaitService(shop.app(), "payments");
        // the insider holds web's key
        KeyPairKeys keys = new KeyPairKeys(MeshCredentials.keyPair(WEB, TRUSTED), nodes.namespace());
        List<byte[]> captured = onTheTransport("insider-1", keys);
        Transport insider = raw.get(0);
        for (int i = 0; i < 3; i++) MeshTck.join(shop.app().service("payments").create(Map.of("text", "confidential-" + i)));
        for (byte[] frame : List.copyOf(captured)) {
            assertThat(new String(frame, StandardCharsets.ISO_8859_1)).doesNotContain("confidential");
        }

        // it announces a session of its own under the orders node's id, and seals a leave in it
        String victim = shop.mesh().nodeId();
        FrameSeal seal = new FrameSeal(keys, victim, Mesh.DEFAULT_MAX_FRAME_AGE);
        KeyExchange exchange = new KeyExchange(keys, victim, Mesh.DEFAULT_MAX_FRAME_AGE, insider, (p, f) -> { }, (n, i) -> { });
        byte[] leave = seal.seal(JacksonCodec.named("json").encode(new Packet(Packet.Type.LEAVE, victim)), null);
        await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(10))
                .until(() -> insider.send(billing.mesh().nodeId(), exchange.announcement()));
        insider.broadcast(exchange.announcement());
        insider.send(billing.mesh().nodeId(), leave);
        insider.broadcast(leave);

        await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> true);
        assertThat(ids(billing.mesh())).contains(victim);
        assertThat(MeshTck.map(MeshTck.join(shop.app().service("payments").create(Map.of("text", "still here"))))).containsEntry("text", "still here");
    }

    /** Frames sealed with key pairs, captured before a node started and replayed to it within the maximum age, are dropped there (issue 21). */
    @Test
    public void framesCapturedBeforeANodeStartedAreDroppedWhenReplayedToIt() {
        framesCapturedBeforeANodeStartedAreDroppedWhenReplayedToIt(role -> switch (role) {
            case "server" -> node("billing", BILLING, true);
            case "client" -> node("orders", ORDERS, false);
            default -> node(role, WEB, false);
        }, "payments", new KeyPairKeys(MeshCredentials.keyPair(WEB, TRUSTED), nodes.namespace()));
    }
}
