package io.tocsin.rules.tool;

import io.tocsin.core.config.ConfigException;
import io.tocsin.core.config.Durations;
import io.tocsin.core.config.PlainYaml;
import io.tocsin.core.config.YamlLoader;
import io.tocsin.core.label.Selector;
import io.tocsin.core.label.SelectorParser;
import io.tocsin.core.label.SelectorSyntaxException;
import io.tocsin.core.wire.Labels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A rule test file, shaped like promtool's: {@code rule_files}, then {@code tests} each with an
 * {@code interval}, {@code input_series} in expanding notation and {@code alert_rule_test} cases
 * that list the alerts expected to be firing at an {@code eval_time}. Log rules are fed by
 * {@code input_logs}: a stream's labels, a line, and how many times it is logged per interval
 * (the same expanding notation), which promtool has no counterpart for.
 */
public record RuleTestFile(Path path, List<Path> ruleFiles, List<TestGroup> tests) {

    public record TestGroup(
            String name, Duration interval, List<InputSeries> series, List<InputLogs> logs, List<AlertCheck> checks) {}

    public record InputSeries(String name, Labels labels, List<Double> values) {}

    /** @param counts how many times {@code line} is logged in each interval; null = none */
    public record InputLogs(Labels stream, String line, List<Double> counts) {}

    public record AlertCheck(Duration evalTime, String alertname, List<ExpectedAlert> expected) {}

    /** @param annotations null when the test does not check annotations */
    public record ExpectedAlert(Labels labels, Map<String, String> annotations) {}

    /** Why a test file cannot be run. */
    public static final class InvalidTestFile extends Exception {
        InvalidTestFile(String message) {
            super(message, null, false, false);
        }
    }

    private static final Set<String> TOP = Set.of("rule_files", "evaluation_interval", "tests", "group_eval_order");
    private static final Set<String> GROUP = Set.of(
            "name",
            "interval",
            "input_series",
            "input_logs",
            "alert_rule_test",
            "promql_expr_test",
            "external_labels",
            "external_url");

    public static RuleTestFile read(Path path) throws InvalidTestFile {
        String where = path.toString();
        Object root;
        try {
            root = PlainYaml.of(YamlLoader.load(path, where));
        } catch (ConfigException e) {
            throw new InvalidTestFile(e.getMessage());
        }
        Map<String, Object> top = map(root, where, TOP);
        Path base = path.toAbsolutePath().getParent();
        List<Path> ruleFiles = new ArrayList<>();
        for (Object f : list(top.get("rule_files"), where + ": rule_files")) {
            ruleFiles.add(base.resolve(String.valueOf(f)));
        }
        if (ruleFiles.isEmpty()) {
            throw new InvalidTestFile(where + ": 'rule_files' lists no rule file");
        }
        Duration defaultInterval =
                duration(top.getOrDefault("evaluation_interval", "1m"), where + ": evaluation_interval");
        List<TestGroup> tests = new ArrayList<>();
        List<Object> raw = list(top.get("tests"), where + ": tests");
        for (int i = 0; i < raw.size(); i++) {
            String at = where + ": tests[" + i + "]";
            Map<String, Object> g = map(raw.get(i), at, GROUP);
            if (g.containsKey("promql_expr_test")) {
                throw new InvalidTestFile(
                        at + ": promql_expr_test is not supported (Tocsin rules are not PromQL); use alert_rule_test");
            }
            String name = g.containsKey("name") ? String.valueOf(g.get("name")) : "tests[" + i + "]";
            Duration interval =
                    g.containsKey("interval") ? duration(g.get("interval"), at + ".interval") : defaultInterval;
            List<InputSeries> series = new ArrayList<>();
            List<Object> rawSeries = list(g.get("input_series"), at + ".input_series");
            for (int j = 0; j < rawSeries.size(); j++) {
                series.add(series(rawSeries.get(j), at + ".input_series[" + j + "]"));
            }
            List<InputLogs> logs = new ArrayList<>();
            List<Object> rawLogs = list(g.get("input_logs"), at + ".input_logs");
            for (int j = 0; j < rawLogs.size(); j++) {
                logs.add(logs(rawLogs.get(j), at + ".input_logs[" + j + "]"));
            }
            List<AlertCheck> checks = new ArrayList<>();
            List<Object> rawChecks = list(g.get("alert_rule_test"), at + ".alert_rule_test");
            for (int j = 0; j < rawChecks.size(); j++) {
                checks.add(check(rawChecks.get(j), at + ".alert_rule_test[" + j + "]"));
            }
            tests.add(new TestGroup(name, interval, series, logs, checks));
        }
        return new RuleTestFile(path, ruleFiles, tests);
    }

