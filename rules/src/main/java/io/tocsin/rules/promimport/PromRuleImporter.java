package io.tocsin.rules.promimport;

import io.tocsin.core.label.LabelNames;
import io.tocsin.rules.eval.Template;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Converts a Prometheus rule file to Tocsin's rule YAML, rule by rule: what converts is written
 * with notes on any approximation, what does not is listed with its reason.
 */
public final class PromRuleImporter {
    private static final Pattern LABEL_REF = Pattern.compile("(?:\\$labels|\\.Labels)\\.(" + LabelNames.LABEL_NAME_SYNTAX + ")");

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
                    skipped.add(new Skipped(group, "record " + rule.get("record"),
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
        List<String> notes = new ArrayList<>(s.notes());
        Map<String, String> labels = new LinkedHashMap<>();
        strings(rule.get("labels")).forEach((k, v) -> {
            if (v.contains("{{")) {
                notes.add("label " + k + " is a template; Tocsin labels are fixed: dropped");
            } else {
                labels.put(k, v);
            }
        });
        Map<String, String> annotations = new LinkedHashMap<>();
        strings(rule.get("annotations")).forEach((k, v) -> {
            try {
                Template.compile(v);
                annotations.put(k, v);
            } catch (IllegalArgumentException e) {
                notes.add("annotation " + k + " dropped: " + e.getMessage());
            }
        });
        List<String> by = s.by();
        if (s.perSeries()) {
            TreeSet<String> refs = new TreeSet<>();
            annotations.values().forEach(v -> {
                Matcher m = LABEL_REF.matcher(v);
                while (m.find()) {
                    refs.add(m.group(1));
                }
            });
            by = List.copyOf(refs);
            notes.add("Prometheus fires one alert per series; grouped by " + by
                    + " (the labels the annotations use): add the labels that identify a series");
        }
        String forDuration = rule.get("for") == null ? null : String.valueOf(rule.get("for"));
        String keep = rule.get("keep_firing_for") == null ? null : String.valueOf(rule.get("keep_firing_for"));
        return new Converted(alert, s.select(), s.over(), s.aggregate(), s.window(), by, s.condition(), forDuration, keep,
                labels, annotations, notes);
    }

    private static Map<String, String> strings(Object o) {
        Map<String, String> out = new LinkedHashMap<>();
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        }
        return out;
    }
}
