package io.tocsin.rules.parse;

import io.tocsin.core.label.LabelNames;
import io.tocsin.core.label.Selector;
import io.tocsin.core.label.SelectorParser;
import io.tocsin.core.label.SelectorSyntaxException;
import io.tocsin.rules.eval.Template;
import io.tocsin.rules.model.Aggregation;
import io.tocsin.rules.model.Comparison;
import io.tocsin.rules.model.Condition;
import io.tocsin.rules.model.LogSelector;
import io.tocsin.rules.model.MissingData;
import io.tocsin.rules.model.Rule;
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
    private static final Set<String> RULE = Set.of("alert", "select", "over", "logs", "line", "line_regex", "aggregate", "window", "baseline", "grace", "by", "condition",
            "resolve", "for", "keep_firing_for", "missing", "max_groups", "labels", "annotations");
    private static final Pattern CALL = Pattern.compile("\\s*([a-z_]+)\\s*(?:\\(\\s*([^)\\s]*)\\s*\\))?\\s*");
    private static final int DEFAULT_MAX_GROUPS = 10_000;
    private static final Pattern CONDITION = Pattern.compile(
            "\\s*(>=|<=|==|!=|>|<)\\s*([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?)\\s*");

    /** What one file held: its rules if it had no errors, else its errors. */
    public record Result(List<Rule> rules, List<RuleError> errors) {}

    private static final Set<Aggregation> RATIO_FUNCTIONS = Set.of(Aggregation.SUM, Aggregation.COUNT, Aggregation.AVG,
            Aggregation.RATE, Aggregation.INCREASE, Aggregation.MIN, Aggregation.MAX, Aggregation.LAST);

    private static final Set<Aggregation> LOG_FUNCTIONS =
            Set.of(Aggregation.COUNT, Aggregation.RATE, Aggregation.SPIKE, Aggregation.ABSENT);

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
        if (alert != null && !LabelNames.isLabelName(alert)) {
            f.get("alert").error("alert name '" + alert + "' must match " + LabelNames.LABEL_NAME_SYNTAX);
        }
        boolean isLog = f.containsKey("logs");
        if (isLog && f.containsKey("select")) {
            f.get("select").error("a rule selects either metrics ('select') or log lines ('logs'), not both");
        }
        Selector select = isLog ? null : selector(node, f, "select", true);
        Selector over = selector(node, f, "over", false);
        LogSelector logs = isLog ? logSelector(f) : null;
        if (!isLog && (f.containsKey("line") || f.containsKey("line_regex"))) {
            f.get(f.containsKey("line") ? "line" : "line_regex").error("'line' and 'line_regex' filter log rules (with 'logs:')");
        }
        Aggregate agg = f.containsKey("aggregate") || !isLog ? aggregation(f.get("aggregate")) : new Aggregate(Aggregation.COUNT, Double.NaN);
        if (isLog && agg != null && !LOG_FUNCTIONS.contains(agg.fn())) {
            f.get("aggregate").error("a log rule counts lines: aggregate must be count, rate, spike or absent, not " + agg.fn().wireName());
        }
        if (isLog && over != null) {
            f.get("over").error("'over' (a ratio) is for metric rules");
        }
        Duration baseline = duration(f.get("baseline"), "baseline", null);
        if (agg != null && agg.fn() == Aggregation.SPIKE && (baseline == null || baseline.isZero())) {
            (f.containsKey("baseline") ? f.get("baseline") : node).error("spike needs 'baseline:' (like 1h), the usual rate it is measured against");
        }
        if (agg != null && agg.fn() != Aggregation.SPIKE && baseline != null) {
            f.get("baseline").error("'baseline' is for aggregate: spike");
        }
        Duration window = duration(f.get("window"), "window", Duration.ofMinutes(1));
        if (window != null && window.isZero()) {
            f.get("window").error("window must be longer than 0");
        }
        Duration grace = duration(f.get("grace"), "grace", null);
        List<String> by = labelNames(f.get("by"));
        Condition condition = agg != null && agg.fn() == Aggregation.ABSENT && !f.containsKey("condition")
                ? new Condition(Comparison.EQ, 1)
                : condition(node, f.get("condition"), "condition", true);
        Condition resolve = condition(node, f.get("resolve"), "resolve", false);
        Duration forDuration = duration(f.get("for"), "for", Duration.ZERO);
        Duration keepFiringFor = duration(f.get("keep_firing_for"), "keep_firing_for", Duration.ZERO);
        MissingData missing = missing(f.get("missing"));
        int maxGroups = positiveInt(f.get("max_groups"), "max_groups", DEFAULT_MAX_GROUPS);
        if (agg != null && agg.fn() == Aggregation.HISTOGRAM_QUANTILE && by.contains("le")) {
            f.get("by").error("histogram_quantile groups buckets by 'le' itself: leave it out of 'by'");
        }
        if (agg != null && over != null && !RATIO_FUNCTIONS.contains(agg.fn())) {
            f.get("over").error("'over' (a ratio) works with " + RATIO_FUNCTIONS.stream().map(Aggregation::wireName).sorted().toList()
                    + ", not " + agg.fn().wireName());
        }
        if (resolve != null && condition != null && !opposite(condition, resolve)) {
            f.get("resolve").error("resolve '" + resolve + "' must point the other way from condition '" + condition
                    + "' and not overlap it (like condition '> 0.01', resolve '< 0.005')");
        }
        Map<String, String> labels = f.containsKey("labels") ? f.get("labels").stringMap("labels") : Map.of();
        labels.keySet().stream().filter(k -> LabelNames.userLabelNameProblem(k) != null)
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
        String version = digest(String.join("\u0000", id, String.valueOf(select), String.valueOf(over), String.valueOf(logs),
                agg.toString(), window.toString(), String.valueOf(baseline), String.valueOf(grace), String.join(",", by), condition.toString(), String.valueOf(resolve),
                forDuration.toString(), keepFiringFor.toString(), missing.name(), String.valueOf(maxGroups),
                new java.util.TreeMap<>(labels).toString(), new java.util.TreeMap<>(annotations).toString()));
        return new Rule(id, group, alert, select, over, logs, agg.fn(), agg.arg(), window, baseline, grace, by, condition, resolve, forDuration,
                keepFiringFor, missing, maxGroups, labels, annotations, templates, version);
    }

    /** A resolve condition that can hold while the firing condition does would resolve an alert as it fires. */
    static boolean opposite(Condition fire, Condition resolve) {
        boolean up = fire.op() == Comparison.GT || fire.op() == Comparison.GE;
        boolean down = fire.op() == Comparison.LT || fire.op() == Comparison.LE;
        if (up) {
            return (resolve.op() == Comparison.LT && resolve.threshold() <= fire.threshold())
                    || (resolve.op() == Comparison.LE && (resolve.threshold() < fire.threshold()
                            || (resolve.threshold() == fire.threshold() && fire.op() == Comparison.GT)));
        }
        if (down) {
            return (resolve.op() == Comparison.GT && resolve.threshold() >= fire.threshold())
                    || (resolve.op() == Comparison.GE && (resolve.threshold() > fire.threshold()
                            || (resolve.threshold() == fire.threshold() && fire.op() == Comparison.LT)));
        }
        return false;
    }

    private static LogSelector logSelector(Map<String, YamlNode> f) {
        YamlNode n = f.get("logs");
        String text = n.string("logs");
        if (text == null) {
            return null;
        }
        Selector stream;
        try {
            stream = SelectorParser.stream(text);
        } catch (SelectorSyntaxException e) {
            n.problems().add(n.errorAt(n.valueColumnOffset() + e.offset(), "logs: " + e.getMessage()));
            return null;
        }
        String contains = f.containsKey("line") ? f.get("line").string("line") : null;
        com.google.re2j.Pattern regex = null;
        if (f.containsKey("line_regex")) {
            YamlNode r = f.get("line_regex");
            String re = r.string("line_regex");
            try {
                regex = re == null ? null : com.google.re2j.Pattern.compile(re);
            } catch (com.google.re2j.PatternSyntaxException e) {
                r.error("line_regex: invalid regex: " + e.getDescription());
            }
        }
        return new LogSelector(stream, contains, regex);
    }

    private static String required(YamlNode node, Map<String, YamlNode> f, String field) {
        if (!f.containsKey(field)) {
            node.error("a rule needs '" + field + ":'");
            return null;
        }
        return f.get(field).string(field);
    }

    private static Selector selector(YamlNode node, Map<String, YamlNode> f, String field, boolean needed) {
        if (!needed && !f.containsKey(field)) {
            return null;
        }
        String text = required(node, f, field);
        if (text == null) {
            return null;
        }
        YamlNode n = f.get(field);
        Selector s;
        try {
            s = SelectorParser.promql(text);
        } catch (SelectorSyntaxException e) {
            n.problems().add(n.errorAt(n.valueColumnOffset() + e.offset(), field + ": " + e.getMessage()));
            return null;
        }
        if (s.metric() == null) {
            // Stage 1 finds a sample's rules by its metric name: a rule without one could not be indexed.
            n.problems().add(n.errorAt(n.valueColumnOffset(), field + ": a rule's selector needs a metric name, like up{job=\"api\"}"));
            return null;
        }
        return s;
    }

    /** A function and its argument, as written: {@code rate}, {@code histogram_quantile(0.95)}, {@code predict_linear(4h)}. */
    record Aggregate(Aggregation fn, double arg) {
        @Override
        public String toString() {
            return fn.wireName() + (fn.takesArgument() ? "(" + arg + ")" : "");
        }
    }

    private static Aggregate aggregation(YamlNode n) {
        if (n == null) {
            return new Aggregate(Aggregation.AVG, Double.NaN);
        }
        String s = n.string("aggregate");
        if (s == null) {
            return null;
        }
        Matcher m = CALL.matcher(s);
        Aggregation fn;
        try {
            fn = m.matches() ? Aggregation.parse(m.group(1)) : null;
        } catch (IllegalArgumentException e) {
            fn = null;
        }
        if (fn == null) {
            n.error("unknown aggregate '" + s + "' (expected sum, avg, min, max, count, last, rate, increase, delta,"
                    + " deriv, predict_linear(4h), histogram_quantile(0.95), quantile(0.99), absent or spike)");
            return null;
        }
        String arg = m.group(2);
        if (!fn.takesArgument()) {
            if (arg != null) {
                n.error(fn.wireName() + " takes no argument");
                return null;
            }
            return new Aggregate(fn, Double.NaN);
        }
        if (arg == null || arg.isEmpty()) {
            n.error(fn.wireName() + " needs an argument, like " + fn.wireName()
                    + (fn == Aggregation.PREDICT_LINEAR ? "(4h)" : "(0.95)"));
            return null;
        }
        if (fn == Aggregation.PREDICT_LINEAR) {
            Duration d = Durations.parse(arg);
            if (d == null) {
                n.error("predict_linear: '" + arg + "' is not a duration (like 4h)");
                return null;
            }
            return new Aggregate(fn, d.toMillis() / 1000.0);
        }
        double q;
        try {
            q = Double.parseDouble(arg);
        } catch (NumberFormatException e) {
            q = Double.NaN;
        }
        if (!(q >= 0 && q <= 1)) {
            n.error(fn.wireName() + ": the quantile must be a number from 0 to 1, not '" + arg + "'");
            return null;
        }
        return new Aggregate(fn, q);
    }

    private static MissingData missing(YamlNode n) {
        if (n == null) {
            return MissingData.RESOLVE;
        }
        String s = n.string("missing");
        try {
            return s == null ? null : MissingData.parse(s);
        } catch (IllegalArgumentException e) {
            n.error("missing: '" + s + "' must be resolve, keep or alert");
            return null;
        }
    }

    private static int positiveInt(YamlNode n, String field, int fallback) {
        if (n == null) {
            return fallback;
        }
        String s = n.string(field);
        try {
            int v = Integer.parseInt(s);
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        n.error(field + ": '" + s + "' must be a positive whole number");
        return fallback;
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
            if (s != null && !LabelNames.isLabelName(s)) {
                item.error("invalid label name '" + s + "'");
            } else if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    private static Condition condition(YamlNode node, YamlNode n, String field, boolean needed) {
        if (n == null) {
            if (needed) {
                node.error("a rule needs 'condition:' (like '> 0.01')");
            }
            return null;
        }
        String s = n.string(field);
        if (s == null) {
            return null;
        }
        Matcher m = CONDITION.matcher(s);
        if (!m.matches()) {
            n.error(field + " '" + s + "' must be a comparison with a number, like '> 0.01' or '<= 5'");
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
