package io.tocsin.rules.promimport;

import io.tocsin.core.config.ConfigException;
import io.tocsin.core.config.PlainYaml;
import io.tocsin.core.config.YamlLoader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code tocsin rules import FILE [-o OUT]}: converts a Prometheus rule file to a Tocsin one.
 * The rules go to OUT (or standard output); what could not be converted is listed with why.
 * Exit status 0 when everything converted, 1 when some rules were skipped, 2 on bad input.
 */
public final class RulesImportTool {
    private RulesImportTool() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    @SuppressWarnings("unchecked")
    public static int run(String[] args, PrintStream out) {
        Path in = null;
        Path target = null;
        for (int i = 0; i < args.length; i++) {
            if ((args[i].equals("-o") || args[i].equals("--output")) && i + 1 < args.length) {
                target = Path.of(args[++i]);
            } else if (in == null && !args[i].startsWith("-")) {
                in = Path.of(args[i]);
            } else {
                out.println("usage: tocsin rules import PROMETHEUS_RULE_FILE [-o OUT.rules.yml]");
                return 2;
            }
        }
        if (in == null) {
            out.println("usage: tocsin rules import PROMETHEUS_RULE_FILE [-o OUT.rules.yml]");
            return 2;
        }
        Object parsed;
        try {
            parsed = PlainYaml.of(YamlLoader.load(in, in.toString()));
        } catch (ConfigException e) {
            out.println(e.getMessage());
            return 2;
        }
        if (!(parsed instanceof Map<?, ?>)) {
            out.println(in + ": not a Prometheus rule file (expected 'groups:')");
            return 2;
        }
        PromRuleImporter.Result r = PromRuleImporter.convert((Map<String, Object>) parsed);
        String yaml = r.yaml();
        if (target == null) {
            out.print(yaml);
        } else {
            try {
                Files.writeString(target, yaml, StandardCharsets.UTF_8);
            } catch (IOException e) {
                out.println(target + ": cannot write: " + e.getMessage());
                return 2;
            }
            out.println("wrote " + r.converted() + " rules to " + target);
        }
        if (!r.skipped().isEmpty()) {
            out.println("# " + r.skipped().size() + " rule(s) not converted:");
            r.skipped().forEach(s -> out.println("#   " + s));
        }
        return r.skipped().isEmpty() ? 0 : 1;
    }
}
