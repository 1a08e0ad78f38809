package dev.skein.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code skein} command. Exit codes: 0 on success, 1 for bad usage, and for a failed call
 * the error's code minus 300 (BadRequest 400 → 100, NotFound 404 → 104, Timeout 408 → 108,
 * GeneralError 500 → 200, Unavailable 503 → 203).
 */
@Command(name = "skein", mixinStandardHelpOptions = true, version = "skein 0.1.0",
        description = "Distribute Java services across processes and machines.",
        subcommands = {NodeCommand.class, GatewayCommand.class, NodesCommand.class, ServicesCommand.class,
                CallCommand.class, EventsCommand.class, DemoCommand.class, KeygenCommand.class, CommandLine.HelpCommand.class})
public final class Main {

    /** Exit code of a failed call with this error code. */
    public static int exitCode(int errorCode) {
        return Math.max(1, Math.min(255, errorCode - 300));
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    }
}
