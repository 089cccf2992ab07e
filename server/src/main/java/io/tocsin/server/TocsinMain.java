package io.tocsin.server;

import io.tocsin.core.settings.Env;
import io.tocsin.core.settings.Setting;
import io.tocsin.notifier.tool.ConfigCheckTool;
import io.tocsin.notifier.tool.RoutesTestTool;
import io.tocsin.rules.promimport.RulesImportTool;
import io.tocsin.rules.tool.RulesTestTool;
import io.tocsin.server.cli.RulesCheckCommand;
import io.tocsin.server.cli.UpCommand;
import java.util.Arrays;

/** The {@code tocsin} command line. */
public final class TocsinMain {
    private static final String USAGE = """
            usage: tocsin <command>

              up                      start Tocsin: embedded Kafka (unless KAFKA_BOOTSTRAP is set),
                                      ingest, rules and notifier
              rules check FILE|DIR...  validate rule files (YAML with groups:); errors as file:line:col
              rules test [--junit FILE] TEST_FILE...
                                      run promtool-style rule tests through the real topology
              rules import FILE       convert a Prometheus alerting-rule file; lists what cannot convert
              config check FILE       validate a notifier configuration; errors as file:line:col
              routes test FILE...     check routing cases (labels -> receivers, group keys, inhibition)
            """;

    private TocsinMain() {}

    public static void main(String[] args) throws Exception {
        // Chosen before the first logger exists: with TOCSIN_LOKI_URL our own logs also go to Loki.
        if (Env.system().given(Setting.TOCSIN_LOKI_URL).isPresent()
                && System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "logback-loki.xml");
        }
        String command = args.length == 0 ? "up" : args[0];
        String[] rest = tail(args);
        int exit = switch (command) {
            case "up" -> UpCommand.run(System.getenv());
            case "rules" -> rules(rest);
            case "config" ->
                rest.length >= 1 && rest[0].equals("check") ? ConfigCheckTool.run(tail(rest), System.out) : usage();
            case "routes" ->
                rest.length >= 1 && rest[0].equals("test") ? RoutesTestTool.run(tail(rest), System.out) : usage();
            case "help", "--help", "-h" -> {
                System.out.print(USAGE);
                yield 0;
            }
            default -> usage();
        };
        if (exit != 0 || !command.equals("up")) {
            System.exit(exit);
        }
    }

    private static int rules(String[] args) {
        String sub = args.length == 0 ? "" : args[0];
        String[] rest = tail(args);
        return switch (sub) {
            case "check" -> RulesCheckCommand.run(rest, System.out);
            case "test" -> RulesTestTool.run(rest, System.out);
            case "import" -> RulesImportTool.run(rest, System.out);
            default -> usage();
        };
    }

    private static String[] tail(String[] args) {
        return Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
    }

    private static int usage() {
        System.err.print(USAGE);
        return 2;
    }
}
