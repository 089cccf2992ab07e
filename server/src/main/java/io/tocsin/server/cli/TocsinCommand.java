package io.tocsin.server.cli;

import io.tocsin.server.cli.api.AlertsCommand;
import io.tocsin.server.cli.api.HistoryCommand;
import io.tocsin.server.cli.api.SilencesCommand;
import io.tocsin.server.cli.api.WhyCommand;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code tocsin}: the root of the command line. Without a command it runs {@code up}. Every
 * command inherits {@code --help}; a mistyped option is one line plus the usage, exit 2; a failure
 * at run time is one line, exit 1, never a stack trace.
 */
@Command(
        name = "tocsin",
        description = "Event-driven monitoring and alerting on Kafka. Without a command: up.",
        versionProvider = BuildInfo.Provider.class,
        sortOptions = false,
        subcommands = {
            UpCommand.class,
            RulesCommand.class,
            ConfigCommand.class,
            RoutesCommand.class,
            AlertsCommand.class,
            SilencesCommand.class,
            WhyCommand.class,
            HistoryCommand.class,
            VersionCommand.class,
            HelpCommand.class
        })
public final class TocsinCommand implements Callable<Integer> {
    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            scope = ScopeType.INHERIT,
            description = "Show this help and exit.")
    boolean help;

    @Option(
            names = {"-V", "--version"},
            versionHelp = true,
            description = "Print Tocsin's, Java's and the Kafka client's versions and exit.")
    boolean version;

    private final CliContext ctx;

    TocsinCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        return new UpCommand(ctx).call();
    }

    public static CommandLine commandLine(CliContext ctx) {
        CommandLine cl = new CommandLine(TocsinCommand.class, ctx.factory());
        cl.setOut(new PrintWriter(ctx.out(), true));
        cl.setErr(new PrintWriter(ctx.err(), true));
        // One line saying what is wrong, then the usage; picocli would print guesses instead of the usage.
        cl.setParameterExceptionHandler((e, args) -> {
            CommandLine cmd = e.getCommandLine();
            cmd.getErr().println(e.getMessage());
            cmd.usage(cmd.getErr());
            return CommandLine.ExitCode.USAGE;
        });
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("tocsin: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        });
        return cl;
    }

    /** Runs one command line; the exit status (0 ok, 1 failed, 2 bad usage). */
    public static int execute(CliContext ctx, String... args) {
        return commandLine(ctx).execute(args);
    }
}
