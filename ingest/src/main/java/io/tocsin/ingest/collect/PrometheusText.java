package io.tocsin.ingest.collect;

import io.tocsin.core.wire.Labels;
import io.tocsin.core.wire.Sample;
import io.tocsin.core.wire.SampleKind;
import io.tocsin.ingest.samples.SeriesRules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Parses the Prometheus text exposition format (0.0.4) into samples, all or nothing: a line that
 * cannot be read refuses the scrape with its line number. {@code # TYPE} decides the kind
 * (counter; histogram _bucket; summary quantile; _sum and _count of both are counters); the
 * target's labels (job, instance, ...) win over exposed ones of the same name, which are kept as
 * {@code exported_<name>}, as Prometheus does with honor_labels: false. NaN and ±Inf values are skipped, as remote-write does. Pure.
 */
public final class PrometheusText {
    private PrometheusText() {}

    /** A line that is not the exposition format. */
    public static final class BadLine extends Exception {
        BadLine(int line, String problem) {
            super("line " + line + ": " + problem, null, false, false);
        }
    }

    public static List<Sample> parse(String text, Labels target, long nowMs) throws BadLine {
        Map<String, String> types = new HashMap<>();
        List<Sample> out = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                String[] parts = line.split("\\s+", 4);
                if (parts.length >= 4 && parts[1].equals("TYPE")) {
                    types.put(parts[2], parts[3].strip());
                }
                continue;
            }
            Sample s = sample(line, i + 1, types, target, nowMs);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    private static Sample sample(String line, int n, Map<String, String> types, Labels target, long nowMs)
            throws BadLine {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && !Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        String name = line.substring(0, i);
        String problem = SeriesRules.metricNameProblem(name);
        if (problem != null) {
            throw new BadLine(n, problem);
        }
        TreeMap<String, String> labels = new TreeMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i = labels(line, i + 1, n, labels);
        }
        for (Map.Entry<String, String> t : target.map().entrySet()) {
            String exposed = labels.put(t.getKey(), t.getValue());
            if (exposed != null && !exposed.equals(t.getValue())) {
                labels.put("exported_" + t.getKey(), exposed);
            }
        }
        String[] rest = line.substring(i).strip().split("\\s+");
        if (rest.length < 1 || rest[0].isEmpty() || rest.length > 2) {
            throw new BadLine(n, "expected a value and an optional timestamp after " + name);
        }
        double value;
        long ts = nowMs;
        try {
            value = switch (rest[0]) {
                case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                case "NaN" -> Double.NaN;
                default -> Double.parseDouble(rest[0]);
            };
            if (rest.length == 2) {
                ts = Long.parseLong(rest[1]);
            }
        } catch (NumberFormatException e) {
            throw new BadLine(n, "not a number: " + SeriesRules.quote(String.join(" ", rest)));
        }
        if (!Double.isFinite(value)) {
            return null;
        }
        Labels l = Labels.of(labels);
        return new Sample(name, l, value, ts, kind(name, l, types));
    }

    private static int labels(String line, int i, int n, TreeMap<String, String> labels) throws BadLine {
        while (true) {
            while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == ',')) {
                i++;
            }
            if (i >= line.length()) {
                throw new BadLine(n, "unclosed {");
            }
            if (line.charAt(i) == '}') {
                return i + 1;
            }
            int eq = line.indexOf('=', i);
            if (eq < 0) {
                throw new BadLine(n, "expected name=\"value\"");
            }
            String name = line.substring(i, eq).strip();
            String problem = SeriesRules.labelNameProblem(name);
            if (problem != null) {
                throw new BadLine(n, "label " + SeriesRules.quote(name) + ": " + problem);
            }
            i = eq + 1;
            if (i >= line.length() || line.charAt(i) != '"') {
                throw new BadLine(n, "label " + name + ": value must be quoted");
            }
            StringBuilder v = new StringBuilder();
            i++;
            while (true) {
                if (i >= line.length()) {
                    throw new BadLine(n, "label " + name + ": unclosed quote");
                }
                char c = line.charAt(i++);
                if (c == '"') {
                    break;
                }
                if (c == '\\' && i < line.length()) {
                    char e = line.charAt(i++);
                    v.append(e == 'n' ? '\n' : e);
                } else {
                    v.append(c);
                }
            }
            if (!v.isEmpty()) {
                labels.put(name, v.toString());
            }
        }
    }

    private static SampleKind kind(String name, Labels labels, Map<String, String> types) {
        String type = types.get(name);
        if (type == null) {
            for (String suffix : new String[] {"_bucket", "_sum", "_count", "_total", "_created"}) {
                if (name.endsWith(suffix)) {
                    type = types.get(name.substring(0, name.length() - suffix.length()));
                    if (type != null) {
                        break;
                    }
                }
            }
        }
        if (type == null) {
            return SampleKind.UNTYPED;
        }
        return switch (type) {
            case "counter" -> SampleKind.COUNTER;
            case "gauge" -> SampleKind.GAUGE;
            case "histogram" -> name.endsWith("_bucket") ? SampleKind.HISTOGRAM_BUCKET : SampleKind.COUNTER;
            case "summary" -> labels.get("quantile") != null ? SampleKind.SUMMARY_QUANTILE : SampleKind.COUNTER;
            default -> SampleKind.UNTYPED;
        };
    }
}
