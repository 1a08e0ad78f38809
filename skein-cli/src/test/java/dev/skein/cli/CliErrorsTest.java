package dev.skein.cli;

import dev.skein.testkit.SharedBrokers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** What the skein command says when something is wrong, its exit codes, its version, its completion and its transports. */
@Timeout(60)
class CliErrorsTest {

    private final String namespace = "cli-errors-" + UUID.randomUUID();
    private CapturedStreams streams;

    @org.junit.jupiter.api.io.TempDir
    Path dir;

    @BeforeEach
    void capture() {
        streams = new CapturedStreams();
    }

    @AfterEach
    void restore() {
        streams.close();
    }

    private String out() {
        return streams.out();
    }

    private String err() {
        return streams.err();
    }

    @ParameterizedTest(name = "{1}: exits {0}")
    @CsvSource(delimiter = '|', value = {
            "2   | nodes --transport foo://x                     | No transport serves 'foo://' (known: local, tcp, nats",
            "2   | nodes --transport ::bad                       | Transport URI '::bad' is malformed",
            "2   | nodes --transport tcp://?seeds=127.0.0.1:x    | tcp transport parameter 'seed port' must be a number, got 'x'",
            "2   | nodes --transport tcp://?seeds=nohost         | A seed must be host:port, got 'nohost'",
            "2   | nodes --secret-file /nonexistent/mesh.secret  | cannot read the mesh secret file /nonexistent/mesh.secret",
            "2   | nodes --nmespace x                            | Did you mean: --namespace?",
            "2   | nodse                                         | Unmatched argument at index 0: 'nodse'",
            "2   | call todos                                    | Missing required parameter: '<method>'",
            "2   | drain                                         | Missing required parameter: 'NODE'",
            "2   | keygen --key-file /nonexistent/k --name a,b   | a trusted key's name must be a word without spaces or commas",
            "203 | services --transport nats://127.0.0.1:1       | cannot reach NATS at nats://127.0.0.1:1",
            "203 | services --transport redis://127.0.0.1:1      | cannot reach Redis at redis://127.0.0.1:1",
            "203 | services --transport amqp://127.0.0.1:1       | cannot reach RabbitMQ at amqp://127.0.0.1:1",
            "2   | gateway --max-connections-per-address -1      | maxConnectionsPerAddress must be 0 (no cap) or more, got -1",
            "2   | gateway --settle-window -1s                   | settleWindow must be zero or more, got PT-1S",
            "100 | call todos create {bad                        | the data argument is not JSON",
            "100 | call todos find --query [1]                   | --query must be a JSON object",
    })
    void anErrorIsOneOrTwoLinesWithoutAStackTrace(int code, String command, String message) {
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.addAll(List.of("--namespace", namespace));
        if (command.startsWith("keygen") || command.startsWith("nodse")) args.subList(args.size() - 2, args.size()).clear();

        assertThat(Main.run(args.toArray(String[]::new))).isEqualTo(code);

        assertThat(err()).contains(message).doesNotContain("\tat ").doesNotContain("Caused by");
        assertThat(err().strip().lines()).hasSizeBetween(1, 2).noneMatch(l -> l.matches("^[a-z]+(\\.[a-z]+)+\\.[A-Z]\\w*(Exception|Error).*"));
        assertThat(out()).isEmpty();
    }

    @Test
    void aGatewayWhosePortIsTakenSaysSoInOneLineAndExits1() throws Exception {
        int port;
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = taken.getLocalPort();
            assertThat(Main.run("gateway", "--port", String.valueOf(port), "--namespace", namespace)).isEqualTo(1);
        }

