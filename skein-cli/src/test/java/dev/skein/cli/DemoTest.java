package dev.skein.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code skein demo} as a user meets it: where it runs, a port it cannot have, a process of it that dies, a todo without text. */
class DemoTest {

    private Demo demo;
    private CapturedStreams streams;

    @AfterEach
    void stop() {
        if (demo != null) demo.close();
        if (streams != null) streams.close();
    }

    @Test
    @Timeout(120)
    void onATakenPortTheDemoSaysWhichPortItUsesAndItsBannerCommandShowsItsNodes() throws Exception {
        streams = new CapturedStreams();
        String url;
        int taken;
        try (ServerSocket holder = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            taken = holder.getLocalPort();
            demo = new Demo();
            url = demo.start(taken);
        }
        int used = URI.create(url).getPort();
        assertThat(streams.out()).contains("demo: port " + taken + " is taken (something listens on 127.0.0.1:" + taken + "); using port "
                + used + " instead (--port chooses another)");

        String look = demo.banner(url).stream().filter(l -> l.contains("skein nodes")).findFirst().orElseThrow();
        Matcher command = Pattern.compile("skein (nodes --namespace \\S+) --transport '([^']+)'").matcher(look);
        assertThat(command.find()).as(look).isTrue();
        List<String> args = new ArrayList<>(List.of(command.group(1).split(" ")));
        args.addAll(List.of("--transport", command.group(2), "--wait", "3s"));
        streams.out.reset();
        assertThat(Main.run(args.toArray(String[]::new))).isZero();
        assertThat(streams.out()).contains("todos").contains("gateway");
    }

    @Test
    @Timeout(120)
    void aTodoWithoutTextIsABadRequestNamingTheField() throws Exception {
        demo = new Demo();
        String url = demo.start(0);
        HttpClient http = HttpClient.newHttpClient();
        for (String todo : List.of("{}", "{\"text\":\"  \"}", "{\"text\":7}")) {
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(url + "/todos")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(todo)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(todo).isEqualTo(400);
            assertThat(created.body()).as(todo).contains("BadRequest").contains("'text'");
        }
        HttpResponse<String> patched = http.send(HttpRequest.newBuilder(URI.create(url + "/todos/0")).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"done\":true}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(patched.statusCode()).as("a patch that leaves the text alone").isEqualTo(200);
    }

    @Test
    @Timeout(120)
    void whenTheTodosProcessDiesTheDemoSaysSoWithItsExitCodeAndStops() throws Exception {
        streams = new CapturedStreams();
        demo = new Demo();
        demo.start(0);
        Matcher started = Pattern.compile("demo: started todos \\(pid (\\d+)\\)").matcher(streams.out());
        assertThat(started.find()).as(streams.out()).isTrue();
        ProcessHandle todos = ProcessHandle.of(Long.parseLong(started.group(1))).orElseThrow();

        todos.destroyForcibly();

        demo.ended().get(60, TimeUnit.SECONDS);
        assertThat(streams.err()).contains("demo: the todos process (pid " + todos.pid() + ") exited with code 137: "
                + "the page cannot list or change todos without it; stopping the demo");
        await().atMost(30, TimeUnit.SECONDS).until(() -> ProcessHandle.allProcesses()
                .noneMatch(p -> p.parent().map(parent -> parent.pid() == ProcessHandle.current().pid()).orElse(false)
                        && p.info().commandLine().orElse("").contains(" gateway ")));
    }
}
