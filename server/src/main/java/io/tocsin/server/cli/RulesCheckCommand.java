package io.tocsin.server.cli;

import io.tocsin.rules.tool.RulesCheckTool;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tocsin rules check FILE|DIR...}: the rules module's {@link RulesCheckTool}. */
@Command(
        name = "check",
        description = {
            "Validate rule files (YAML with groups:) as one set; errors as file:line:col.",
            "Exit 1 on any error or when no rule is found."
        })
public final class RulesCheckCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "rule files, or directories searched for them")
    List<String> paths;

    private final CliContext ctx;

    RulesCheckCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        return run(paths.toArray(String[]::new), ctx.out());
    }

    public static int run(String dir, PrintStream out) {
        return run(new String[] {dir}, out);
    }

    public static int run(String[] args, PrintStream out) {
        return RulesCheckTool.run(args, out);
    }
}
