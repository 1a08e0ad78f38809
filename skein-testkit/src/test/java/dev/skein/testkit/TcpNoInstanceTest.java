package dev.skein.testkit;

import dev.skein.core.Params;
import dev.skein.core.errors.Unavailable;
import dev.skein.core.memory.MemoryService;
import dev.skein.mesh.Mesh;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A call that finds no instance of its service says why it may have found none, on {@code tcp} with
 * multicast discovery: the node that serves it runs with another mesh secret (this node refused
 * it), or in another namespace (this node heard it and ignored it). Each test has a discovery port of
 * its own, so that only its nodes are heard.
 */
@Timeout(60)
class TcpNoInstanceTest {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);

    private int discoveryPort;
    private TestNodes nodes;
    private TestNodes elsewhere;

    @BeforeEach
    void ports() throws IOException {
        try (DatagramSocket free = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            discoveryPort = free.getLocalPort();
        }
        nodes = new TestNodes(transport());
        elsewhere = new TestNodes(transport());
    }

    @AfterEach
    void close() {
        nodes.close();
        elsewhere.close();
    }

    private String transport() {
        return "tcp://?beacon=200&discoveryPort=" + discoveryPort;
    }

    @Test
    void aServiceBehindAnotherMeshSecretIsNamedAsRefusedForItsCredentials() {
        TestNodes.Node payments = nodes.start("payments", app -> app.use("payments", new MemoryService()),
                b -> b.credentials(SecurityTck.SECRET));
        TestNodes.Node caller = nodes.start("caller", app -> { }, b -> b.credentials(SecurityTck.WRONG));
        payments.mesh().ready().join();
        caller.mesh().ready().join();

        Throwable failure = noInstance(caller, "payments");

        assertThat(failure).hasMessageStartingWith("No instance of service 'payments' is available")
                .hasMessageContaining("this node refused nodes for their mesh credentials")
                .hasMessageContaining("node " + payments.mesh().nodeId())
                .hasMessageContaining("every node needs the same mesh secret");
    }

    @Test
    void aServiceInAnotherNamespaceIsNamedAsHeardInThatNamespace() {
        elsewhere.start("payments", app -> app.use("payments", new MemoryService())).mesh().ready().join();
        TestNodes.Node caller = nodes.start("caller", app -> { });
        caller.mesh().ready().join();

        Throwable failure = noInstance(caller, "payments");

        assertThat(failure).hasMessageStartingWith("No instance of service 'payments' is available")
                .hasMessageContaining("this node has heard no node of namespace '" + nodes.namespace() + "' that offers it")
                .hasMessageContaining("this node heard nodes of other namespaces")
                .hasMessageContaining("'" + elsewhere.namespace() + "'")
                .hasMessageNotContaining("refused");
    }

    /** The failure of a find of {@code path} from {@code caller}, made after the beacons of a second had time to arrive. */
    private static Throwable noInstance(TestNodes.Node caller, String path) {
        Params params = new Params().set(Mesh.TIMEOUT, CALL_TIMEOUT);
        Throwable thrown = catchThrowable(() -> caller.mesh().call(path, "find", null, null, params).get(CALL_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS));
        Throwable cause = thrown instanceof java.util.concurrent.ExecutionException || thrown instanceof CompletionException ? thrown.getCause() : thrown;
        assertThat(cause).isInstanceOf(Unavailable.class);
        return cause;
    }
}
