package dev.skein.cli;

import dev.skein.core.errors.SkeinError;
import dev.skein.core.internal.Likeness;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

/**
 * How the CLI reports what went wrong: one line on stderr naming the command, a hint on a second
 * line where one helps, and an exit code that says what kind of failure it was (docs/CLI.md). The
 * stack trace only with {@code --verbose}.
 */
final class Failures implements IExecutionExceptionHandler, IParameterExceptionHandler {

    /** Bad usage: an unknown option, a bad value. */
    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        PrintWriter err = cli.getErr();
        err.println(prefix(cli) + e.getMessage());
        List<String> suggestions = e instanceof UnmatchedArgumentException unmatched ? suggestions(unmatched) : List.of();
        if (!suggestions.isEmpty()) {
            err.println("Did you mean: " + String.join(", ", suggestions) + "?");
        } else {
            tryHelp(err, cli);
        }
        if (Arrays.asList(args).contains("--verbose")) e.printStackTrace(err);
        err.flush();
        return CommandLine.ExitCode.USAGE;
    }

    /** A failure while a command ran: a mesh error exits with its code − 300, a bad option value with 2, anything else with 1. */
    @Override
    public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
        PrintWriter err = cli.getErr();
        Throwable failure = SkeinError.unwrap(e);
        int code;
        if (failure instanceof InvalidOptionException) {
            err.println(prefix(cli) + failure.getMessage());
            tryHelp(err, cli);
            code = CommandLine.ExitCode.USAGE;
        } else if (failure instanceof SkeinError error) {
            err.println(prefix(cli) + error.getMessage() + " (" + error.name() + ", " + error.code() + ")");
            code = Main.exitCode(error.code());
        } else {
            err.println(prefix(cli) + describe(failure));
            code = CommandLine.ExitCode.SOFTWARE;
        }
        if (verbose(parsed)) e.printStackTrace(err);
        err.flush();
        return code;
    }

    /** The message of an unexpected failure, its class named when the message alone would not say what happened. */
    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        if (failure instanceof UncheckedIOException || failure instanceof IllegalArgumentException || failure instanceof IllegalStateException) {
            if (message != null) return message;
        }
        String kind = failure.getClass().getSimpleName();
        return message == null ? kind : kind + ": " + message;
    }

    /** picocli's suggestions (options by their first letters, commands by likeness), else the options one or two typos away. */
    private static List<String> suggestions(UnmatchedArgumentException e) {
        if (!e.getSuggestions().isEmpty() || e.getUnmatched().isEmpty()) return e.getSuggestions();
        String typed = e.getUnmatched().get(0);
        if (!typed.startsWith("-")) return List.of();
        String name = typed.contains("=") ? typed.substring(0, typed.indexOf('=')) : typed;
        return e.getCommandLine().getCommandSpec().options().stream().filter(o -> !o.hidden()).flatMap(o -> Arrays.stream(o.names()))
                .filter(n -> n.startsWith("--") && Likeness.distance(n, name) <= Likeness.MAX_TYPOS).sorted().toList();
    }

    private static void tryHelp(PrintWriter err, CommandLine cli) {
        err.println("Try '" + cli.getCommandSpec().qualifiedName() + " --help' for its options.");
    }

    private static String prefix(CommandLine cli) {
        return cli.getCommandSpec().qualifiedName() + ": ";
    }

    /** Whether {@code --verbose} was given to the command line that runs {@code command}. */
    static boolean verbose(picocli.CommandLine.Model.CommandSpec command) {
        return verbose(command.root().commandLine().getParseResult());
    }

    /** Whether {@code --verbose} was given, to the root command or to a subcommand. */
    private static boolean verbose(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) return true;
        }
        return false;
    }
}
