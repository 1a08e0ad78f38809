package dev.skein.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What the skein command says about a mistake: where it is (once), why, and what was probably meant (#24). */
@Timeout(60)
class MessagesTest {

    private final String namespace = "messages-" + UUID.randomUUID();
    private CapturedStreams streams;

    @TempDir
    Path dir;

    @BeforeEach
    void capture() {
        streams = new CapturedStreams();
    }

    @AfterEach
    void restore() {
        streams.close();
    }

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
}
