package io.tocsin.server.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tocsin help [COMMAND...]}: the usage of tocsin or of a command, like {@code COMMAND --help}.
 * (picocli's own help command declares -h itself, which clashes with the inherited --help.)
 */
@Command(name = "help", description = "Show the usage of tocsin or of a command, e.g. tocsin help silences add.")
final class HelpCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "COMMAND", description = "a command and its subcommands")
    List<String> names = List.of();

    @Spec
    CommandLine.Model.CommandSpec spec;

    private final CliContext ctx;

    HelpCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        CommandLine target = spec.parent().commandLine();
        for (String name : names) {
            CommandLine sub = target.getSubcommands().get(name);
            if (sub == null) {
                ctx.err().println("tocsin: no command '" + name + "' under '" + target.getCommandName() + "'");
                target.usage(ctx.err());
                return 2;
            }
            target = sub;
        }
        target.usage(ctx.out());
        return 0;
    }
}
