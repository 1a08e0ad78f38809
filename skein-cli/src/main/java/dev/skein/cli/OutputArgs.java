package dev.skein.cli;

import dev.skein.core.Json;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Map;

/** How {@code nodes} and {@code services} print what they found: a table for people, or JSON for programs. */
final class OutputArgs {

    enum Format { table, json }

    @Option(names = {"-o", "--output"}, paramLabel = "table|json", description = "table (default) or json: one JSON array on stdout, [] when nothing was found "
            + "(docs/CLI.md describes its fields)", defaultValue = "table")
    Format format;

    boolean json() {
        return format == Format.json;
    }

    /** Prints {@code items} as one JSON array on one line of stdout. */
    static void printJson(List<Map<String, Object>> items) {
        System.out.println(Json.write(items));
        System.out.flush();
    }
}
