package dev.skein.cli;

import dev.skein.core.Json;
import dev.skein.testkit.SharedBrokers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * Every CLI example of README.md and docs/*.md runs as written (docs/CLI.md, "How the examples are
 * tested"): each fenced block with a line starting with {@code skein } or {@code java -jar
 * skein-cli/target/skein.jar} runs line by line in a temporary folder, with a namespace of its own.
 * Long-running commands run in processes of their own until the block ends; one-shot commands run
 * in one warm JVM per block ({@link DocRunner}) and must exit 0, or the code of a trailing
 * {@code # exits N}. A block after {@code <!-- skein-docs: not run: why -->} is skipped.
 */
class CliDocsTest {

    static final String SKIP_MARKER = "<!-- skein-docs: not run:";
    /** The system property that limits the run to the blocks of one document, named as in the test's names ({@code docs/CLI.md}). */
    static final String ONLY_PROPERTY = "skein.docs.only";
    private static final String JAR_PREFIX = "java -jar skein-cli/target/skein.jar";
    /** The build that makes skein.jar, before a command: this test runs in that build, on the classes it compiled. */
    private static final Pattern BUILD_FIRST = Pattern.compile("^mvn\\s[^&|;]*&&\\s*(.*)$");
    private static final Set<String> SETUP_COMMANDS = Set.of("openssl", "chmod", "mkdir", "echo", "printf", "cat", "touch");
    private static final Set<String> LONG_RUNNING = Set.of("node", "gateway", "demo", "events");
    private static final Pattern EXPECTED_EXIT = Pattern.compile("#.*?\\bexits (\\d+)");
    private static final Pattern EXPECTED_OUTPUT = Pattern.compile("#.*?\\bprints (.+)$");
    private static final Duration READY_WITHIN = Duration.ofSeconds(60);
    private static final Duration ONE_SHOT_WITHIN = Duration.ofSeconds(40);
    /** The port {@code skein demo} takes without {@code --port} (DemoCommand's default), on 127.0.0.1. */
    static final int DEMO_PORT = 3030;
    /**
     * Blocks that run {@code skein demo} on its fixed port run one at a time: two at once (the README's and
     * docs/CLI.md's) both found it free and raced for it, and one gateway failed with "Address already in use".
     */
    private static final Semaphore DEMO_PORT_HOLDER = new Semaphore(1, true);
    /** How long a block waits for the fixed port to be free (an earlier gateway still closing); then the demo picks another. */
    private static final Duration DEMO_PORT_FREE_WITHIN = Duration.ofSeconds(30);

    record Line(int number, String text) {
    }

    /** A fenced code block of a doc with at least one CLI line; {@code skipReason} is null for a block to run. */
    record Block(String file, int line, List<Line> lines, String skipReason) {
        @Override
        public String toString() {
            return file + ":" + line;
        }
    }

