package io.tocsin.rules.parse;

import io.tocsin.core.config.ConfigException;
import io.tocsin.core.config.ConfigReader;
import io.tocsin.core.config.Durations;
import io.tocsin.core.config.Mark;
import io.tocsin.core.config.Problem;
import io.tocsin.core.config.YamlLoader;
import io.tocsin.core.config.YamlNode;
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
import io.tocsin.rules.model.ValueMath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one rule file. Every problem is reported with file:line:col; a file with any problem
 * yields no rules, so a half-understood file never runs.
 */
public final class RuleParser {
    private static final Set<String> TOP = Set.of("groups");
    private static final Set<String> GROUP = Set.of("name", "rules");
    private static final Set<String> RULE = Set.of(
            "alert",
            "select",
            "over",
            "logs",
            "line",
            "line_regex",
            "aggregate",
            "window",
            "baseline",
            "grace",
            "by",
            "without",
            "condition",
            "resolve",
            "expr",
            "record",
            "for",
            "keep_firing_for",
            "missing",
            "max_groups",
            "labels",
            "annotations");
    private static final Pattern CALL = Pattern.compile("\\s*([a-z_]+)\\s*(?:\\(\\s*([^)\\s]*)\\s*\\))?\\s*");
    private static final int DEFAULT_MAX_GROUPS = 10_000;
    private static final Pattern CONDITION =
            Pattern.compile("\\s*(>=|<=|==|!=|>|<)\\s*([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?)\\s*");

    /** What one file held: its rules if it had no errors, else its errors. */
    public record Result(List<Rule> rules, List<Problem> errors) {}

    private static final Set<Aggregation> RATIO_FUNCTIONS = Set.of(
            Aggregation.SUM,
            Aggregation.COUNT,
            Aggregation.AVG,
            Aggregation.RATE,
            Aggregation.INCREASE,
            Aggregation.PROM_RATE,
            Aggregation.PROM_INCREASE,
            Aggregation.PROM_LAST,
            Aggregation.MIN,
            Aggregation.MAX,
            Aggregation.LAST);

    private static final Set<Aggregation> LOG_FUNCTIONS =
            Set.of(Aggregation.COUNT, Aggregation.RATE, Aggregation.SPIKE, Aggregation.ABSENT);

    private final ConfigReader reader = new ConfigReader();

    private RuleParser() {}

    public static Result parse(String yaml, String file) {
        YamlNode root;
        try {
            root = YamlLoader.parse(yaml, file);
        } catch (ConfigException e) {
            return new Result(List.of(), e.problems());
        }
        return parse(root);
    }

    /** The rules of an already loaded document; an empty file holds no rules. */
    public static Result parse(YamlNode root) {
        if (YamlLoader.isEmpty(root)) {
            return new Result(List.of(), List.of());
        }
        return new RuleParser().file(root);
    }

    private Result file(YamlNode root) {
        List<Rule> rules = new ArrayList<>();
        YamlNode.Mapping top = reader.mapping(root, "a rule file");
        if (top != null) {
            reader.onlyKnown(top, "a rule file", TOP);
            if (reader.requireAll(top, "a rule file", "groups")) {
                for (YamlNode g : orEmpty(reader.list(top.get("groups"), "groups"))) {
                    group(g, rules);
                }
            }
        }
        return reader.hasProblems()
                ? new Result(List.of(), reader.problems())
                : new Result(List.copyOf(rules), List.of());
    }

    private static List<YamlNode> orEmpty(List<YamlNode> list) {
        return list == null ? List.of() : list;
    }

    private void error(YamlNode node, String message) {
        reader.problem(node.mark(), message);
    }

    private void group(YamlNode node, List<Rule> out) {
        YamlNode.Mapping f = reader.mapping(node, "a group");
        if (f == null) {
            return;
        }
        reader.onlyKnown(f, "a group", GROUP);
        reader.requireAll(f, "a group", "name");
        String name = f.has("name") ? reader.string(f.get("name"), "group name") : null;
        if (!reader.requireAll(f, "a group", "rules")) {
            return;
        }
        for (YamlNode r : orEmpty(reader.list(f.get("rules"), "rules"))) {
            Rule rule = rule(r, name == null ? "?" : name);
            if (rule != null) {
                out.add(rule);
            }
        }
    }

