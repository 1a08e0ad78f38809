package dev.skein.cli;

import dev.skein.core.App;
import dev.skein.core.memory.MemoryService;
import dev.skein.mesh.Mesh;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The skein command against a real node over tcp (multicast on loopback), output captured. */
class CliTest {

    private final String namespace = "cli-" + UUID.randomUUID();
    private App server;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @BeforeEach
    void start() {
        server = App.builder().name("server").build();
        server.use("todos", new MemoryService());
        server.configure(Mesh.builder().transport("tcp://?beacon=200").namespace(namespace).build());
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        System.setOut(originalOut);
        System.setErr(originalErr);
        server.close();
    }

    private int skein(String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--namespace";
        all[args.length + 1] = namespace;
        all[args.length + 2] = "--transport";
        all[args.length + 3] = "tcp://?beacon=200";
        return Main.run(all);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"node", "gateway", "nodes", "services", "call", "events", "demo"})
    void everyCommandHasHelp(String command) {
        assertThat(Main.run(command, "--help")).isZero();
        assertThat(out()).contains("Usage: skein " + command);
    }

    @Test
    void callPrintsTheJsonResultOfARemoteService() {
        int code = skein("call", "todos", "create", "{\"text\":\"from the cli\"}");

        assertThat(code).isZero();
        assertThat(out()).contains("\"text\":\"from the cli\"");
        assertThat(server.service("todos").find().join()).asList().hasSize(1);
    }

    @Test
    void aFailedCallPrintsTheErrorAndExitsWithItsCode() {
        int code = skein("call", "todos", "get", "--id", "999");

        assertThat(code).isEqualTo(104);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("\"name\":\"NotFound\"").contains("\"code\":404");
    }

    @Test
    void malformedJsonIsABadRequestExit() {
        assertThat(skein("call", "todos", "create", "{not json")).isEqualTo(100);
    }

    @Test
    void nodesAndServicesListWhatTheMeshHolds() {
        assertThat(skein("nodes", "--wait", "1500ms")).isZero();
        assertThat(out()).contains("server").contains("todos").contains("HEAP MB");
        out.reset();

        assertThat(skein("services", "--wait", "1500ms")).isZero();
        assertThat(out()).containsPattern("todos\\s+0\\.0\\.0\\s+1\\s+find,get,create,update,patch,remove");
    }

    @Test
    void eventsPrintsEventsAsTheyHappen() {
        CompletableFuture<Integer> listening = CompletableFuture.supplyAsync(() -> skein("events", "todos", "--for", "4s"));
        await().atMost(10, TimeUnit.SECONDS).pollInterval(200, TimeUnit.MILLISECONDS).until(() -> {
            server.service("todos").create(Map.of("text", "watched")).join();
            return out().contains("\"event\":\"created\"");
        });

        assertThat(listening.orTimeout(15, TimeUnit.SECONDS).join()).isZero();
        assertThat(out()).contains("\"path\":\"todos\"").contains("\"text\":\"watched\"");
    }
}