    static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.exists(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("docs")))) dir = dir.getParent();
        if (dir == null) throw new IllegalStateException("no README.md with a docs folder above " + Path.of("").toAbsolutePath());
        return dir;
    }

    static List<Block> blocks() throws IOException {
        Path root = repoRoot();
        List<Path> docs = new ArrayList<>();
        docs.add(root.resolve("README.md"));
        try (Stream<Path> files = Files.list(root.resolve("docs"))) {
            files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        List<Block> blocks = new ArrayList<>();
        for (Path doc : docs) blocks.addAll(blocks(root.relativize(doc).toString(), Files.readAllLines(doc, StandardCharsets.UTF_8)));
        return blocks;
    }

    /** The CLI blocks of one Markdown file. */
    static List<Block> blocks(String file, List<String> text) {
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < text.size(); i++) {
            if (!text.get(i).strip().startsWith("```")) continue;
            int start = i;
            List<Line> lines = new ArrayList<>();
            for (i++; i < text.size() && !text.get(i).strip().startsWith("```"); i++) {
                if (!text.get(i).isBlank()) lines.add(new Line(i + 1, text.get(i).strip()));
            }
            if (lines.stream().noneMatch(l -> isCli(l.text()))) continue;
            String before = start > 0 ? text.get(start - 1).strip() : "";
            String skip = before.startsWith(SKIP_MARKER) ? before.substring(SKIP_MARKER.length()).replace("-->", "").strip() : null;
            blocks.add(new Block(file, start + 1, lines, skip));
        }
        return blocks;
    }

    static boolean isCli(String line) {
        String command = withoutTheBuild(line);
        return command.startsWith("skein ") || command.startsWith(JAR_PREFIX + " ");
    }

    /** {@code line} without a leading {@code mvn ... &&}: the build is the one this test runs in. */
    static String withoutTheBuild(String line) {
        Matcher build = BUILD_FIRST.matcher(line);
        return build.matches() ? build.group(1) : line;
    }

    /**
     * The blocks to run: every one not skipped, or with {@code -D}{@value #ONLY_PROPERTY}{@code =docs/X.md} only
     * those of that document (one document's blocks, without the whole run's minutes).
     */
    static Stream<Block> runnableBlocks() throws IOException {
        String only = System.getProperty(ONLY_PROPERTY, "");
        return blocks().stream().filter(b -> b.skipReason() == null).filter(b -> only.isBlank() || b.file().equals(only));
    }

    @Test
    void theDocsHaveExamplesAndEverySkippedBlockSaysWhy() throws IOException {
        List<Block> blocks = blocks();
        assertThat(blocks).extracting(Block::file).contains("README.md", "docs/CLI.md", "docs/SECURITY.md");
        for (Block b : blocks) {
            if (b.skipReason() == null) continue;
            System.out.println("CliDocsTest: not run: " + b + ": " + b.skipReason());
            assertThat(b.skipReason()).as("the reason %s is not run", b).isNotBlank();
        }
    }

    @Test
    void aCommandLineIsReadAsTheShellReadsIt() {
        Command c = Command.parse("skein call todos create '{\"text\":\"a b\"}' --id \"x y\" >> out.txt   # exits 104: NotFound");
        assertThat(c.args()).containsExactly("call", "todos", "create", "{\"text\":\"a b\"}", "--id", "x y");
        assertThat(c.redirect()).isEqualTo("out.txt");
        assertThat(c.append()).isTrue();
        assertThat(c.expectedExit()).isEqualTo(104);
        assertThat(c.expectedOutput()).isNull();
        assertThat(Command.parse("skein call todos create '{}'   # terminal 3: prints {\"id\":0, \"a\": 1}").expectedOutput())
                .isEqualTo("{\"id\":0, \"a\": 1}");
        assertThat(Command.parse(JAR_PREFIX + " demo").args()).containsExactly("demo");
        assertThat(Command.parse(JAR_PREFIX + " demo").onTheDemoPort()).isTrue();
        assertThat(Command.parse("skein demo --port 0").onTheDemoPort()).isFalse();
        assertThat(Command.parse("skein gateway").onTheDemoPort()).isFalse();
        assertThat(isCli("mvn -B -ntp -q -DskipTests package && " + JAR_PREFIX + " demo")).isTrue();
        assertThat(withoutTheBuild("mvn -q package && " + JAR_PREFIX + " demo")).isEqualTo(JAR_PREFIX + " demo");
        assertThat(isCli("mvn -B -ntp verify")).isFalse();
        assertThat(Command.parse("skein nodes --transport 'tcp://?a=1&b=2'").args()).containsExactly("nodes", "--transport", "tcp://?a=1&b=2");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runnableBlocks")
    @Timeout(150)
    @Execution(ExecutionMode.CONCURRENT)
    void runsAsWritten(Block block) throws Exception {
        try (Session session = new Session(block)) {
            for (Line line : block.lines()) session.run(line);
            session.checkStillRunning();
        }
    }

    /** A {@code skein} line as {@code sh} would split it: words, quotes, a trailing comment, a stdout redirect. */
    record Command(List<String> args, String redirect, boolean append, int expectedExit, String expectedOutput) {

        static Command parse(String line) {
            String text = line.startsWith(JAR_PREFIX) ? "skein" + line.substring(JAR_PREFIX.length()) : line;
            List<String> words = new ArrayList<>();
            StringBuilder word = null;
            String comment = "";
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\'' || c == '"') {
                    int end = text.indexOf(c, i + 1);
                    if (end < 0) throw new IllegalArgumentException("unclosed quote in: " + line);
                    String quoted = text.substring(i + 1, end);
                    if (c == '"' && (quoted.contains("$") || quoted.contains("`") || quoted.contains("\\"))) {
                        throw new IllegalArgumentException("a double-quoted word with $, ` or \\ is more shell than the test reads: " + line);
                    }
                    word = (word == null ? new StringBuilder() : word).append(quoted);
                    i = end;
                } else if (Character.isWhitespace(c)) {
                    if (word != null) words.add(word.toString());
                    word = null;
                } else if (c == '#' && word == null) {
                    comment = text.substring(i);
                    break;
                } else if ("|&;<$`()\\*?".indexOf(c) >= 0) {
                    throw new IllegalArgumentException("'" + c + "' is more shell than the test reads (quote it, or mark the block "
                            + SKIP_MARKER + " why -->): " + line);
                } else {
                    word = (word == null ? new StringBuilder() : word).append(c);
                }
            }
            if (word != null) words.add(word.toString());
            if (words.isEmpty() || !words.get(0).equals("skein")) throw new IllegalArgumentException("not a skein command: " + line);
            String redirect = null;
            boolean append = false;
            int at = words.indexOf(">>") >= 0 ? words.indexOf(">>") : words.indexOf(">");
            if (at >= 0) {
                if (at != words.size() - 2) throw new IllegalArgumentException("a redirect must end the line: " + line);
                append = words.get(at).equals(">>");
                redirect = words.get(at + 1);
                words = words.subList(0, at);
            }
            if (words.stream().anyMatch(w -> w.startsWith(">"))) throw new IllegalArgumentException("write '> file' with spaces: " + line);
            Matcher exit = EXPECTED_EXIT.matcher(comment);
            Matcher output = EXPECTED_OUTPUT.matcher(comment);
            return new Command(List.copyOf(words.subList(1, words.size())), redirect, append, exit.find() ? Integer.parseInt(exit.group(1)) : 0,
                    output.find() ? output.group(1).strip() : null);
        }

        /** Whether this is {@code skein demo} on the fixed port it takes without {@code --port}. */
        boolean onTheDemoPort() {
            return !args.isEmpty() && args.get(0).equals("demo") && args.stream().noneMatch(a -> a.equals("--port") || a.startsWith("--port="));
        }

        boolean longRunning() {
            if (args.isEmpty() || !LONG_RUNNING.contains(args.get(0)) || expectedExit != 0) return false;
            if (args.stream().anyMatch(a -> Set.of("-h", "--help", "-V", "--version").contains(a))) return false;
            return !(args.get(0).equals("events") && args.stream().anyMatch(a -> a.equals("--for") || a.startsWith("--for=")));
        }

        /** What a long-running command prints once it is up (docs/CLI.md, Commands). */
        Predicate<String> readyLine() {
            return switch (args.get(0)) {
                case "node" -> l -> l.startsWith("node ") && l.contains(" serving ");
                case "gateway" -> l -> l.startsWith("gateway listening on ");
                case "demo" -> l -> l.contains("Skein demo is up");
                default -> l -> l.startsWith("listening for the events of ");
            };
        }
    }

    /** The folder, environment and processes of one block; closing stops every process and deletes the folder. */
    private static final class Session implements AutoCloseable {

        private final Block block;
        private final Path dir;
        private final String namespace = "docs-" + UUID.randomUUID();
        private final List<Running> running = new ArrayList<>();
        private Running runner;
        private boolean holdsDemoPort;

        Session(Block block) throws IOException {
            this.block = block;
            this.dir = Files.createTempDirectory("skein-docs-");
            Files.createDirectories(dir.resolve("etc/skein"));
        }

        void run(Line line) throws Exception {
            // a broker on its standard port is the machine's, or one the tests started elsewhere when none answers there
            String text = SharedBrokers.moved(withoutTheBuild(line.text()).replace("/etc/skein/", dir.resolve("etc/skein") + "/"));
            String where = block.file() + ":" + line.number() + ": " + line.text();
            if (!isCli(text)) {
                setUp(text, where);
                return;
            }
            Command command;
            try {
                command = Command.parse(text);
            } catch (IllegalArgumentException e) {
                throw new AssertionError(where + ": " + e.getMessage(), e);
            }
            if (command.longRunning()) start(command, where);
            else oneShot(command, where);
        }

        private void setUp(String text, String where) throws Exception {
            String first = text.split("\\s+", 2)[0];
            if (first.equals("mvn")) return; // the build: this test runs in it
            if (!SETUP_COMMANDS.contains(first)) {
                fail(where + ": only skein commands and simple set-up (" + SETUP_COMMANDS + ") run in a doc block; mark the block "
                        + SKIP_MARKER + " why --> if it is not meant to be run");
            }
            Running sh = new Running(where, process(List.of("sh", "-c", text)).start());
            if (!sh.process.waitFor(20, TimeUnit.SECONDS)) sh.stop();
            assertThat(sh.process.exitValue()).as("%s printed %s", where, sh.output()).isZero();
        }

        private void start(Command command, String where) throws IOException, InterruptedException {
            if (command.onTheDemoPort() && !holdsDemoPort) holdDemoPort(where);
            Running started = new Running(where, process(java("dev.skein.cli.Main", command.args())).start());
            running.add(started);
            Predicate<String> ready = command.readyLine();
            await().atMost(READY_WITHIN).pollInterval(Duration.ofMillis(100))
                    .until(() -> started.printed(ready) || !started.process.isAlive());
            if (!started.printed(ready)) fail(where + ": exited with " + started.process.exitValue() + " before it was ready:\n" + started.output());
        }

        /**
         * Waits until no other block runs the demo on its fixed port, then (bounded) until the port is free: a gateway of
         * an earlier block may still be closing it. Still taken after that, the demo picks a free port, as documented.
         */
        private void holdDemoPort(String where) throws InterruptedException {
            if (!DEMO_PORT_HOLDER.tryAcquire(READY_WITHIN.toSeconds(), TimeUnit.SECONDS)) {
                fail(where + ": another block held 127.0.0.1:" + DEMO_PORT + " for the demo for more than " + READY_WITHIN);
            }
            holdsDemoPort = true;
            long until = System.nanoTime() + DEMO_PORT_FREE_WITHIN.toNanos();
            while (!portFree(DEMO_PORT) && System.nanoTime() < until) Thread.sleep(100);
        }

        private static boolean portFree(int port) {
            try (java.net.ServerSocket s = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                return true;
            } catch (IOException taken) {
                return false;
            }
        }

        private void oneShot(Command command, String where) throws Exception {
            if (runner == null) runner = new Running("the one-shot runner", process(java(DocRunner.class.getName(), List.of())).start());
            OutputStream in = runner.process.getOutputStream();
            in.write((Json.write(command.args()) + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
            String answerLine = runner.answers.poll(ONE_SHOT_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
            if (answerLine == null) fail(where + ": no answer within " + ONE_SHOT_WITHIN + ":\n" + runner.output());
            @SuppressWarnings("unchecked") Map<String, Object> answer = (Map<String, Object>) Json.read(answerLine);
            String out = (String) answer.get("out");
            assertThat(((Number) answer.get("code")).intValue())
                    .as("exit code of %s%nstdout: %s%nstderr: %s", where, out, answer.get("err"))
                    .isEqualTo(command.expectedExit());
            if (command.expectedOutput() != null) assertThat(out).as("stdout of %s", where).contains(command.expectedOutput());
            if (command.redirect() != null) {
                Files.writeString(dir.resolve(command.redirect()), out, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        command.append() ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
            }
        }

        /** Fails when a long-running command of the block dies before the block's end, or within two seconds of its last line. */
        void checkStillRunning() {
            if (!running.isEmpty()) {
                try {
                    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> running.stream().allMatch(r -> r.process.isAlive()));
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    // the one that died is named below, with its output
                }
            }
            for (Running r : running) {
                if (!r.process.isAlive()) fail(r.where + ": exited with " + r.process.exitValue() + " before the block ended:\n" + r.output());
            }
        }

        private List<String> java(String mainClass, List<String> args) {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dskein.discovery.interface=" + System.getProperty("skein.discovery.interface", "lo"),
                    "-Djava.net.preferIPv4Stack=true", "-Dlogback.configurationFile=logback.xml",
                    "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-cp", System.getProperty("java.class.path"), mainClass));
            command.addAll(args);
            return command;
        }

        private ProcessBuilder process(List<String> command) {
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
            pb.environment().keySet().removeIf(k -> k.startsWith("SKEIN_"));
            pb.environment().put(MeshArgs.NAMESPACE_VARIABLE, namespace);
            pb.environment().put(GatewayCommand.PORT_VARIABLE, "0");
            return pb;
        }

        @Override
        public void close() throws Exception {
            List<Running> all = new ArrayList<>(running);
            if (runner != null) {
                runner.process.getOutputStream().close();
                all.add(runner);
            }
            try {
                for (int i = all.size() - 1; i >= 0; i--) all.get(i).stop();
            } finally {
                if (holdsDemoPort) DEMO_PORT_HOLDER.release();
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.delete(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
    }

    /** A process of a block, its output collected as it comes: stdout lines that are JSON objects are the runner's answers. */
    private static final class Running {

        final String where;
        final Process process;
        final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
        private final List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();

        Running(String where, Process process) {
            this.where = where;
            this.process = process;
            collect(process.getInputStream(), true);
            collect(process.getErrorStream(), false);
        }

        private void collect(InputStream stream, boolean stdout) {
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        if (stdout && line.startsWith("{\"code\":")) answers.add(line);
                        else lines.add(line);
                    }
                } catch (IOException e) {
                    lines.add("(output lost: " + e + ")");
                }
            }, "docs-output-" + process.pid());
            reader.setDaemon(true);
            reader.start();
        }

        boolean printed(Predicate<String> line) {
            return lines.stream().anyMatch(line);
        }

        String output() {
            return String.join("\n", lines);
        }

        /** SIGTERM (its shutdown hooks stop what it started), then SIGKILL after 15 s; its children too. */
        void stop() throws InterruptedException {
            List<ProcessHandle> children = process.descendants().toList();
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            for (ProcessHandle child : children) {
                child.destroy();
                try {
                    child.onExit().get(10, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                    child.destroyForcibly();
                }
            }
        }
    }
}
