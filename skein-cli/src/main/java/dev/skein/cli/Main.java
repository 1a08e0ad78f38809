package dev.skein.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code skein} command. Exit codes (docs/CLI.md): 0 on success, 1 for a failure without a
 * mesh error (a port in use, a file that cannot be written), 2 for bad usage (an unknown option, a
 * transport URI that cannot be used), and for a mesh error its code minus 300 (BadRequest 400 →
 * 100, NotFound 404 → 104, Timeout 408 → 108, GeneralError 500 → 200, Unavailable 503 → 203).
 * Errors are one line on stderr; {@code --verbose} adds the stack trace.
 */
@Command(name = "skein", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Distribute Java services across processes and machines.",
        subcommands = {NodeCommand.class, GatewayCommand.class, NodesCommand.class, ServicesCommand.class,
                CallCommand.class, EventsCommand.class, DrainCommand.class, DemoCommand.class, KeygenCommand.class,
                AutoComplete.GenerateCompletion.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = Main.EXIT_CODES,
        exitCodeList = {Main.OK, Main.FAILURE, Main.USAGE, Main.MESH_ERROR})
public final class Main {

    static final String EXIT_CODES = "%nExit codes:%n";
    static final String OK = "0:done";
    static final String FAILURE = "1:failed without a mesh error (e.g. a port in use, a file it cannot write)";
    static final String USAGE = "2:usage: an unknown option, a missing or bad value (e.g. a transport URI it cannot use)";
    static final String MESH_ERROR = "100-255:a mesh error: its code - 300 (BadRequest 400 -> 100, NotFound 404 -> 104, "
            + "Timeout 408 -> 108, GeneralError 500 -> 200, Unavailable 503 -> 203: e.g. a broker that is down)";
    static final String UNAVAILABLE = "203:Unavailable: the broker is down";

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print the stack trace of an error")
    boolean verbose;

    /** Exit code of a failed call with this error code. */
    public static int exitCode(int errorCode) {
        return Math.max(1, Math.min(255, errorCode - 300));
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
        Failures failures = new Failures();
        cli.setExecutionExceptionHandler(failures).setParameterExceptionHandler(failures);
        return cli.execute(args);
    }
}