        assertThat(err().strip()).isEqualTo("skein gateway: The gateway cannot listen on 127.0.0.1:" + port + ": Address already in use");
    }

    @Test
    void verboseAddsTheStackTrace() {
        assertThat(Main.run("nodes", "--transport", "nats://127.0.0.1:1", "--verbose")).isEqualTo(203);

        assertThat(err()).contains("skein nodes: The nats transport").contains("\tat ");
        assertThat(err().lines().filter(l -> l.startsWith("skein nodes:")).count()).isOne();
        streams.err.reset();

        assertThat(Main.run("--verbose", "call", "todos", "create", "{bad")).isEqualTo(100);
        assertThat(err()).contains("\"name\":\"BadRequest\"").contains("\tat ");
    }

    @Test
    void theRootHelpListsTheExitCodes() {
        assertThat(Main.run("--help")).isZero();

        assertThat(out()).contains("Exit codes:").containsPattern("(?m)^  0 +done").containsPattern("(?m)^  1 +failed")
                .containsPattern("(?m)^  2 +usage").contains("generate-completion").contains("--verbose");
        assertThat(out().replaceAll("\\s+", " ")).contains("NotFound 404 -> 104").contains("Unavailable 503 -> 203");
    }

    @Test
    void versionSaysWhichSkeinItIs() {
        assertThat(Main.run("--version")).isZero();

        // from target/classes there is no manifest or pom.properties; skein.jar says its version (checked by hand: 0.2.0-SNAPSHOT)
        assertThat(out()).containsPattern("^skein (\\d+\\.\\d+\\.\\d+\\S*|\\(version unknown: not run from skein.jar\\))\\R")
                .doesNotContain("0.1.0").contains("Java " + Runtime.version());
    }

    @Test
    void generateCompletionWritesABashScriptForSkein() {
        assertThat(Main.run("generate-completion")).isZero();

        assertThat(out()).contains("complete -F _complete_skein").contains("nodes").contains("--transport").contains("--output");
    }

    /** Every transport URI {@code --help} offers (the option's description, before picocli wraps it), with the brokers' standard ports of 127.0.0.1. */
    static List<String> transportsInTheHelp() {
        String help = String.join(" ", new picocli.CommandLine(new Main()).getSubcommands().get("nodes").getCommandSpec()
                .findOption("--transport").description());
        List<String> uris = new ArrayList<>();
        Matcher m = Pattern.compile("\\b(?:tcp|nats|redis|amqp)://[^\\s,)]*").matcher(help);
        while (m.find()) uris.add(m.group());
        assertThat(uris).contains("tcp://", "nats://127.0.0.1:4222", "redis://127.0.0.1:6379", "amqp://127.0.0.1:5672");
        return uris.stream().distinct().toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transportsInTheHelp")
    void everyTransportTheHelpOffersWorks(String offered) {
        String uri = SharedBrokers.moved(offered); // the machine's broker on its standard port, or the tests' own
        assertThat(Main.run("nodes", "-o", "json", "--wait", "500ms", "--transport", uri, "--namespace", namespace))
                .as("skein nodes --transport %s: %s", uri, err()).isZero();

        assertThat(out().lines()).as("stdout (the test's log lines go there too)").contains("[]");
        assertThat(err()).contains("no nodes found in namespace '" + namespace + "'");
    }

    // ---- where the mistake is, and why (#24) ----

    private int skein(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--namespace", namespace));
        return Main.run(all.toArray(String[]::new));
    }

    private String firstLine() {
        return streams.err().lines().findFirst().orElse("");
    }

    @Test
    void anUnknownKeyOfTheNodeFileNamesTheFileOnceAndTheClosestKey() throws Exception {
        Path file = Files.writeString(dir.resolve("node.yaml"), "mesh:\n  rol: todos\n");

        assertThat(Main.run("node", "--config", file.toString())).isEqualTo(2);

        assertThat(firstLine()).startsWith("skein node: " + file + ": unknown key 'mesh.rol'").contains("did you mean mesh.role?")
                .doesNotContain(file + ": " + file);
    }

    @Test
    void anUnreadableSecretFileSaysWhy() throws Exception {
        assertThat(skein("nodes", "--secret-file", dir.resolve("absent").toString())).isEqualTo(2);
        assertThat(firstLine()).isEqualTo("skein nodes: cannot read the mesh secret file " + dir.resolve("absent") + ": no such file");
        streams.err.reset();

        Path folder = Files.createDirectory(dir.resolve("folder"), java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        assertThat(skein("nodes", "--secret-file", folder.toString())).isEqualTo(2);
        assertThat(firstLine()).isEqualTo("skein nodes: cannot read the mesh secret file " + folder + ": is a directory");
    }

    @Test
    void aPortOutOfRangeNamesTheFlagOrParameter() {
        assertThat(skein("node", "-s", "todos", "--transport", "tcp://?multicast=false", "--http-port", "99999")).isEqualTo(2);
        assertThat(firstLine()).contains("--http-port must be 0..65535 (0: any free one), got 99999");
        streams.err.reset();

        assertThat(skein("nodes", "--transport", "tcp://?multicast=false&seeds=127.0.0.1:99999")).isEqualTo(2);
        assertThat(firstLine()).contains("tcp transport parameter 'seed port' must be 1..65535, got 99999 in '127.0.0.1:99999'");
        streams.err.reset();

        assertThat(skein("nodes", "--transport", "tcp://127.0.0.1:99999?multicast=false")).isEqualTo(2);
        assertThat(firstLine()).contains("the tcp transport's port (tcp://host:PORT) must be 0..65535, got 99999");
    }

    @Test
    void aBrokerThatIsDownIsNamedAsHostAndPort() {
        assertThat(skein("services", "--transport", "redis://127.0.0.1:1")).isEqualTo(203);

        assertThat(firstLine()).contains("127.0.0.1:1").doesNotContain("<unresolved>").doesNotContain("127.0.0.1/");
    }

    @Test
    void aBooleanOfATcpUriIsTrueOrFalse() {
        assertThat(skein("nodes", "--transport", "tcp://?multicast=flase")).isEqualTo(2);

        assertThat(firstLine()).contains("multicast").contains("must be true or false, got 'flase'");
    }

    @Test
    void anUnknownSchemeSuggestsTheClosestInsteadOfAModuleTheJarHas() {
        assertThat(skein("nodes", "--transport", "nat://127.0.0.1:4222")).isEqualTo(2);

        assertThat(firstLine()).contains("No transport serves 'nat://'").contains("did you mean nats://?").doesNotContain("add the module");
    }

    @Test
    void flagsTheNodeFileWouldIgnoreAreRefusedNamingBoth() throws Exception {
        Path file = Files.writeString(dir.resolve("node.yaml"), "name: a\nservices:\n  - path: todos\nmesh:\n  namespace: " + namespace
                + "\n  transport: tcp://127.0.0.1?multicast=false\n");
        for (List<String> flags : List.of(List.of("--name", "b", "--config"), List.of("-s", "more", "--config"),
                List.of("--namespace", "other", "mesh.namespace"))) {
            streams.err.reset();
            List<String> args = new ArrayList<>(List.of("node", "--config", file.toString()));
            args.addAll(flags.subList(0, 2));
            assertThat(Main.run(args.toArray(String[]::new))).as(flags + ": " + streams.err()).isEqualTo(2);
            assertThat(firstLine()).contains(flags.get(0).equals("-s") ? "--service" : flags.get(0)).contains(flags.get(2));
        }
    }

    @Test
    void keyIdsAreEightHexDigits() throws Exception {
        for (int i = 0; i < 24; i++) {
            streams.err.reset();
            Path key = dir.resolve("k" + i);
            assertThat(Main.run("keygen", "--key-file", key.toString(), "--name", "n" + i)).isZero();
            assertThat(streams.err()).containsPattern("\\(key id [0-9a-f]{8}\\)");
        }
    }

    @Test
    void aNodeWhoseTcpPortIsTakenNamesThePortAndTheTransportFlagAndExits1() throws Exception {
        int port;
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = taken.getLocalPort();
            assertThat(Main.run("node", "-s", "todos", "--namespace", namespace, "--transport", "tcp://127.0.0.1:" + port + "?multicast=false"))
                    .as(err()).isEqualTo(1);
        }

        assertThat(err().strip()).isEqualTo("skein node: port " + port + " is in use (--transport tcp://127.0.0.1:" + port
                + "?multicast=false): choose another or stop the process that has it");
    }

    @Test
    void aNodeWhoseHttpPortIsTakenNamesHttpPortNotAGateway() throws Exception {
        int port;
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = taken.getLocalPort();
            assertThat(Main.run("node", "-s", "todos", "--namespace", namespace, "--transport", "tcp://127.0.0.1?multicast=false",
                    "--http-port", String.valueOf(port))).as(err()).isEqualTo(1);
        }

        assertThat(err().strip()).isEqualTo("skein node: port " + port + " is in use (--http-port " + port
                + "): choose another or stop the process that has it");
    }
}
