package dev.skein.testkit.reliability;

import dev.skein.core.Methods;
import dev.skein.mesh.Mesh;
import dev.skein.mesh.ServiceInfo;
import dev.skein.testkit.Lateness;
import dev.skein.testkit.TestNodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The mesh under faults, with three instances of "items" in their own JVMs on tcp over loopback
 * and a client keeping 32 calls in flight. Each case prints one line starting with RELIABILITY
 * with what it measured; {@code docs/RELIABILITY.md} holds them. Bounded: a few seconds of load
 * per case.
 */
@Timeout(120)
class ReliabilityTest {

    private static final String TRANSPORT = "tcp://?beacon=200";
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
    private final List<NodeProcess> processes = new ArrayList<>();
    private TestNodes nodes;
    private TestNodes.Node consumer;
    private Mesh client;
    /** How late this JVM ran while the case ran: the slack of each bound a timer or a detector here must meet. */
    private Lateness lateness;

    @BeforeEach
    void start() throws Exception {
        lateness = Lateness.start();
        nodes = new TestNodes(TRANSPORT);
        for (int i = 0; i < 3; i++) processes.add(new NodeProcess(nodes.namespace(), TRANSPORT));
        consumer = nodes.start("client", app -> { });
        client = consumer.mesh();
        await().atMost(Duration.ofSeconds(15)).until(() -> instances().size() == 3);
    }

    @AfterEach
    void stop() {
        processes.forEach(NodeProcess::close);
        nodes.close();
        lateness.close();
    }

    private Set<String> instances() {
        return client.services().stream().filter(s -> s.path().equals("items")).map(ServiceInfo::node).collect(Collectors.toCollection(TreeSet::new));
    }

    private void report(String line) {
        System.out.println("RELIABILITY " + line + "; this JVM's " + lateness);
    }

    /** The longest a call may take: its timeout, then 1 s for the failure to reach the caller, and however late this JVM ran. */
    private long longestCallBound() {
        return CALL_TIMEOUT.plusSeconds(1).plus(lateness.max()).toNanos();
    }

    @Test
    void killingOneOfThreeInstancesUnderLoadFailsNoReadAndNoCallWaitsPastItsTimeout() throws Exception {
        Load load = new Load(client, 32, CALL_TIMEOUT).start();
        Thread.sleep(1000);
        NodeProcess victim = processes.get(0);
        long killed = System.nanoTime();
        victim.kill();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).until(() -> !instances().contains(victim.nodeId));
        long gone = System.nanoTime() - killed;
        Thread.sleep(2000);
        load.stop();

        report("kill -9 of 1 of 3, 32 in flight: " + load.total() + " calls; " + load + "; the dead node left the registry after "
                + TimeUnit.NANOSECONDS.toMillis(gone) + " ms");
        assertThat(load.failed(Methods.GET) + load.failed(Methods.FIND)).isZero();
        assertThat(load.failed(Methods.CREATE)).isEqualTo(load.count(Methods.CREATE, "Unavailable"));
        assertThat(load.longestNanos.get()).isLessThan(longestCallBound());
        // found out by its closed connection: sooner than by silence, which takes deadAfter
        assertThat(Duration.ofNanos(gone)).isLessThan(Mesh.DEFAULT_DEAD_AFTER.plus(lateness.max()));
    }

    @Test
    void aRollingRestartOfAllThreeInstancesUnderLoadFailsNoCallAndEveryLaterEventArrives() throws Exception {
        Map<String, List<Long>> ticks = new ConcurrentHashMap<>();
        consumer.app().service("items").on("tick", e -> {
            Map<?, ?> data = (Map<?, ?>) e.data();
            ticks.computeIfAbsent(String.valueOf(data.get("from")), k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                    .add(((Number) data.get("seq")).longValue());
        });
        Load load = new Load(client, 32, CALL_TIMEOUT).start();
        Thread.sleep(500);
        List<String> replacements = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            processes.get(i).stop();
            NodeProcess replacement = new NodeProcess(nodes.namespace(), TRANSPORT);
            processes.set(i, replacement);
            replacements.add(replacement.nodeId);
            await().atMost(Duration.ofSeconds(15)).until(() -> instances().contains(replacement.nodeId));
            Thread.sleep(500);
        }
        Thread.sleep(1000);
        load.stop();

        long lost = 0;
        for (String node : replacements) {
            List<Long> seen = new ArrayList<>(ticks.getOrDefault(node, List.of()));
            assertThat(seen).as("ticks of %s", node).isNotEmpty();
            long first = seen.get(0);
            long last = seen.get(seen.size() - 1);
            lost += (last - first + 1) - seen.size();
            assertThat(seen).as("ticks of %s in order, none twice", node).isSorted().doesNotHaveDuplicates();
        }
        report("rolling restart of 3 of 3, 32 in flight: " + load.total() + " calls; " + load + "; events of the new instances: "
                + replacements.stream().mapToInt(n -> ticks.getOrDefault(n, List.of()).size()).sum() + " heard, " + lost + " missing");
        assertThat(load.failed(Methods.GET) + load.failed(Methods.FIND) + load.failed(Methods.CREATE)).isZero();
        assertThat(lost).isZero();
    }

    @Test
    void aFrozenInstanceIsLeftWithinTheFailureDetectionBoundAndRejoinsWhenItThaws() throws Exception {
        Load load = new Load(client, 32, CALL_TIMEOUT).start();
        Thread.sleep(1000);
        NodeProcess frozen = processes.get(1);
        long stoppedAt = System.nanoTime();
        frozen.freeze();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).until(() -> !instances().contains(frozen.nodeId));
        long left = System.nanoTime() - stoppedAt;
        Thread.sleep(1000);
        long thawedAt = System.nanoTime();
        frozen.thaw();
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(10)).until(() -> instances().contains(frozen.nodeId));
        long back = System.nanoTime() - thawedAt;
        Thread.sleep(1000);
        load.stop();

        // found out by silence: deadAfter, plus the lateness its heartbeats showed (at most deadAfter again), plus up to one
        // heartbeat; 4.5 s when they came on time (docs/RELIABILITY.md, "Slow or dead")
        Duration bound = Mesh.DEFAULT_DEAD_AFTER.plus(Mesh.DEFAULT_HEARTBEAT_INTERVAL);
        Duration latest = Mesh.DEFAULT_DEAD_AFTER.multipliedBy(2).plus(Mesh.DEFAULT_HEARTBEAT_INTERVAL);
        report("SIGSTOP of 1 of 3, 32 in flight: " + load.total() + " calls; " + load + "; left the registry after "
                + TimeUnit.NANOSECONDS.toMillis(left) + " ms (bound " + bound.toMillis() + " ms on time, at most " + latest.toMillis() + " ms), back "
                + TimeUnit.NANOSECONDS.toMillis(back) + " ms after SIGCONT");
        assertThat(load.failed(Methods.GET) + load.failed(Methods.FIND)).isZero();
        assertThat(Duration.ofNanos(left)).isLessThanOrEqualTo(latest.plusMillis(500).plus(lateness.max()));
        assertThat(load.longestNanos.get()).isLessThan(longestCallBound());
    }
}
