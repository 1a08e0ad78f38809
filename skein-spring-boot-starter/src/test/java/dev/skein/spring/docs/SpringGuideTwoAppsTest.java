package dev.skein.spring.docs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.ToolProvider;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * docs/SPRING.md section 11 as a reader runs it: its two applications, their Java and their
 * {@code application.yaml} taken from the document as written, each compiled and started as a process of its
 * own with one {@code SKEIN_MESH_SECRET}. The web application's readiness says what it misses until the todos
 * node is up, then its REST controller creates and lists todos through the mesh and {@code /actuator/prometheus}
 * shows the client's calls. Added to what the document writes: a package for each application (so that
 * {@code @SpringBootApplication} scans its own), the imports, and, for the test's sake, a loopback transport and
 * web port.
 */
class SpringGuideTwoAppsTest {

    private static final Path GUIDE = Path.of("..", "docs", "SPRING.md");
    private static final String IMPORTS = """
            import dev.skein.core.*;
            import dev.skein.core.memory.MemoryService;
            import dev.skein.spring.*;
            import org.springframework.boot.SpringApplication;
            import org.springframework.boot.autoconfigure.SpringBootApplication;
            import org.springframework.context.annotation.Bean;
            import org.springframework.web.bind.annotation.*;
            import java.util.List;
            import java.util.concurrent.CompletableFuture;
            """;
    /** Loopback only: the document's nodes find each other by multicast on the LAN. */
    private static final String TRANSPORT = "--skein.mesh.transport=tcp://127.0.0.1?interface=lo&beacon=200";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void theTodosAndWebApplicationsStartAndCallAcrossAsTheGuideWritesThem(@TempDir Path dir) throws Exception {
        String section = section(Files.readString(GUIDE), "## 11.", "## 12.");
        List<String> java = blocks(section, "java");
        List<String> yaml = blocks(section, "yaml");
        assertThat(java).as("section 11's Java: the todos application, then the web application").hasSize(2);
        assertThat(yaml).as("section 11's application.yaml files: todos, then web").hasSize(2);
        assertThat(java.get(0)).contains("class TodosApplication");
        assertThat(java.get(1)).contains("class WebApplication");

        Path todos = build(dir.resolve("todos"), "todos", "TodosApplication", java.get(0), yaml.get(0));
        Path web = build(dir.resolve("web"), "web", "WebApplication", java.get(1), yaml.get(1));
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String secret = Base64.getEncoder().encodeToString(key); // as openssl rand -base64 32

        List<Process> processes = new ArrayList<>();
        try {
            // the port the web server took, from its log line "Tomcat started on port 43987 (http)"
            Path log = dir.resolve("web.WebApplication.log");
            processes.add(start(web, "web.WebApplication", secret, dir, "--server.address=127.0.0.1", "--server.port=0",
                    "--logging.level.org.springframework.boot.web.embedded.tomcat=INFO"));
            Pattern started = Pattern.compile("Tomcat started on port (\\d+)");
            await("the web application's server").atMost(Duration.ofSeconds(90))
                    .until(() -> alive(processes, dir) && started.matcher(Files.readString(log)).find());
            Matcher port = started.matcher(Files.readString(log));
            assertThat(port.find()).isTrue();
            String base = "http://127.0.0.1:" + port.group(1);

            // until todos is up: not ready, saying what is missing
            HttpResponse<String> waiting = get(base + "/actuator/health/readiness");
            assertThat(waiting.statusCode()).isEqualTo(503);
            assertThat(waiting.body()).contains("'todos' needs 1 instance(s), 0 up");

            processes.add(start(todos, "todos.TodosApplication", secret, dir));
            await("web ready once todos is up").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> alive(processes, dir) && get(base + "/actuator/health/readiness").statusCode() == 200);

            HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(base + "/todos"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"read the guide\"}")));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
            assertThat(created.body()).isEqualTo("{\"id\":0,\"text\":\"read the guide\",\"done\":false}");
            HttpResponse<String> all = get(base + "/todos");
            assertThat(all.statusCode()).isEqualTo(200);
            assertThat(all.body()).isEqualTo("[{\"id\":0,\"text\":\"read the guide\",\"done\":false}]");

            HttpResponse<String> metrics = get(base + "/actuator/prometheus");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).containsPattern("skein_client_calls_seconds_count\\{[^}]*service=\"todos\"");
        } catch (AssertionError | org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\n" + logs(dir), e);
        } finally {
            for (Process p : processes) p.destroy(); // SIGTERM: each context closes and its node leaves
            for (Process p : processes) {
                if (!p.waitFor(30, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** The text of {@code markdown} from the heading that starts with {@code from} to the next that starts with {@code to}. */
    private static String section(String markdown, String from, String to) {
        int start = markdown.indexOf("\n" + from);
        int end = markdown.indexOf("\n" + to, start + 1);
        assertThat(start).as("the guide's heading " + from).isNotNegative();
        return markdown.substring(start, end < 0 ? markdown.length() : end);
    }

    private static List<String> blocks(String markdown, String language) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL).matcher(markdown);
        while (m.find()) found.add(m.group(1));
        return found;
    }

    /** Compiles {@code source} (in package {@code pkg}) into {@code app}/classes, with {@code yaml} as its application.yaml; the classes directory. */
    private static Path build(Path app, String pkg, String mainClass, String source, String yaml) throws IOException {
        Path src = Files.createDirectories(app.resolve("src").resolve(pkg));
        Path classes = Files.createDirectories(app.resolve("classes"));
        Path file = Files.writeString(src.resolve(mainClass + ".java"), "package " + pkg + ";\n\n" + IMPORTS + "\n" + source);
        Files.writeString(classes.resolve("application.yaml"), yaml);

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (var files = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            boolean compiled = javac.getTask(null, files, diagnostics, List.of("-d", classes.toString(), "-classpath", classPath(),
                    "--release", "17", "-proc:none"), null, files.getJavaFileObjects(file)).call();
            List<String> errors = diagnostics.getDiagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                    .map(d -> d.getLineNumber() + ": " + d.getMessage(null)).toList();
            assertThat(errors).as("compiler errors in section 11's " + mainClass).isEmpty();
            assertThat(compiled).isTrue();
        }
        return classes;
    }

    private static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    private static Process start(Path classes, String mainClass, String secret, Path dir, String... args) throws IOException {
        Path tmp = Files.createDirectories(dir.resolve("tmp-" + mainClass));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", classes + File.pathSeparator + classPath(), mainClass, TRANSPORT, "--spring.main.banner-mode=off"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve(mainClass + ".log").toFile());
        builder.environment().put("SKEIN_MESH_SECRET", secret);
        return builder.start();
    }

    /** Whether every process still runs; one that ended fails the test with its output. */
    private static boolean alive(List<Process> processes, Path dir) throws IOException {
        for (Process p : processes) {
            if (!p.isAlive()) throw new AssertionError("an application ended (exit " + p.exitValue() + ")");
        }
        return true;
    }

    /** What the applications printed. */
    private static String logs(Path dir) throws IOException {
        StringBuilder logs = new StringBuilder();
        try (var files = Files.list(dir)) {
            for (Path log : files.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
                logs.append("== ").append(log.getFileName()).append('\n').append(Files.readString(log));
            }
        }
        return logs.toString();
    }

    private HttpResponse<String> get(String url) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
