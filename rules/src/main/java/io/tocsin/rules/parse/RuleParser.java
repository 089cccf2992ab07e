package io.tocsin.rules.parse;

import io.tocsin.rules.eval.Template;
import io.tocsin.rules.model.Aggregation;
import io.tocsin.rules.model.Comparison;
import io.tocsin.rules.model.Condition;
import io.tocsin.rules.model.Rule;
import io.tocsin.rules.model.Selector;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads one rule file. Every problem is reported with file:line:col; a file with any problem
 * yields no rules, so a half-understood file never runs.
 */
public final class RuleParser {
    private static final Set<String> TOP = Set.of("groups");
    private static final Set<String> GROUP = Set.of("name", "rules");
    private static final Set<String> RULE = Set.of("alert", "select", "aggregate", "window", "by", "condition",
            "for", "labels", "annotations");
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern CONDITION = Pattern.compile(
            "\\s*(>=|<=|==|!=|>|<)\\s*([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?)\\s*");

    /** What one file held: its rules if it had no errors, else its errors. */
    public record Result(List<Rule> rules, List<RuleError> errors) {}

    private RuleParser() {}

    public static Result parse(String yaml, String file) {
        Problems problems = new Problems();
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            root = new Yaml(options).compose(new java.io.StringReader(yaml));
        } catch (MarkedYAMLException e) {
            var mark = e.getProblemMark();
            return new Result(List.of(), List.of(new RuleError(file, mark.getLine() + 1, mark.getColumn() + 1,
                    "invalid YAML: " + e.getProblem())));
        }
        if (root == null) {
            return new Result(List.of(), List.of()); // an empty file holds no rules
        }
        List<Rule> rules = new ArrayList<>();
        YamlNode top = new YamlNode(root, file, problems);
        YamlNode groups = top.fields("a rule file", TOP).get("groups");
        if (groups == null) {
            top.error("a rule file needs 'groups:'");
        } else {
            for (YamlNode g : groups.list("groups")) {
                group(g, rules);
            }
        }
        return problems.isEmpty() ? new Result(List.copyOf(rules), List.of()) : new Result(List.of(), problems.all());
    }

    private static void group(YamlNode node, List<Rule> out) {
        Map<String, YamlNode> f = node.fields("a group", GROUP);
        String name = f.containsKey("name") ? f.get("name").string("group name") : null;
        if (!f.containsKey("name")) {
            node.error("a group needs 'name:'");
        }
        if (!f.containsKey("rules")) {
            node.error("a group needs 'rules:'");
            return;
        }
        for (YamlNode r : f.get("rules").list("rules")) {
            Rule rule = rule(r, name == null ? "?" : name);
            if (rule != null) {
                out.add(rule);
            }
        }
    }

    private static Rule rule(YamlNode node, String group) {
        int before = node.problems().all().size();
        Map<String, YamlNode> f = node.fields("a rule", RULE);
        String alert = required(node, f, "alert");
        if (alert != null && !NAME.matcher(alert).matches()) {
            f.get("alert").error("alert name '" + alert + "' must match " + NAME.pattern());
        }
        Selector select = selector(node, f);
        Aggregation aggregate = aggregation(f.get("aggregate"));
        Duration window = duration(f.get("window"), "window", Duration.ofMinutes(1));
        if (window != null && window.isZero()) {
            f.get("window").error("window must be longer than 0");
        }
        List<String> by = labelNames(f.get("by"));
        Condition condition = condition(node, f.get("condition"));
        Duration forDuration = duration(f.get("for"), "for", Duration.ZERO);
        Map<String, String> labels = f.containsKey("labels") ? f.get("labels").stringMap("labels") : Map.of();
        labels.keySet().stream().filter(k -> !NAME.matcher(k).matches() || k.startsWith("__"))
                .forEach(k -> f.get("labels").error("invalid label name '" + k + "'"));
        Map<String, YamlNode> annotationNodes = f.containsKey("annotations")
                ? f.get("annotations").stringEntries("annotations") : Map.of();
        Map<String, String> annotations = new LinkedHashMap<>();
        Map<String, Template> templates = new LinkedHashMap<>();
        annotationNodes.forEach((k, n) -> {
            annotations.put(k, n.scalar());
            try {
                templates.put(k, Template.compile(n.scalar()));
            } catch (IllegalArgumentException e) {
                n.error("annotation '" + k + "': " + e.getMessage());
            }
        });
        if (node.problems().all().size() > before) {
            return null;
        }
        String id = group + "/" + alert;
        String version = digest(String.join("\u0000", id, select.toString(), aggregate.name(), window.toString(),
                String.join(",", by), condition.toString(), forDuration.toString(), new java.util.TreeMap<>(labels).toString(),
                new java.util.TreeMap<>(annotations).toString()));
        return new Rule(id, group, alert, select, aggregate, window, by, condition, forDuration, labels, annotations,
                templates, version);
    }

    private static String required(YamlNode node, Map<String, YamlNode> f, String field) {
        if (!f.containsKey(field)) {
            node.error("a rule needs '" + field + ":'");
            return null;
        }
        return f.get(field).string(field);
    }

    private static Selector selector(YamlNode node, Map<String, YamlNode> f) {
        String text = required(node, f, "select");
        if (text == null) {
            return null;
        }
        YamlNode n = f.get("select");
        try {
            return SelectorParser.parse(text);
        } catch (SelectorParser.SelectorException e) {
            n.problems().add(n.errorAt(n.valueColumnOffset() + e.offset(), "select: " + e.getMessage()));
            return null;
        }
    }

    private static Aggregation aggregation(YamlNode n) {
        if (n == null) {
            return Aggregation.AVG;
        }
        String s = n.string("aggregate");
        try {
            return s == null ? null : Aggregation.parse(s);
        } catch (IllegalArgumentException e) {
            n.error("unknown aggregate '" + s + "' (expected sum, avg, min, max, count or last)");
            return null;
        }
    }

    private static Duration duration(YamlNode n, String field, Duration fallback) {
        if (n == null) {
            return fallback;
        }
        String s = n.string(field);
        Duration d = Durations.parse(s);
        if (s != null && d == null) {
            n.error(field + ": '" + s + "' is not a duration (like 30s, 5m, 1h)");
        }
        return d;
    }

    private static List<String> labelNames(YamlNode n) {
        if (n == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (YamlNode item : n.list("by")) {
            String s = item.string("label name");
            if (s != null && !NAME.matcher(s).matches()) {
                item.error("invalid label name '" + s + "'");
            } else if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    private static Condition condition(YamlNode node, YamlNode n) {
        if (n == null) {
            node.error("a rule needs 'condition:' (like '> 0.01')");
            return null;
        }
        String s = n.string("condition");
        if (s == null) {
            return null;
        }
        Matcher m = CONDITION.matcher(s);
        if (!m.matches()) {
            n.error("condition '" + s + "' must be a comparison with a number, like '> 0.01' or '<= 5'");
            return null;
        }
        return new Condition(Comparison.fromSymbol(m.group(1)), Double.parseDouble(m.group(2)));
    }

    private static String digest(String text) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