    private Rule rule(YamlNode node, String group) {
        int before = reader.problems().size();
        YamlNode.Mapping written = reader.mapping(node, "a rule");
        if (written == null) {
            return null;
        }
        reader.onlyKnown(written, "a rule", RULE);
        if (written.has("record")) {
            error(
                    written.get("record"),
                    "recording rules are not evaluated by Tocsin yet: keep them in Prometheus, or write the"
                            + " alert over the raw series");
            return null;
        }
        PromRule compiled = written.has("expr") ? PromRule.compile(written, reader) : null;
        if (written.has("expr") && compiled == null) {
            return null;
        }
        // A Prometheus rule is read as the Tocsin fields its expression compiles to, marked at expr:.
        YamlNode.Mapping f = compiled == null ? written : compiled.fields();
        ValueMath math = compiled == null ? ValueMath.NONE : compiled.math();
        String alert = required(node, f, "alert");
        if (alert != null && !LabelNames.isLabelName(alert)) {
            error(f.get("alert"), "alert name '" + alert + "' must match " + LabelNames.LABEL_NAME_SYNTAX);
        }
        boolean isLog = f.has("logs");
        if (isLog && f.has("select")) {
            error(f.get("select"), "a rule selects either metrics ('select') or log lines ('logs'), not both");
        }
        Selector select = isLog ? null : selector(node, f, "select", true);
        Selector over = selector(node, f, "over", false);
        LogSelector logs = isLog ? logSelector(f) : null;
        if (!isLog && (f.has("line") || f.has("line_regex"))) {
            error(
                    f.get(f.has("line") ? "line" : "line_regex"),
                    "'line' and 'line_regex' filter log rules (with 'logs:')");
        }
        Aggregate agg = f.has("aggregate") || !isLog
                ? aggregation(f.get("aggregate"))
                : new Aggregate(Aggregation.COUNT, Double.NaN);
        if (isLog && agg != null && !LOG_FUNCTIONS.contains(agg.fn())) {
            error(
                    f.get("aggregate"),
                    "a log rule counts lines: aggregate must be count, rate, spike or absent, not "
                            + agg.fn().wireName());
        }
        if (isLog && over != null) {
            error(f.get("over"), "'over' (a ratio) is for metric rules");
        }
        Duration baseline = duration(f.get("baseline"), "baseline", null);
        if (agg != null && agg.fn() == Aggregation.SPIKE && (baseline == null || baseline.isZero())) {
            error(
                    f.has("baseline") ? f.get("baseline") : node,
                    "spike needs 'baseline:' (like 1h), the usual rate it is measured against");
        }
        if (agg != null && agg.fn() != Aggregation.SPIKE && baseline != null) {
            error(f.get("baseline"), "'baseline' is for aggregate: spike");
        }
        Duration window = duration(f.get("window"), "window", Duration.ofMinutes(1));
        if (window != null && window.isZero()) {
            error(f.get("window"), "window must be longer than 0");
        }
        Duration grace = duration(f.get("grace"), "grace", null);
        boolean without = f.has("without");
        if (without && f.has("by")) {
            error(f.get("without"), "a rule groups either 'by' some labels or 'without' some, not both");
        }
        List<String> by = labelNames(f.get(without ? "without" : "by"));
        Condition condition = agg != null && agg.fn() == Aggregation.ABSENT && !f.has("condition")
                ? new Condition(Comparison.EQ, 1)
                : condition(node, f.get("condition"), "condition", true);
        Condition resolve = condition(node, f.get("resolve"), "resolve", false);
        Duration forDuration = duration(f.get("for"), "for", Duration.ZERO);
        Duration keepFiringFor = duration(f.get("keep_firing_for"), "keep_firing_for", Duration.ZERO);
        MissingData missing = missing(f.get("missing"));
        int maxGroups = positiveInt(f.get("max_groups"), "max_groups", DEFAULT_MAX_GROUPS);
        if (agg != null && agg.fn().histogram() && by.contains("le") && !without) {
            error(f.get("by"), "histogram_quantile groups buckets by 'le' itself: leave it out of 'by'");
        }
        if (agg != null && over != null && !RATIO_FUNCTIONS.contains(agg.fn())) {
            error(
                    f.get("over"),
                    "'over' (a ratio) works with "
                            + RATIO_FUNCTIONS.stream()
                                    .map(Aggregation::wireName)
                                    .sorted()
                                    .toList() + ", not " + agg.fn().wireName());
        }
        if (resolve != null && condition != null && !opposite(condition, resolve)) {
            error(
                    f.get("resolve"),
                    "resolve '" + resolve + "' must point the other way from condition '" + condition
                            + "' and not overlap it (like condition '> 0.01', resolve '< 0.005')");
        }
        Map<String, String> labels =
                f.has("labels") ? reader.labelMap(f.get("labels"), "labels") : Map.<String, String>of();
        Map<String, String> annotations = new LinkedHashMap<>();
        Map<String, Template> templates = new LinkedHashMap<>();
        YamlNode.Mapping annotationNodes =
                f.has("annotations") ? reader.mapping(f.get("annotations"), "annotations") : null;
        if (annotationNodes != null) {
            for (YamlNode.Entry e : annotationNodes.entries().values()) {
                String text = reader.text(e.value(), "annotation '" + e.key() + "'");
                if (text == null) {
                    continue;
                }
                annotations.put(e.key(), text);
                try {
                    templates.put(e.key(), Template.compile(text));
                } catch (IllegalArgumentException ex) {
                    error(e.value(), "annotation '" + e.key() + "': " + ex.getMessage());
                }
            }
        }
        if (reader.problems().size() > before) {
            return null;
        }
        return RuleVersion.stamp(new Rule(
                group + "/" + alert,
                group,
                alert,
                select,
                over,
                logs,
                agg.fn(),
                agg.arg(),
                window,
                baseline,
                grace,
                by,
                condition,
                resolve,
                forDuration,
                keepFiringFor,
                missing,
                maxGroups,
                labels,
                annotations,
                templates,
                null,
                without,
                math,
                node.mark()));
    }

