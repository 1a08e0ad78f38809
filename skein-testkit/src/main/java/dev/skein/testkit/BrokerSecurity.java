package dev.skein.testkit;

import dev.skein.core.errors.Unavailable;
import dev.skein.core.memory.MemoryService;
import dev.skein.mesh.spi.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.net.ssl.SSLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Credentials and TLS to the broker reach its client: each broker transport runs these against
 * broker processes of the test's own that require a user and password, one of them over TLS with
 * a certificate of a throw-away authority ({@link TestCertificates}).
 */
public abstract class BrokerSecurity {

    /** The user the test brokers require. */
    protected static final String USER = "skein-user";
    /** The password the test brokers require; no error message may contain it. */
    protected static final String PASSWORD = "s3cret-Pa55";

    private final List<AutoCloseable> toClose = new ArrayList<>();

    /** A broker that serves plain connections on its port and requires {@link #USER} / {@link #PASSWORD}; not started. */
    protected abstract BrokerProcess passwordBroker() throws Exception;

    /** A broker that serves only TLS on its port, with {@code certificates}' server certificate, and requires the credentials; not started. */
    protected abstract BrokerProcess tlsBroker(TestCertificates certificates) throws Exception;

    /** The plain URI scheme: {@code nats}, {@code redis}, {@code amqp}. */
    protected abstract String scheme();

    /** The TLS URI scheme: {@code nats+tls}, {@code rediss}, {@code amqps}. */
    protected abstract String tlsScheme();

    /** The plain URI with these credentials. */
    protected final String uri(int port, String user, String password) {
        return scheme() + "://" + user + ":" + password + "@127.0.0.1:" + port;
    }

    /** The TLS form of the URI with these credentials. */
    protected final String tlsUri(int port, String user, String password) {
        return tlsScheme() + "://" + user + ":" + password + "@127.0.0.1:" + port;
    }

    /**
     * A transport built around a client the user configured: TLS trusting the authority of
     * {@code certificates} ({@link TestCertificates#trustingContext()} or its PEM file), the
     * credentials. Register the client with {@link #closeAfter} if it must be closed.
     */
    protected abstract Transport overOwnClient(int port, TestCertificates certificates, String user, String password) throws Exception;

    /** Closes {@code resource} after the test, after its nodes and brokers. */
    protected final void closeAfter(AutoCloseable resource) {

        toClose.add(resource);
    }

    private BrokerProcess start(BrokerProcess broker) throws Exception {
        toClose.add(0, broker);
        return broker.start();
    }

    private TestNodes nodes(String uri) {
        TestNodes nodes = new TestNodes(uri);
        toClose.add(0, nodes);
        return nodes;
    }

    /** Closes what the test opened: nodes, then brokers, then the clients given to {@link #closeAfter}. */
    @AfterEach
    public void closeEverything() throws Exception {
        for (AutoCloseable c : toClose) c.close(); // nodes, then brokers, then the users' own clients
        toClose.clear();
    }

    /** User and password in the transport URI let two nodes through a broker that requires them: a create crosses. */
    @Test
    @Timeout(60)
    public void credentialsInTheUriReachTheBroker() throws Exception {
        BrokerProcess broker = start(passwordBroker());
        TestNodes nodes = nodes(uri(broker.port(), USER, PASSWORD));
        TestNodes.Node server = nodes.start("server", app -> app.use("todos", new MemoryService()));
        TestNodes.Node client = nodes.start("client", app -> { });
        MeshTck.awaitService(client.app(), "todos");

        assertThat(MeshTck.join(client.app().service("todos").create(Map.of("n", 1)))).isEqualTo(Map.of("id", 0, "n", 1));
    }

    /** A wrong password fails readiness with Unavailable naming the broker's port, never the password. */
    @Test
    @Timeout(60)
    public void aWrongPasswordFailsReadinessNamingTheBrokerButNotThePassword() throws Exception {
        BrokerProcess broker = start(passwordBroker());
        TestNodes.Node node = nodes(uri(broker.port(), USER, "wrong-Pa55")).start("intruder", app -> { });

        Throwable error = MeshTck.failure(node.mesh().ready());

        assertThat(error).isInstanceOf(Unavailable.class).hasMessageContaining(String.valueOf(broker.port()))
                .hasMessageNotContaining("wrong-Pa55");
    }

