package dev.skein.spring.docs;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * The plain-Java programs of the docs run as written: each Java block with a {@code main} of
 * README.md ("Distribute it") and docs/GETTING-STARTED.md is compiled from the doc's text and started
 * as a process of its own, in the doc's order, on loopback. The program that listens to "created"
 * prints the event of the todo it creates, the line the doc says it prints; every program is still running after that (Skein's
 * threads are daemons: a program whose {@code main} ended would be gone); each {@code curl} of the
 * doc gets the todo through the gateway; then the test stops them, by their process.
 *
 * <p>Two things of the text are replaced, nothing else, and each must be found or the test fails:
 * {@code Mesh.join()} by a mesh of a namespace of its own ({@code Mesh.join()} reads no environment,
 * and the nodes of tests running alongside, on the default namespace, must not be met), and the
 * gateway's port {@value #DOC_PORT} by a free one (a test running alongside may hold it), in the
 * programs and in the {@code curl} lines.
 */
class DocProgramsTest {

    private static final int DOC_PORT = 3030;
    private static final Pattern CLASS_NAME = Pattern.compile("public class (\\w+)");
    private static final Pattern CURL = Pattern.compile("curl\\s+(?:-\\w+\\s+)*(http://127\\.0\\.0\\.1:" + DOC_PORT + "/[^\\s`]*)");
    /** What the doc says the listening program prints: {@code prints `created ...`}. */
    private static final Pattern CLAIMED_EVENT = Pattern.compile("prints `(created [^`]+)`");
    private static final Duration EVENT_WITHIN = Duration.ofSeconds(60);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"README.md", "docs/GETTING-STARTED.md"})
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void theProgramsOfTheDocHearTheirEventServeAndKeepRunningUntilStopped(String doc, @TempDir Path classes) throws Exception {
        String markdown = Files.readString(Path.of("..").resolve(doc));
        List<String> programs = ReadmeSnippetsTest.snippets(markdown).stream().filter(s -> s.contains(" static void main(")).toList();
        assertThat(programs).as("the Java programs (a class with a main) of %s", doc).hasSize(2);
        List<String> curls = new ArrayList<>();
        for (Matcher m = CURL.matcher(markdown); m.find(); ) curls.add(m.group(1));
        assertThat(curls).as("the curl lines of %s that read from the gateway", doc).isNotEmpty();

        int port = freePort();
        String namespace = "doc-programs-" + UUID.randomUUID();
        List<String> sources = programs.stream().map(p -> isolated(p, namespace)).toList();
        assertThat(String.join("", sources)).as("the gateway's port in the programs of %s", doc).contains(".port(" + DOC_PORT + ")");
        sources = sources.stream().map(s -> s.replace(".port(" + DOC_PORT + ")", ".port(" + port + ")")).toList();
        compile(sources, classes);

        List<Running> running = new ArrayList<>();
        try {
            for (String source : sources) running.add(Running.start(className(source), classes, source.contains(".on(\"created\"")));
            Running listener = running.stream().filter(Running::listens).findFirst()
                    .orElseThrow(() -> new AssertionError("no program of " + doc + " listens to \"created\""));
            Matcher claimed = CLAIMED_EVENT.matcher(markdown);
            assertThat(claimed.find()).as("%s says what the listening program prints (prints `created ...`)", doc).isTrue();
            try {
                await().atMost(EVENT_WITHIN).pollInterval(Duration.ofMillis(100))
                        .until(() -> listener.printed(l -> l.startsWith("created ")) || running.stream().anyMatch(r -> !r.process.isAlive()));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                fail(listener.name + " of " + doc + " printed no created event within " + EVENT_WITHIN + ":\n" + outputs(running));
            }
            for (Running r : running) {
                if (!r.process.isAlive()) fail(r.name + " of " + doc + " exited with " + r.process.exitValue() + ":\n" + outputs(running));
            }
            assertThat(listener.printed(claimed.group(1)::equals)).as("%s printed %s, as %s says:%n%s", listener.name, claimed.group(1), doc,
                    listener.output()).isTrue();

            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> running.stream().allMatch(r -> r.process.isAlive()));

            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            for (String curl : curls) {
                URI uri = URI.create(curl.replace(":" + DOC_PORT + "/", ":" + port + "/"));
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as("curl %s of %s answered %s", curl, doc, response.body()).isEqualTo(200);
                assertThat(response.body()).as("curl %s of %s", curl, doc).contains("\"text\":\"hello\"");
            }
        } finally {
            for (int i = running.size() - 1; i >= 0; i--) running.get(i).stop();
        }
        for (Running r : running) assertThat(r.process.isAlive()).as("%s stopped", r.name).isFalse();
    }

    private static String outputs(List<Running> running) {
        return String.join("\n", running.stream().map(r -> "--- " + r.name + ":\n" + r.output()).toList());
    }

    /** The program with a mesh of {@code namespace} in place of each {@code Mesh.join()}, of which it has at least one. */
    private static String isolated(String program, String namespace) {
        assertThat(program).as("a program of the docs joins the mesh with Mesh.join()").contains("Mesh.join()");
        return program.replace("Mesh.join()", "Mesh.builder().namespace(\"" + namespace + "\").build()");
    }

    private static String className(String source) {
        Matcher m = CLASS_NAME.matcher(source);
        if (!m.find()) throw new AssertionError("a program of the docs is a public class: " + source);
        return m.group(1);
    }

    private static void compile(List<String> sources, Path classes) {
        ReadmeSnippetsTest.compile(sources.stream().map(s -> ReadmeSnippetsTest.source(className(s), s)).toList(), classes, "the docs' programs");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A program running in a JVM of its own, its stdout and stderr collected line by line. */
    private record Running(String name, Process process, boolean listens, List<String> lines) {

        static Running start(String mainClass, Path classes, boolean listens) throws IOException {
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dskein.discovery.interface=" + System.getProperty("skein.discovery.interface", "lo"),
                    "-Djava.net.preferIPv4Stack=true", "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData",
                    "-cp", classes + java.io.File.pathSeparator + System.getProperty("java.class.path"), mainClass);
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().keySet().removeIf(k -> k.startsWith("SKEIN_"));
            Running running = new Running(mainClass, pb.start(), listens, new CopyOnWriteArrayList<>());
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(running.process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) running.lines.add(line);
                } catch (IOException e) {
                    running.lines.add("(output lost: " + e + ")");
                }
            }, "doc-program-" + running.process.pid());
            reader.setDaemon(true);
            reader.start();
            return running;
        }

        boolean printed(Predicate<String> line) {
            return lines.stream().anyMatch(line);
        }

        String output() {
            return String.join("\n", lines);
        }

        /** SIGTERM (the app's shutdown is the JVM's), then SIGKILL after 15 s. */
        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
