package com.digitstudio.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** The command line: {@code digit-studio train|eval|predict|strokes}. */
@Command(name = "digit-studio", mixinStandardHelpOptions = true, version = "Digit Studio 1.0.0",
        description = "Draw digits and watch a CNN read them. With no command, starts the desktop app.",
        subcommands = {TrainCommand.class, EvalCommand.class, PredictCommand.class, StrokesCommand.class, ExplainCommand.class, BenchmarkCommand.class, ExportCommand.class, InfoCommand.class, AdaptCommand.class})
public final class Cli {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Cli.class);

    private Cli() {
    }

    /** Runs a command; returns the process exit code. Users' mistakes give one sentence on stderr. */
    public static int run(String... args) {
        return run(null, null, args);
    }

    /** Runs a command writing to {@code out} and {@code err} (null: the standard streams); returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(Cli.class);
        if (out != null) {
            cli.setOut(out);
        }
        if (err != null) {
            cli.setErr(err);
        }
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("digit-studio: " + userMessage(e));
            if (!isUserError(e)) {
                LOG.error("Unexpected failure", e);
            }
            commandLine.getErr().flush();
            return isUserError(e) ? 1 : 70;
        });
        cli.setParameterExceptionHandler((e, arguments) -> {
            // one sentence, not picocli's default of the message followed by the whole usage text
            CommandLine commandLine = e.getCommandLine();
            String message = e.getMessage().strip();
            if (message.endsWith(".")) {
                message = message.substring(0, message.length() - 1);
            }
            commandLine.getErr().println("digit-studio: " + message + " (see "
                    + commandLine.getCommandSpec().qualifiedName() + " --help).");
            commandLine.getErr().flush();
            return commandLine.getCommandSpec().exitCodeOnInvalidInput();
        });
        return cli.execute(args);
    }

    static boolean isUserError(Throwable e) {
        return com.digitstudio.support.UserMessages.isUserError(e);
    }

    static String userMessage(Throwable e) {
        return com.digitstudio.support.UserMessages.of(e);
    }
}
