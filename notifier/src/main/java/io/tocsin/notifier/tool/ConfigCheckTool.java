package io.tocsin.notifier.tool;

import io.tocsin.core.config.ConfigException;
import io.tocsin.notifier.config.NotifierConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code tocsin config check FILE}: validates a notifier config as the notifier would load it
 * (secrets resolved from this environment, never printed). Prints {@code file:line:col: problem}
 * per problem. Exit status 0 when valid, 1 when not, 2 on bad usage.
 */
public final class ConfigCheckTool {
    private ConfigCheckTool() {}

    public static int run(String[] args, PrintStream out) {
        return run(args, out, System.getenv());
    }

    static int run(String[] args, PrintStream out, Map<String, String> env) {
        if (args.length != 1 || args[0].startsWith("-")) {
            out.println("usage: tocsin config check FILE");
            return 2;
        }
        try {
            NotifierConfig c = NotifierConfig.load(Path.of(args[0]), env);
            out.println(args[0] + ": ok (" + c.receivers().size() + " receivers, "
                    + c.root().receivers().size()
                    + " routed to, " + c.inhibitRules().size() + " inhibit rules, "
                    + c.escalationPolicies().size()
                    + " escalation policies)");
            c.notices().forEach(n -> out.println("  note: " + n));
            return 0;
        } catch (ConfigException e) {
            e.problems().forEach(p -> out.println(p));
            return 1;
        }
    }
}
