package dev.skein.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code skein drain} against {@code skein node} processes on tcp (127.0.0.1, multicast on lo): a
 * name two nodes share is refused with both ids, a node that does not allow remote drains refuses
 * (exit 103) and runs on, an unknown node is NotFound (104), and a node that allows it leaves the
 * mesh and its process exits 0.
 */
@Timeout(180)
class DrainCommandTest {

    private final String namespace = "cli-drain-" + UUID.randomUUID();
    private final NodeProcesses nodes = new NodeProcesses();
    private CapturedStreams streams;

    @BeforeEach
    void capture() {
        streams = new CapturedStreams();
    }

    @AfterEach
    void stop() throws Exception {
        streams.close();
        nodes.close();
    }

    private NodeProcesses.Node node(String name, String... extra) throws Exception {
        String[] args = new String[extra.length + 8];
        System.arraycopy(new String[]{"--name", name, "-s", "todos", "--namespace", namespace, "--transport", "tcp://?beacon=200"}, 0, args, 0, 8);
        System.arraycopy(extra, 0, args, 8, extra.length);
        NodeProcesses.Node node = nodes.start(Map.of(), args);
        node.ready().get(60, TimeUnit.SECONDS);
        return node;
    }

    /** The node id its ready line names: {@code node worker-1f0c9a2b serving [todos] ...}. */
    private static String id(NodeProcesses.Node node) throws Exception {
        return node.ready().get().split(" ")[1];
    }

    /** {@code skein ARGS} in this test's namespace; a drain looks for its node up to 20 s unless ARGS say otherwise (the machine may be busy). */
    private int skein(String... args) {
        java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of(args));
        all.addAll(java.util.List.of("--namespace", namespace, "--transport", "tcp://?beacon=200"));
        if (args[0].equals("drain") && !all.contains("--wait")) all.addAll(java.util.List.of("--wait", "20s"));
        return Main.run(all.toArray(String[]::new));
    }

    @Test
    void aNodeThatAllowsRemoteDrainsLeavesAndItsProcessExitsZero() throws Exception {
        NodeProcesses.Node first = node("worker", "--allow-remote-drain");
        NodeProcesses.Node second = node("worker", "--allow-remote-drain");

        assertThat(skein("drain", "worker")).isEqualTo(2);
        assertThat(streams.err()).contains("'worker' is the name of 2 nodes").contains(id(first)).contains(id(second));
        assertThat(first.process().isAlive()).isTrue();

        assertThat(skein("drain", id(first))).isZero();
        assertThat(streams.out()).contains("node " + id(first) + " (worker) drained: it left the mesh");
        assertThat(NodeProcesses.exitCode(first)).isZero();
        assertThat(first.text()).contains("drained by node skein-cli-");
        assertThat(second.process().isAlive()).isTrue();

        assertThat(skein("drain", "worker")).isZero(); // the name is one node's now
        assertThat(NodeProcesses.exitCode(second)).isZero();
    }

    @Test
    void withKeyPairsOnlyTheIdentityTheAccessRuleNamesDrainsTheNode(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path trusted = dir.resolve("trusted-keys");
        StringBuilder lines = new StringBuilder();
        for (String[] key : new String[][] {{"worker", "worker-1", "worker"}, {"ops", "ops-1", "ops"}, {"web", "web-1", "web"}}) {
            int before = streams.out().length();
            assertThat(Main.run("keygen", "--key-file", dir.resolve(key[0] + ".key").toString(), "--name", key[1], "--roles", key[2])).isZero();
            lines.append(streams.out().substring(before).trim()).append('\n');
        }
        java.nio.file.Files.writeString(trusted, lines);
        NodeProcesses.Node worker = node("worker", "--key-file", dir.resolve("worker.key").toString(), "--trusted-keys-file", trusted.toString(),
                "--allow-call", "_skein/drain=ops");

        assertThat(skein("drain", "worker", "--key-file", dir.resolve("web.key").toString(), "--trusted-keys-file", trusted.toString()))
                .isEqualTo(103);
        assertThat(worker.process().isAlive()).isTrue();
        assertThat(skein("drain", "worker", "--key-file", dir.resolve("ops.key").toString(), "--trusted-keys-file", trusted.toString()))
                .isZero();
        assertThat(NodeProcesses.exitCode(worker)).isZero();
        assertThat(worker.text()).contains("refused to be drained by node skein-cli-").contains("(identities [web-1, web])")
                .contains("drained by node skein-cli-");
    }

    @Test
    void aNodeThatDoesNotAllowItRefusesAndRunsOnAndAnUnknownNodeIsNotFound() throws Exception {
        NodeProcesses.Node kept = node("kept");

        assertThat(skein("drain", "kept")).isEqualTo(103);
        assertThat(streams.err()).contains("may not be drained").contains("--allow-remote-drain");
        assertThat(skein("drain", "nosuch", "--wait", "1s")).isEqualTo(104);
        assertThat(streams.err()).contains("No node has the id or name 'nosuch'");

        assertThat(kept.process().isAlive()).isTrue();
        assertThat(kept.text()).contains("refused to be drained by node skein-cli-");
        assertThat(skein("call", "todos", "find")).isZero(); // it still serves
    }
}
