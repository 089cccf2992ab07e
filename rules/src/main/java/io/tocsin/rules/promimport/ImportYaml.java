package io.tocsin.rules.promimport;

import java.util.Map;

/** Writes an import result as a Tocsin rule file, notes and skipped rules as comments. */
final class ImportYaml {
    private ImportYaml() {}

    static String write(PromRuleImporter.Result r) {
        StringBuilder sb = new StringBuilder("# Converted from Prometheus rules by `tocsin rules import`.\n");
        if (!r.skipped().isEmpty()) {
            sb.append("# Not converted:\n");
            r.skipped()
                    .forEach(s -> sb.append("#   ")
                            .append(s.toString().replace("\n", " "))
                            .append('\n'));
        }
        sb.append("groups:\n");
        if (r.groups().isEmpty()) {
            sb.setLength(sb.length() - 1);
            sb.append(" []\n");
        }
        r.groups().forEach((group, rules) -> {
            sb.append("  - name: ").append(q(group)).append('\n');
            sb.append("    rules:\n");
            for (Converted c : rules) {
                c.notes()
                        .forEach(n -> sb.append("      # note: ")
                                .append(n.replace("\n", " "))
                                .append('\n'));
                sb.append("      - alert: ").append(c.alert()).append('\n');
                sb.append("        select: ").append(q(c.select())).append('\n');
                if (c.over() != null) {
                    sb.append("        over: ").append(q(c.over())).append('\n');
                }
                sb.append("        aggregate: ").append(c.aggregate()).append('\n');
                sb.append("        window: ").append(c.window()).append('\n');
                if (c.without()) {
                    sb.append("        without: [")
                            .append(String.join(", ", c.by()))
                            .append("]\n");
                } else if (!c.by().isEmpty()) {
                    sb.append("        by: [").append(String.join(", ", c.by())).append("]\n");
                }
                if (c.condition() != null) {
                    sb.append("        condition: ").append(q(c.condition())).append('\n');
                }
                if (c.forDuration() != null) {
                    sb.append("        for: ").append(c.forDuration()).append('\n');
                }
                if (c.keepFiringFor() != null) {
                    sb.append("        keep_firing_for: ")
                            .append(c.keepFiringFor())
                            .append('\n');
                }
                map(sb, "labels", c.labels());
                map(sb, "annotations", c.annotations());
            }
        });
        return sb.toString();
    }

    private static void map(StringBuilder sb, String name, Map<String, String> m) {
        if (m.isEmpty()) {
            return;
        }
        sb.append("        ").append(name).append(":\n");
        m.forEach((k, v) ->
                sb.append("          ").append(k).append(": ").append(q(v)).append('\n'));
    }

    /** A YAML double-quoted scalar: every string survives, newlines and quotes included. */
    static String q(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