    private static InputSeries series(Object raw, String at) throws InvalidTestFile {
        Map<String, Object> m = map(raw, at, Set.of("series", "values"));
        String text = string(m.get("series"), at + ".series");
        Selector s;
        try {
            s = SelectorParser.series(text);
        } catch (SelectorSyntaxException e) {
            throw new InvalidTestFile(at + ".series: '" + text + "': " + e.getMessage());
        }
        if (s.metric() == null) {
            throw new InvalidTestFile(at + ".series: '" + text + "': a series needs a metric name");
        }
        try {
            return new InputSeries(
                    s.metric(), Labels.of(s.labelMap()), SeriesNotation.parse(string(m.get("values"), at + ".values")));
        } catch (IllegalArgumentException e) {
            throw new InvalidTestFile(at + ".values: " + e.getMessage());
        }
    }

    private static InputLogs logs(Object raw, String at) throws InvalidTestFile {
        Map<String, Object> m = map(raw, at, Set.of("stream", "line", "counts"));
        String text = string(m.get("stream"), at + ".stream");
        Map<String, String> labels;
        try {
            labels = SelectorParser.streamLabels(text);
        } catch (SelectorSyntaxException e) {
            throw new InvalidTestFile(at + ".stream: '" + text + "': " + e.getMessage());
        }
        if (labels.isEmpty()) {
            throw new InvalidTestFile(at + ".stream: '" + text + "': a stream needs at least one label");
        }
        String line = string(m.get("line"), at + ".line");
        List<Double> counts;
        try {
            counts = SeriesNotation.parse(string(m.get("counts"), at + ".counts"));
        } catch (IllegalArgumentException e) {
            throw new InvalidTestFile(at + ".counts: " + e.getMessage());
        }
        for (Double c : counts) {
            if (c != null && (c < 0 || c != Math.rint(c))) {
                throw new InvalidTestFile(at + ".counts: " + c + " is not a number of lines");
            }
        }
        return new InputLogs(Labels.of(labels), line, counts);
    }

    private static AlertCheck check(Object raw, String at) throws InvalidTestFile {
        Map<String, Object> m = map(raw, at, Set.of("eval_time", "alertname", "exp_alerts"));
        Duration evalTime = duration(m.get("eval_time"), at + ".eval_time");
        String alertname = string(m.get("alertname"), at + ".alertname");
        List<ExpectedAlert> expected = new ArrayList<>();
        List<Object> rawExp = m.get("exp_alerts") == null ? List.of() : list(m.get("exp_alerts"), at + ".exp_alerts");
        for (int i = 0; i < rawExp.size(); i++) {
            String eat = at + ".exp_alerts[" + i + "]";
            Map<String, Object> e = map(rawExp.get(i), eat, Set.of("exp_labels", "exp_annotations"));
            Map<String, String> labels = strings(e.get("exp_labels"), eat + ".exp_labels");
            labels.put("alertname", alertname);
            Map<String, String> annotations = e.containsKey("exp_annotations")
                    ? strings(e.get("exp_annotations"), eat + ".exp_annotations")
                    : null;
            expected.add(new ExpectedAlert(Labels.of(labels), annotations));
        }
        return new AlertCheck(evalTime, alertname, expected);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o, String at, Set<String> allowed) throws InvalidTestFile {
        if (!(o instanceof Map<?, ?> m)) {
            throw new InvalidTestFile(at + ": expected a mapping");
        }
        for (Object k : m.keySet()) {
            if (!allowed.contains(String.valueOf(k))) {
                throw new InvalidTestFile(at + ": unknown field '" + k + "' (expected one of "
                        + allowed.stream().sorted().toList() + ")");
            }
        }
        return (Map<String, Object>) m;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o, String at) throws InvalidTestFile {
        if (o == null) {
            return List.of();
        }
        if (!(o instanceof List<?>)) {
            throw new InvalidTestFile(at + ": expected a list");
        }
        return (List<Object>) o;
    }

    private static String string(Object o, String at) throws InvalidTestFile {
        if (o == null || o instanceof Map || o instanceof List) {
            throw new InvalidTestFile(at + ": expected text");
        }
        return String.valueOf(o);
    }

    private static Map<String, String> strings(Object o, String at) throws InvalidTestFile {
        Map<String, String> out = new LinkedHashMap<>();
        if (o == null) {
            return out;
        }
        if (!(o instanceof Map<?, ?> m)) {
            throw new InvalidTestFile(at + ": expected a mapping");
        }
        m.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        return out;
    }

    private static Duration duration(Object o, String at) throws InvalidTestFile {
        String s = string(o, at);
        Duration d = Durations.parseOrNull(s);
        if (d == null) {
            throw new InvalidTestFile(at + ": '" + s + "' is not a duration (like 30s, 5m, 1h)");
        }
        return d;
    }
}
