package dev.skein.testkit;

import dev.skein.mesh.Mesh;
import dev.skein.mesh.NodeInfo;
import dev.skein.mesh.internal.Transports;
import dev.skein.mesh.spi.MeshAuthenticator;
import dev.skein.mesh.spi.Transport;
import dev.skein.mesh.spi.TransportContext;
import dev.skein.mesh.spi.TransportListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** What the suites on mesh credentials share: nodes on the transport under test, and raw transports an attacker would use. */
abstract class CredentialsSuite {

    /** The nodes of the running test, made before each test and closed after it. */
    protected TestNodes nodes;
    /** Raw transports started by {@link #onTheTransport}, in order; closed after each test. */
    protected final List<Transport> raw = new ArrayList<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    /** The transport URI under test. */
    protected abstract String transport();

    /** Makes a fresh set of nodes, in a namespace of their own, on the transport under test. */
    @BeforeEach
    public void startNodes() {
        nodes = new TestNodes(transport());
    }

    /** Closes the raw transports, the nodes and the raw transports' scheduler. */
    @AfterEach
    public void closeNodes() {
        raw.forEach(Transport::close);
        nodes.close();
        scheduler.shutdownNow();
    }

    /**
     * A party on the transport itself: a raw transport of the mesh's namespace, as someone with
     * broker access has, proving {@code authenticator} (null for none) where the transport asks.
     *
     * @return every frame it receives, as it comes
     */
    protected List<byte[]> onTheTransport(String id, MeshAuthenticator authenticator) {
        List<byte[]> frames = Collections.synchronizedList(new ArrayList<>());
        Transport t = Transports.forUri(transport());
        raw.add(t);
        TransportListener listener = new TransportListener() {
            @Override
            public void onFrame(byte[] frame) {
                frames.add(frame);
            }
        };
        t.start(new TransportContext(id, nodes.namespace(), Mesh.DEFAULT_MAX_FRAME_SIZE, scheduler, listener, authenticator))
                .orTimeout(20, TimeUnit.SECONDS).join();
        return frames;
    }

    /** The ids of the nodes {@code mesh} sees, itself first. */
    protected static List<String> ids(Mesh mesh) {

        return mesh.nodes().stream().map(NodeInfo::id).toList();
    }
}
