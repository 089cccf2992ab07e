package io.tocsin.server.cli;

import io.tocsin.notifier.tool.RoutesTestTool;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tocsin routes test FILE...}: routing cases checked against a notifier configuration. */
@Command(name = "routes", description = "Test the notifier's routing.", subcommands = RoutesCommand.Test.class)
final class RoutesCommand {

    @Command(name = "test", description = "Check routing cases (labels -> receivers, group keys, inhibition).")
    static final class Test implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "FILE", description = "route test files")
        List<String> files;

        private final CliContext ctx;

        Test(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            return RoutesTestTool.run(files.toArray(String[]::new), ctx.out());
        }
    }
}