    /** A resolve condition that can hold while the firing condition does would resolve an alert as it fires. */
    static boolean opposite(Condition fire, Condition resolve) {
        boolean up = fire.op() == Comparison.GT || fire.op() == Comparison.GE;
        boolean down = fire.op() == Comparison.LT || fire.op() == Comparison.LE;
        if (up) {
            return (resolve.op() == Comparison.LT && resolve.threshold() <= fire.threshold())
                    || (resolve.op() == Comparison.LE
                            && (resolve.threshold() < fire.threshold()
                                    || (resolve.threshold() == fire.threshold() && fire.op() == Comparison.GT)));
        }
        if (down) {
            return (resolve.op() == Comparison.GT && resolve.threshold() >= fire.threshold())
                    || (resolve.op() == Comparison.GE
                            && (resolve.threshold() > fire.threshold()
                                    || (resolve.threshold() == fire.threshold() && fire.op() == Comparison.LT)));
        }
        return false;
    }

    private LogSelector logSelector(YamlNode.Mapping f) {
        YamlNode n = f.get("logs");
        String text = reader.string(n, "logs");
        if (text == null) {
            return null;
        }
        Selector stream;
        try {
            stream = SelectorParser.stream(text);
        } catch (SelectorSyntaxException e) {
            reader.problem(at(n, e.offset()), "logs: " + e.getMessage());
            return null;
        }
        String contains = f.has("line") ? reader.string(f.get("line"), "line") : null;
        com.google.re2j.Pattern regex = null;
        if (f.has("line_regex")) {
            YamlNode r = f.get("line_regex");
            String re = reader.string(r, "line_regex");
            try {
                regex = re == null ? null : com.google.re2j.Pattern.compile(re);
            } catch (com.google.re2j.PatternSyntaxException e) {
                error(r, "line_regex: invalid regex: " + e.getDescription());
            }
        }
        return new LogSelector(stream, contains, regex);
    }

