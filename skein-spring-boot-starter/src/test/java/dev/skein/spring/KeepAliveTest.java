package dev.skein.spring;

import dev.skein.core.BlockingService;
import dev.skein.core.Params;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application with the starter and no web server (docs/SPRING.md's todos node, with
 * {@code spring.main.web-application-type: none}) stays up serving until it is stopped, instead of
 * printing "Started" and exiting: the node keeps the JVM alive. Each app runs as a process of its own.
 */
@Timeout(120)
class KeepAliveTest {

    /** The todos node of the docs, in a JVM of its own: it prints READY once started. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    public static class TodosNode {

        /** A service bean, as the docs' todos. */
        @Bean
        @SkeinService("todos")
        BlockingService todos() {
            return new BlockingService() {
                @Override
                public Object find(Params params) {
                    return List.of();
                }
            };
        }

        @Bean
        ApplicationRunner ready() {
            return args -> System.out.println("READY");
        }

        /** Starts the node with the command line's properties. */
        public static void main(String[] args) {
            SpringApplication.run(TodosNode.class, args);
        }
    }

    @Test
    void aNodeWithoutAWebServerStaysUpUntilItIsStopped() throws Exception {
        Process node = start();
        try {
            awaitReady(node);
            assertThat(node.waitFor(3, TimeUnit.SECONDS)).as("still running 3 s after it started, as a service node must").isFalse();
            node.destroy(); // SIGTERM: the context closes, the node leaves the mesh, the JVM exits
            assertThat(node.waitFor(30, TimeUnit.SECONDS)).as("stopped by SIGTERM").isTrue();
        } finally {
            node.destroyForcibly();
        }
    }

    @Test
    void withKeepAliveOffAnAppWithoutAWebServerEndsWhenItsMainReturns() throws Exception {
        Process node = start("--skein.keep-alive=false");
        try {
            awaitReady(node);
            assertThat(node.waitFor(30, TimeUnit.SECONDS)).as("nothing keeps it alive: it exits on its own").isTrue();
            assertThat(node.exitValue()).isZero();
        } finally {
            node.destroyForcibly();
        }
    }

    private static Process start(String... more) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), TodosNode.class.getName(),
                "--spring.main.web-application-type=none", "--spring.main.banner-mode=off",
                "--skein.mesh.transport=local://", "--skein.mesh.namespace=keep-alive-" + UUID.randomUUID()));
        command.addAll(List.of(more));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static void awaitReady(Process node) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        for (String line; (line = out.readLine()) != null; ) {
            seen.add(line);
            if (line.equals("READY")) {
                Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "keep-alive-test-output");
                drain.setDaemon(true);
                drain.start();
                return;
            }
        }
        throw new AssertionError("the app ended before it was ready: " + seen);
    }
}
