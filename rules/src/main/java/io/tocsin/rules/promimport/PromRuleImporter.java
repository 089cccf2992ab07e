package io.tocsin.rules.promimport;

import io.tocsin.rules.eval.Template;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts a Prometheus rule file to Tocsin's rule YAML, rule by rule: what converts is written
 * exactly (per series stays per series), what cannot be exact is listed with its reason.
 */
public final class PromRuleImporter {

    /** A rule that could not be converted, and why. */
    public record Skipped(String group, String rule, String reason) {
        @Override
        public String toString() {
            return group + "/" + rule + ": " + reason;
        }
    }

    /** @param groups group name → converted rules, in file order */
    public record Result(Map<String, List<Converted>> groups, List<Skipped> skipped) {
        public String yaml() {
            return ImportYaml.write(this);
        }

        public int converted() {
            return groups.values().stream().mapToInt(List::size).sum();
        }
    }

    private PromRuleImporter() {}

    /** @param file a parsed Prometheus rule file ({@code groups: [{name, rules: [...]}]}) */
    @SuppressWarnings("unchecked")
    public static Result convert(Map<String, Object> file) {
        Map<String, List<Converted>> groups = new LinkedHashMap<>();
        List<Skipped> skipped = new ArrayList<>();
        Object gs = file == null ? null : file.get("groups");
        if (!(gs instanceof List<?> groupList)) {
            skipped.add(new Skipped("-", "-", "the file has no 'groups:' list"));
            return new Result(groups, skipped);
        }
        for (Object go : groupList) {
            if (!(go instanceof Map<?, ?> g)) {
                continue;
            }
            String group = String.valueOf(g.get("name"));
            List<Converted> out = new ArrayList<>();
            Object rs = g.get("rules");
            for (Object ro : rs instanceof List<?> l ? l : List.of()) {
                if (!(ro instanceof Map<?, ?> r)) {
                    continue;
                }
                Map<String, Object> rule = (Map<String, Object>) r;
                if (rule.containsKey("record")) {
                    skipped.add(new Skipped(
                            group,
                            "record " + rule.get("record"),
                            "recording rules are not alerts: Tocsin evaluates alert rules over the raw samples"));
                    continue;
                }
                String alert = String.valueOf(rule.get("alert"));
                try {
                    out.add(convert(rule, alert));
                } catch (ExprConverter.Unsupported e) {
                    skipped.add(new Skipped(group, alert, e.getMessage() + " — expr: " + rule.get("expr")));
                }
            }
            if (!out.isEmpty()) {
                groups.put(group, out);
            }
        }
        return new Result(groups, skipped);
    }

    private static Converted convert(Map<String, Object> rule, String alert) throws ExprConverter.Unsupported {
        ExprConverter.Shape s = ExprConverter.convert(String.valueOf(rule.get("expr")));
        Map<String, String> labels = strings(rule.get("labels"));
        for (Map.Entry<String, String> l : labels.entrySet()) {
            if (l.getValue().contains("{{")) {
                throw new ExprConverter.Unsupported("label " + l.getKey() + " is a template; Tocsin labels are fixed");
            }
        }
        Map<String, String> annotations = strings(rule.get("annotations"));
        for (Map.Entry<String, String> a : annotations.entrySet()) {
            try {
                Template.compile(a.getValue());
            } catch (IllegalArgumentException e) {
                throw new ExprConverter.Unsupported("annotation " + a.getKey() + ": " + e.getMessage());
            }
        }
        if (!s.math().steps().isEmpty()) {
            throw new ExprConverter.Unsupported(
                    "arithmetic on the value (" + s.math() + ") has no field in Tocsin's rule YAML:"
                            + " keep the Prometheus rule file as it is, Tocsin reads its expr: directly");
        }
        String forDuration = rule.get("for") == null ? null : String.valueOf(rule.get("for"));
        String keep = rule.get("keep_firing_for") == null ? null : String.valueOf(rule.get("keep_firing_for"));
        return new Converted(
                alert,
                s.select(),
                s.over(),
                s.aggregate(),
                s.window(),
                s.by(),
                s.without(),
                s.condition(),
                forDuration,
                keep,
                labels,
                annotations,
                List.of());
    }

    private static Map<String, String> strings(Object o) {
        Map<String, String> out = new LinkedHashMap<>();
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        }
        return out;
    }
}
