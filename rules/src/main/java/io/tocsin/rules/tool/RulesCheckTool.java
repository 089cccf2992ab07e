package io.tocsin.rules.tool;

import io.tocsin.core.config.Problem;
import io.tocsin.rules.parse.RuleFiles;
import io.tocsin.rules.parse.RuleLoader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code tocsin rules check FILE|DIR...}, as {@code promtool check rules FILE...}: validates the
 * rule files named and those found under the directories as one set. Prints every error as
 * file:line:col, every YAML file skipped and why, and exits 1 on any error or when no rule was
 * found at all (a rule directory that yields nothing is a mistake, not a success).
 */
public final class RulesCheckTool {
    static final String USAGE = "usage: tocsin rules check FILE|DIR...";

    private RulesCheckTool() {}

    public static int run(String[] args, PrintStream out) {
        if (args.length == 0 || Arrays.stream(args).anyMatch(a -> a.startsWith("-"))) {
            out.println(USAGE);
            return 2;
        }
        List<Path> roots = Arrays.stream(args).map(Path::of).toList();
        RuleLoader.Loaded loaded;
        try {
            loaded = RuleLoader.load(roots);
        } catch (IllegalArgumentException e) {
            out.println(e.getMessage());
            return 1;
        }
        for (RuleFiles.Skipped s : loaded.skipped()) {
            out.println("skipped " + s.display() + ": " + s.reason());
        }
        for (Problem e : loaded.errors()) {
            out.println(e);
        }
        if (!loaded.ok()) {
            out.println(loaded.errors().size() + " error(s) in " + loaded.files() + " rule file(s)");
            return 1;
        }
        if (loaded.rules().size() == 0) {
            out.println("error: no rule found in " + String.join(", ", args) + " (" + loaded.files() + " rule file(s), "
                    + loaded.skipped().size() + " YAML file(s) skipped); a rule file holds a top-level groups:");
            return 1;
        }
        out.println("ok: " + loaded.rules().size() + " rule(s) in " + loaded.files() + " file(s)");
        return 0;
    }
}
