package io.tocsin.server.cli;

import io.tocsin.rules.promimport.RulesImportTool;
import io.tocsin.rules.tool.RulesTestTool;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tocsin rules check|test|import}: the rules module's offline tools, nothing started. */
@Command(
        name = "rules",
        description = "Check, test and import rule files.",
        subcommands = {RulesCheckCommand.class, RulesCommand.Test.class, RulesCommand.Import.class})
final class RulesCommand {

    @Command(name = "test", description = "Run promtool-style rule tests through the real topology.")
    static final class Test implements Callable<Integer> {
        @Option(names = "--junit", paramLabel = "FILE", description = "also write a JUnit XML report here")
        String junit;

        @Parameters(arity = "1..*", paramLabel = "TEST_FILE", description = "rule test files")
        List<String> files;

        private final CliContext ctx;

        Test(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            List<String> args = new ArrayList<>();
            if (junit != null) {
                args.add("--junit=" + junit);
            }
            args.addAll(files);
            return RulesTestTool.run(args.toArray(String[]::new), ctx.out());
        }
    }

    @Command(name = "import", description = "Convert a Prometheus alerting-rule file; lists what cannot convert.")
    static final class Import implements Callable<Integer> {
        @Option(
                names = {"-o", "--output"},
                paramLabel = "OUT",
                description = "write the converted rules here (default: print them)")
        String output;

        @Parameters(arity = "1", paramLabel = "FILE", description = "a Prometheus rule file")
        String file;

        private final CliContext ctx;

        Import(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            List<String> args = new ArrayList<>(List.of(file));
            if (output != null) {
                args.add("--output");
                args.add(output);
            }
            return RulesImportTool.run(args.toArray(String[]::new), ctx.out());
        }
    }
}
