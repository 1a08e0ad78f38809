package dev.skein.testkit;

import dev.skein.core.Params;
import dev.skein.core.errors.Forbidden;
import dev.skein.core.memory.MemoryService;
import dev.skein.mesh.Access;
import dev.skein.mesh.ServiceInfo;
import dev.skein.mesh.tcp.TcpOptions;
import dev.skein.mesh.tcp.TcpTransport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Per-service access rules by node identity over tcp with mutual TLS: each node's certificate
 * names it (CN) and its roles (OU); only the identities the rules list may call a method or offer
 * a path; a denied call fails with Forbidden on the caller, and a denied offer is registered nowhere.
 */
@Timeout(90)
class TcpAccessTest {

    private static TestCertificates certificates;
    private static TestCertificates.NodeCertificate billing;
    private static TestCertificates.NodeCertificate orders;
    private static TestCertificates.NodeCertificate web;
    private static final Access RULES = Access.builder()
            .call("payments", "create", "orders")
            .call("payments", Access.ANY_METHOD, "admin")
            .offer("payments", "billing")
            .build();

    private TestNodes nodes;

    @BeforeAll
    static void makeCertificates() {
        certificates = TestCertificates.create();
        billing = certificates.node("billing-1", "billing");
        orders = certificates.node("orders-1", "orders");
        web = certificates.node("web-1", "web", "admin-wannabe");
    }

    @AfterAll
    static void deleteCertificates() {
        certificates.delete();
    }

    @BeforeEach
    void start() {
        nodes = new TestNodes("tcp://?beacon=200");
    }

    @AfterEach
    void stop() {
        nodes.close();
    }

    private TestNodes.Node node(String name, TestCertificates.NodeCertificate cert, boolean servesPayments) {
        TcpOptions.Tls tls = new TcpOptions.Tls(cert.certificate(), cert.privateKey(), certificates.authority(), true);
        return nodes.start(name, app -> {
            if (servesPayments) app.use("payments", new MemoryService());
            app.use("notes", new MemoryService());
        }, b -> b.access(RULES).transport(TcpTransport.create(TcpOptions.builder().beaconInterval(Duration.ofMillis(200)).tls(tls).build())));
    }

    @Test
    void onlyTheListedIdentitiesMayCallAMethodAndADeniedCallIsForbiddenOnTheCaller() {
        TestNodes.Node payments = node("billing", billing, true);
        TestNodes.Node shop = node("orders", orders, false);
        TestNodes.Node site = node("web", web, false);
        MeshTck.awaitService(shop.app(), "payments");
        MeshTck.awaitService(site.app(), "payments");

        Object created = MeshTck.join(shop.app().service("payments").create(Map.of("amount", 12)));
        assertThat(MeshTck.map(created)).containsEntry("amount", 12);
        assertThat(MeshTck.failure(shop.app().service("payments").remove(0))).isInstanceOf(Forbidden.class)
                .hasMessageContaining("may not call payments.remove").hasMessageContaining("orders-1");
        assertThat(MeshTck.failure(site.app().service("payments").create(Map.of("amount", 1)))).isInstanceOf(Forbidden.class)
                .hasMessageContaining("web-1");
        assertThat(MeshTck.failure(site.app().service("payments").find(new Params()))).isInstanceOf(Forbidden.class);
        assertThat((java.util.List<?>) MeshTck.join(payments.app().service("payments").find(new Params()))).hasSize(1);

        assertThat(MeshTck.map(MeshTck.join(site.app().service("notes").create(Map.of("open", true))))).containsEntry("open", true);
    }

    @Test
    void aNodeThatMayNotOfferAPathIsRegisteredForItNowhere() {
        TestNodes.Node payments = node("billing", billing, true);
        TestNodes.Node impostor = node("web", web, true);
        TestNodes.Node shop = node("orders", orders, false);
        MeshTck.awaitService(shop.app(), "payments");
        await().atMost(Duration.ofSeconds(10)).until(() -> shop.mesh().nodes().size() == 3
                && shop.mesh().services().stream().anyMatch(s -> s.path().equals("notes") && s.node().equals(impostor.mesh().nodeId())));

        assertThat(shop.mesh().services().stream().filter(s -> s.path().equals("payments")).map(ServiceInfo::node))
                .containsExactly(payments.mesh().nodeId());
        java.util.List<Object> heard = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        shop.app().service("payments").on("created", e -> heard.add(MeshTck.map(e.data()).get("n")));
        for (int i = 0; i < 10; i++) MeshTck.join(shop.app().service("payments").create(Map.of("n", i)));
        impostor.app().service("payments").create(Map.of("n", "forged")).join(); // its event must reach nobody
        assertThat((java.util.List<?>) MeshTck.join(payments.app().service("payments").find(new Params()))).hasSize(10);
        assertThat((java.util.List<?>) MeshTck.join(impostor.app().service("payments").find(new Params()))).hasSize(1);
        payments.app().service("payments").create(Map.of("n", "last")).join();
        await().atMost(Duration.ofSeconds(10)).until(() -> heard.contains("last"));
        assertThat(heard).doesNotContain("forged").hasSize(11);
    }
}
