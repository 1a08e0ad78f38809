package dev.skein.cli;

import dev.skein.core.Json;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A warm JVM for {@link CliDocsTest}'s one-shot commands, in the folder and environment of one doc
 * block: reads the arguments of one {@code skein} command per line (a JSON array) on stdin, runs it
 * with {@link Main#run}, and answers one JSON line {@code {code, out, err}} on stdout. One JVM per
 * block instead of one per command: on a busy 2-core machine a JVM's start costs seconds.
 */
public final class DocRunner {

    private DocRunner() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream answers = System.out;
        PrintStream stderr = System.err;
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = commands.readLine()) != null; ) {
            List<?> command = (List<?>) Json.read(line);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code;
            try {
                code = Main.run(command.stream().map(String::valueOf).toArray(String[]::new));
            } finally {
                System.out.flush();
                System.err.flush();
                System.setOut(answers);
                System.setErr(stderr);
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("code", code);
            answer.put("out", out.toString(StandardCharsets.UTF_8));
            answer.put("err", err.toString(StandardCharsets.UTF_8));
            answers.println(Json.write(answer));
            answers.flush();
        }
    }
}
