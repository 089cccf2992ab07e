package io.tocsin.rules.tool;

import io.tocsin.core.config.Durations;
import io.tocsin.core.config.Problem;
import io.tocsin.rules.parse.RuleFiles;
import io.tocsin.rules.parse.RuleLoader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code tocsin rules check FILE|DIR...}, as {@code promtool check rules FILE...}: validates the
 * rule files named and those found under the directories as one set. Prints every error as
 * file:line:col, every YAML file skipped and why, and exits 1 on any error or when no rule was
 * found at all (a rule directory that yields nothing is a mistake, not a success).
 */
public final class RulesCheckTool {
    static final String USAGE = "usage: tocsin rules check [--arrival-interval=DURATION] FILE|DIR...";
    private static final String ARRIVAL = "--arrival-interval=";

    private RulesCheckTool() {}

    /**
     * @param args the files and directories, and {@code --arrival-interval=DURATION}: how often the
     *     input is expected to arrive (default 5 s, remote-write's batch deadline); windows shorter
     *     than twice that are warned about, without failing the check
     */
    public static int run(String[] args, PrintStream out) {
        Duration arrival = ShortWindows.DEFAULT_ARRIVAL;
        List<String> paths = new java.util.ArrayList<>();
        for (String a : args) {
            if (a.startsWith(ARRIVAL) && Durations.parseOrNull(a.substring(ARRIVAL.length())) != null) {
                arrival = Durations.parseOrNull(a.substring(ARRIVAL.length()));
            } else if (a.startsWith("-")) {
                out.println(USAGE);
                return 2;
            } else {
                paths.add(a);
            }
        }
        if (paths.isEmpty()) {
            out.println(USAGE);
            return 2;
        }
        args = paths.toArray(String[]::new);
        List<Path> roots = paths.stream().map(Path::of).toList();
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
        ShortWindows.warnings(loaded.rules(), arrival).forEach(out::println);
        out.println("ok: " + loaded.rules().size() + " rule(s) in " + loaded.files() + " file(s)");
        return 0;
    }
}