    private String required(YamlNode node, YamlNode.Mapping f, String field) {
        if (!f.has(field)) {
            error(node, "a rule needs '" + field + ":'");
            return null;
        }
        return reader.string(f.get(field), field);
    }

    private Selector selector(YamlNode node, YamlNode.Mapping f, String field, boolean needed) {
        if (!needed && !f.has(field)) {
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
            reader.problem(at(n, e.offset()), field + ": " + e.getMessage());
            return null;
        }
        if (s.metric() == null) {
            // Stage 1 finds a sample's rules by its metric name: a rule without one could not be indexed.
            reader.problem(at(n, 0), field + ": a rule's selector needs a metric name, like up{job=\"api\"}");
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

    private Aggregate aggregation(YamlNode n) {
        if (n == null) {
            return new Aggregate(Aggregation.AVG, Double.NaN);
        }
        String s = reader.string(n, "aggregate");
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
            error(
                    n,
                    "unknown aggregate '" + s + "' (expected sum, avg, min, max, count, last, rate, increase, delta,"
                            + " deriv, predict_linear(4h), histogram_quantile(0.95), quantile(0.99), absent, spike, or PromQL's own"
                            + " prom_rate, prom_increase, prom_delta, prom_histogram_quantile(0.95), prom_last)");
            return null;
        }
        String arg = m.group(2);
        if (!fn.takesArgument()) {
            if (arg != null) {
                error(n, fn.wireName() + " takes no argument");
                return null;
            }
            return new Aggregate(fn, Double.NaN);
        }
        if (arg == null || arg.isEmpty()) {
            error(
                    n,
                    fn.wireName() + " needs an argument, like " + fn.wireName()
                            + (fn == Aggregation.PREDICT_LINEAR ? "(4h)" : "(0.95)"));
            return null;
        }
        if (fn == Aggregation.PREDICT_LINEAR) {
            Duration d = Durations.parseOrNull(arg);
            if (d == null) {
                error(n, "predict_linear: '" + arg + "' is not a duration (like 4h)");
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
            error(n, fn.wireName() + ": the quantile must be a number from 0 to 1, not '" + arg + "'");
            return null;
        }
        return new Aggregate(fn, q);
    }

    private MissingData missing(YamlNode n) {
        if (n == null) {
            return MissingData.RESOLVE;
        }
        String s = reader.string(n, "missing");
        try {
            return s == null ? null : MissingData.parse(s);
        } catch (IllegalArgumentException e) {
            error(n, "missing: '" + s + "' must be resolve, keep or alert");
            return null;
        }
    }

    private int positiveInt(YamlNode n, String field, int fallback) {
        if (n == null) {
            return fallback;
        }
        Integer v = reader.integer(n, field, 1);
        return v == null ? fallback : v;
    }

    private Duration duration(YamlNode n, String field, Duration fallback) {
        return n == null ? fallback : reader.duration(n, field);
    }

    /** Where the character at {@code offset} of a scalar's value was written. */
    private static Mark at(YamlNode n, int offset) {
        return n instanceof YamlNode.Scalar s ? s.markAt(offset) : n.mark();
    }

    private List<String> labelNames(YamlNode n) {
        if (n == null) {
            return List.of();
        }
        List<String> names = reader.labelNames(n, "by");
        return names == null ? List.of() : names;
    }

    private Condition condition(YamlNode node, YamlNode n, String field, boolean needed) {
        if (n == null) {
            if (needed) {
                error(node, "a rule needs 'condition:' (like '> 0.01')");
            }
            return null;
        }
        String s = reader.string(n, field);
        if (s == null) {
            return null;
        }
        Matcher m = CONDITION.matcher(s);
        if (!m.matches()) {
            error(n, field + " '" + s + "' must be a comparison with a number, like '> 0.01' or '<= 5'");
            return null;
        }
        return new Condition(Comparison.fromSymbol(m.group(1)), Double.parseDouble(m.group(2)));
    }
}
