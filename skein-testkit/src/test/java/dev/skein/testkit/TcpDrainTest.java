package dev.skein.testkit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.skein.core.Params;
import dev.skein.core.errors.Forbidden;
import dev.skein.core.errors.NotFound;
import dev.skein.core.errors.SkeinError;
import dev.skein.core.memory.MemoryService;
import dev.skein.mesh.Access;
import dev.skein.mesh.Mesh;
import dev.skein.mesh.MeshCredentials;
import dev.skein.mesh.MeshListener;
import dev.skein.mesh.MeshSettings;
import dev.skein.mesh.NodeInfo;
import dev.skein.mesh.TrustedKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Draining a node from another ({@link Mesh#drain}), on real tcp nodes of 127.0.0.1: with key pairs
 * and an access rule naming the drain path, an {@code ops} node drains a worker while calls run on it
 * (they all finish, the worker leaves gracefully, its app hears it was drained); a {@code web} node
 * the rule does not name is refused, logged, and nothing happens; an open mesh refuses unless the
 * node allows remote drains.
 */
@Timeout(120)
class TcpDrainTest {

    private static final KeyPair WORKER = MeshCredentials.generateKeyPair();
    private static final KeyPair OPS = MeshCredentials.generateKeyPair();
    private static final KeyPair WEB = MeshCredentials.generateKeyPair();
    private static final TrustedKeys TRUSTED = TrustedKeys.builder()
            .trust(WORKER.getPublic(), "worker-1", "worker")
            .trust(OPS.getPublic(), "ops-1", "ops")
            .trust(WEB.getPublic(), "web-1", "web")
            .build();
    private static final Access RULES = Access.builder().call(Mesh.DRAIN_PATH, "drain", "ops").build();

    private TestNodes nodes;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeEach
    void start() throws IOException {
        int discoveryPort;
        try (DatagramSocket free = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            discoveryPort = free.getLocalPort();
        }
        nodes = new TestNodes("tcp://127.0.0.1?beacon=200&discoveryPort=" + discoveryPort);
        logs.start();
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).addAppender(logs);
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        nodes.close();
    }

    private TestNodes.Node node(String name, KeyPair key, CompletableFuture<Void> release) {
        return nodes.start(name, app -> {
            if (release != null) {
                app.use("work", new MemoryService());
                app.service("work").hooks().beforeAsync("create", ctx -> release);
            }
        }, b -> b.credentials(MeshCredentials.keyPair(key, TRUSTED)).access(RULES).timeout(Duration.ofSeconds(20)));
    }

    private static void awaitPeers(TestNodes.Node... all) {
        for (TestNodes.Node n : all) {
            n.mesh().ready().orTimeout(20, TimeUnit.SECONDS).join();
            await().atMost(Duration.ofSeconds(20)).until(() -> n.mesh().nodes().size() == all.length);
        }
    }

    private static Throwable failure(java.util.concurrent.CompletionStage<?> stage) {
        try {
            stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return SkeinError.unwrap(e);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anAllowedNodeDrainsAWorkerWhoseCallsInFlightAllFinishAndWhichLeavesGracefully() throws Exception {
        CompletableFuture<Void> release = new CompletableFuture<>();
        TestNodes.Node worker = node("worker", WORKER, release);
        TestNodes.Node web = node("web", WEB, null);
        TestNodes.Node ops = node("ops", OPS, null);
        awaitPeers(worker, web, ops);
        await().atMost(Duration.ofSeconds(20)).until(() -> web.mesh().services().stream().anyMatch(s -> s.path().equals("work")));
        List<Boolean> leftGracefully = new java.util.concurrent.CopyOnWriteArrayList<>();
        web.mesh().addListener(new MeshListener() {
            @Override
            public void nodeLeft(NodeInfo node, boolean graceful) {
                if (node.id().equals(worker.mesh().nodeId())) leftGracefully.add(graceful);
            }
        });

        List<CompletableFuture<Object>> inFlight = new ArrayList<>();
        for (int i = 0; i < 3; i++) inFlight.add(web.mesh().call("work", "create", null, Map.of("n", i), new Params()));
        await().atMost(Duration.ofSeconds(20)).until(() -> worker.mesh().nodes().get(0).health().inFlight() == 3);

        NodeInfo left = ops.mesh().drain(worker.mesh().nodeId()).toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(left.online()).isFalse();
        assertThat(left.offlineReason()).isEqualTo(NodeInfo.LEFT);
        assertThat(inFlight).noneMatch(CompletableFuture::isDone); // still running on the draining worker

        release.complete(null);
        for (CompletableFuture<Object> call : inFlight) assertThat(call.get(20, TimeUnit.SECONDS)).isNotNull();
        assertThat(worker.mesh().drained().toCompletableFuture().get(20, TimeUnit.SECONDS)).isEqualTo(ops.mesh().nodeId());
        await().atMost(Duration.ofSeconds(20)).until(() -> !leftGracefully.isEmpty());
        assertThat(leftGracefully).containsExactly(true);
    }

    @Test
    void aNodeTheAccessRulesDoNotNameIsRefusedLoggedAndNothingHappens() throws Exception {
        TestNodes.Node worker = node("worker", WORKER, CompletableFuture.completedFuture(null));
        TestNodes.Node web = node("web", WEB, null);
        awaitPeers(worker, web);

        for (int i = 0; i < 3; i++) {
            assertThat(failure(web.mesh().drain(worker.mesh().nodeId()))).isInstanceOf(Forbidden.class)
                    .hasMessageContaining("may not be drained by node " + web.mesh().nodeId());
        }
        List<ILoggingEvent> warnings = logs.list.stream().filter(e -> e.getLevel() == Level.WARN
                && e.getFormattedMessage().contains("refused to be drained by node " + web.mesh().nodeId())).toList();
        assertThat(warnings).hasSize(1); // one line per sender and minute
        assertThat(warnings.get(0).getFormattedMessage()).contains("web-1").contains("--allow-call " + Mesh.DRAIN_PATH);

        // nothing happened: the worker serves, is online, and was not drained
        assertThat(web.mesh().call("work", "create", null, Map.of("n", 1), new Params()).get(20, TimeUnit.SECONDS)).isNotNull();
        assertThat(web.mesh().fleet()).anyMatch(n -> n.id().equals(worker.mesh().nodeId()) && n.online());
        assertThat(worker.mesh().drained().toCompletableFuture()).isNotDone();
        assertThat(worker.mesh().readiness().ready()).isTrue();
    }

    @Test
    void anOpenMeshRefusesDrainsUnlessTheNodeAllowsThem() throws Exception {
        TestNodes.Node closed = nodes.start("closed", app -> { });
        TestNodes.Node open = nodes.start("open", app -> { }, b -> b.set(MeshSettings.ALLOW_REMOTE_DRAIN, true));
        TestNodes.Node ops = nodes.start("ops", app -> { });
        awaitPeers(closed, open, ops);

        assertThat(failure(ops.mesh().drain(closed.mesh().nodeId()))).isInstanceOf(Forbidden.class)
                .hasMessageContaining("allowRemoteDrain");
        assertThat(failure(ops.mesh().drain("nosuch-1234abcd"))).isInstanceOf(NotFound.class);

        NodeInfo left = ops.mesh().drain(open.mesh().nodeId()).toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(left.offlineReason()).isEqualTo(NodeInfo.LEFT);
        assertThat(open.mesh().drained().toCompletableFuture().get(20, TimeUnit.SECONDS)).isEqualTo(ops.mesh().nodeId());
        assertThat(ops.mesh().fleet()).anyMatch(n -> n.id().equals(closed.mesh().nodeId()) && n.online());
    }
}