    /** With {@code waitForTransport}, a wrong password or an untrusted certificate fails readiness within 20 s, not at the 40 s discovery timeout. */
    @Test
    @Timeout(60)
    public void aNodeWaitingForItsBrokerGivesUpAtOnceOnAWrongPasswordOrAnUntrustedCertificate() throws Exception {
        BrokerProcess plain = start(passwordBroker());
        BrokerProcess tls = start(tlsBroker(TestCertificates.create()));
        java.util.function.Consumer<dev.skein.mesh.Mesh.Builder> patient = b -> b.waitForTransport(true).discoveryTimeout(Duration.ofSeconds(40));
        TestNodes.Node wrongPassword = nodes(uri(plain.port(), USER, "wrong-Pa55")).start("intruder", app -> { }, patient);
        TestNodes.Node untrusted = nodes(tlsUri(tls.port(), USER, PASSWORD)).start("careful", app -> { }, patient);

        // well before the 40 s discovery timeout: neither can succeed by trying again
        for (TestNodes.Node node : List.of(wrongPassword, untrusted)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> node.mesh().ready().get(20, java.util.concurrent.TimeUnit.SECONDS))
                    .isInstanceOf(java.util.concurrent.ExecutionException.class).cause().isInstanceOf(Unavailable.class);
        }
    }

    /** An unreachable broker fails readiness naming its port, and no message in the chain of causes holds the password. */
    @Test
    @Timeout(60)
    public void anUnreachableBrokerIsNamedWithoutItsPassword() throws Exception {
        int port = BrokerProcess.freePort(); // nothing listens there
        TestNodes.Node node = nodes(uri(port, USER, PASSWORD)).start("lonely", app -> { });

        Throwable error = MeshTck.failure(node.mesh().ready());

        assertThat(error).isInstanceOf(Unavailable.class).hasMessageContaining(String.valueOf(port)).hasMessageNotContaining(PASSWORD);
        assertThat(causes(error)).allSatisfy(t -> assertThat(String.valueOf(t.getMessage())).doesNotContain(PASSWORD));
    }

    /** A URI without a host is refused with an IllegalArgumentException whose message does not hold the password. */
    @Test
    public void aUriTheTransportCannotUseIsRefusedWithoutItsPassword() {
        dev.skein.core.App app = dev.skein.core.App.builder().name("typo").build();
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> app.configure(dev.skein.mesh.Mesh.builder()
                            .transport(scheme() + "://" + USER + ":" + PASSWORD + "@/no-host").build()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining(PASSWORD);
        } finally {
            app.close();
        }
    }

    /** A transport around the user's own client, configured for TLS and credentials, carries calls and events. */
    @Test
    @Timeout(60)
    public void tlsAndCredentialsOfTheUsersOwnClientPassThrough() throws Exception {
        TestCertificates certificates = TestCertificates.create();
        BrokerProcess broker = start(tlsBroker(certificates));
        TestNodes nodes = nodes("own-client://"); // every node is given its transport below
        TestNodes.Node server = nodes.start("server", app -> app.use("todos", new MemoryService()),
                b -> b.transport(own(broker.port(), certificates)));
        TestNodes.Node client = nodes.start("client", app -> { }, b -> b.transport(own(broker.port(), certificates)));
        MeshTck.awaitService(client.app(), "todos");
        List<Object> heard = new CopyOnWriteArrayList<>();
        client.app().service("todos").on("created", e -> heard.add(((Map<?, ?>) e.data()).get("n")));

        assertThat(MeshTck.join(client.app().service("todos").create(Map.of("n", 1)))).isEqualTo(Map.of("id", 0, "n", 1));
        await().atMost(Duration.ofSeconds(10)).until(() -> heard.contains(1));
    }

    /** The TLS URI refuses a broker whose certificate the JVM does not trust: readiness fails, with a TLS failure among the causes. */
    @Test
    @Timeout(60)
    public void theTlsUriVerifiesTheBrokersCertificateAgainstTheJvmTrustStore() throws Exception {
        BrokerProcess broker = start(tlsBroker(TestCertificates.create()));
        TestNodes.Node node = nodes(tlsUri(broker.port(), USER, PASSWORD)).start("careful", app -> { });

        Throwable error = MeshTck.failure(node.mesh().ready());

        // the JVM does not trust the test authority: the handshake must fail, not be waved through
        assertThat(error).isInstanceOf(Unavailable.class).hasMessageContaining(String.valueOf(broker.port()))
                .hasMessageNotContaining(PASSWORD);
        assertThat(causes(error)).as("a TLS handshake failure in the causes of %s", error).anyMatch(t -> t instanceof SSLException
                || String.valueOf(t.getMessage()).contains("PKIX") || String.valueOf(t.getMessage()).contains("certificate"));
    }

    private Transport own(int port, TestCertificates certificates) {
        try {
            return overOwnClient(port, certificates, USER, PASSWORD);
        } catch (Exception e) {
            throw new IllegalStateException("cannot build the user's own client", e);
        }
    }

    private static List<Throwable> causes(Throwable error) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = error; t != null && !chain.contains(t); t = t.getCause()) chain.add(t);
        return chain;
    }
}
