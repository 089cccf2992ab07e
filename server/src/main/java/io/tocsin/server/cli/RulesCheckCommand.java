package io.tocsin.server.cli;

import io.tocsin.rules.tool.RulesCheckTool;
import java.io.PrintStream;

/** {@code tocsin rules check FILE|DIR...}: the rules module's {@link RulesCheckTool}. */
public final class RulesCheckCommand {
    private RulesCheckCommand() {}

    public static int run(String dir, PrintStream out) {
        return run(new String[] {dir}, out);
    }

    public static int run(String[] args, PrintStream out) {
        return RulesCheckTool.run(args, out);
    }
}
