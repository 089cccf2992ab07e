package io.tocsin.server.cli;

import io.tocsin.notifier.tool.ConfigCheckTool;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tocsin config check FILE}: the notifier's configuration checker. */
@Command(name = "config", description = "Check the notifier's configuration.", subcommands = ConfigCommand.Check.class)
final class ConfigCommand {

    @Command(
            name = "check",
            description =
                    "Validate a notifier configuration (secrets resolved, never printed); errors as file:line:col.")
    static final class Check implements Callable<Integer> {
        @Parameters(arity = "1", paramLabel = "FILE", description = "a notifier YAML file")
        String file;

        private final CliContext ctx;

        Check(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            return ConfigCheckTool.run(new String[] {file}, ctx.out());
        }
    }
}
