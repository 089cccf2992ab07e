package io.tocsin.server.cli;

import io.tocsin.core.config.Problem;
import io.tocsin.rules.parse.RuleLoader;
import java.io.PrintStream;
import java.nio.file.Path;

/** {@code tocsin rules check DIR}: every error, one per line, as file:line:col; exit 1 if any. */
public final class RulesCheckCommand {
    private RulesCheckCommand() {}

    public static int run(String dir, PrintStream out) {
        RuleLoader.Loaded loaded;
        try {
            loaded = RuleLoader.load(Path.of(dir));
        } catch (IllegalArgumentException e) {
            out.println(e.getMessage());
            return 1;
        }
        for (Problem e : loaded.errors()) {
            out.println(e);
        }
        if (!loaded.ok()) {
            out.println(loaded.errors().size() + " error(s) in " + loaded.files() + " file(s)");
            return 1;
        }
        out.println("ok: " + loaded.rules().size() + " rule(s) in " + loaded.files() + " file(s)");
        return 0;
    }
}
