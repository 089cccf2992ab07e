package io.tocsin.core.config;

import io.tocsin.core.label.LabelNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed reads from a {@link YamlNode} tree that record a located {@link Problem} instead of
 * throwing, so one pass reports every mistake. A read that fails returns null; callers carry on
 * and call {@link #throwIfAny()} (or read {@link #problems()}) at the end. Every config file of
 * every service reads through this class, so the same mistake gets the same message everywhere.
 */
public final class ConfigReader {
    private final List<Problem> problems = new ArrayList<>();

    public void problem(Mark mark, String message) {
        problems.add(new Problem(mark, message));
    }

    public void addAll(List<Problem> more) {
        problems.addAll(more);
    }

    public List<Problem> problems() {
        return List.copyOf(problems);
    }

    public boolean hasProblems() {
        return !problems.isEmpty();
    }

    /** @throws ConfigException when anything was recorded */
    public void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    public YamlNode.Mapping mapping(YamlNode node, String what) {
        if (node instanceof YamlNode.Mapping m) {
            return m;
        }
        problem(node.mark(), what + " must be a mapping, found " + node.kind());
        return null;
    }

    public List<YamlNode> list(YamlNode node, String what) {
        if (node instanceof YamlNode.Sequence s) {
            return s.items();
        }
        problem(node.mark(), what + " must be a list, found " + node.kind());
        return null;
    }

    /** Reports every key of {@code m} that is not in {@code known}. */
    public void onlyKnown(YamlNode.Mapping m, String where, Set<String> known) {
        onlyKnown(m, where, known, Map.of());
    }

    /**
     * Reports keys that are not in {@code known}. Keys we know of but do not implement get their own
     * message ({@code notYet}: key to why), so nobody thinks a setting is silently honoured.
     */
    public void onlyKnown(YamlNode.Mapping m, String where, Set<String> known, Map<String, String> notYet) {
        for (YamlNode.Entry e : m.entries().values()) {
            if (known.contains(e.key())) {
                continue;
            }
            String later = notYet.get(e.key());
            if (later != null) {
                problem(e.keyMark(), "'" + e.key() + "' in " + where + " is not supported yet (" + later + ")");
            } else {
                problem(
                        e.keyMark(),
                        "unknown field '" + e.key() + "' in " + where + " (known: "
                                + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
    }

    /** Reports each of {@code names} that {@code m} lacks; true when all are there. */
    public boolean requireAll(YamlNode.Mapping m, String where, String... names) {
        boolean all = true;
        for (String name : names) {
            if (!m.has(name)) {
                problem(m.mark(), where + " needs '" + name + "'");
                all = false;
            }
        }
        return all;
    }

    /**
     * A non-empty string. A bare number or boolean is taken as written ({@code priority: 1} is
     * "1"), as Prometheus and Alertmanager take it.
     */
    public String string(YamlNode node, String what) {
        String text = text(node, what);
        if (text != null && text.isBlank()) {
            problem(node.mark(), what + " must not be empty");
            return null;
        }
        return text;
    }

    /** A string that may be empty. */
    public String text(YamlNode node, String what) {
        if (node instanceof YamlNode.Scalar s && s.type() != YamlNode.Scalar.Type.NULL) {
            return s.text();
        }
        problem(node.mark(), what + " must be a string, found " + node.kind());
        return null;
    }

    public Boolean bool(YamlNode node, String what) {
        if (node instanceof YamlNode.Scalar s && s.type() == YamlNode.Scalar.Type.BOOLEAN) {
            return Boolean.valueOf(s.text());
        }
        problem(node.mark(), what + " must be true or false, found " + node.kind());
        return null;
    }

    /** A duration in Prometheus' grammar ({@link Durations}). */
    public Duration duration(YamlNode node, String what) {
        if (node instanceof YamlNode.Scalar s
                && (s.type() == YamlNode.Scalar.Type.STRING || s.type() == YamlNode.Scalar.Type.NUMBER)) {
            try {
                return Durations.parse(s.text());
            } catch (IllegalArgumentException e) {
                problem(node.mark(), what + ": " + e.getMessage());
                return null;
            }
        }
        problem(node.mark(), what + " must be a duration like 30s, 5m or 1h30m, found " + node.kind());
        return null;
    }

    /** A whole number of at least {@code min}. */
    public Integer integer(YamlNode node, String what, int min) {
        if (node instanceof YamlNode.Scalar s && s.type() == YamlNode.Scalar.Type.NUMBER) {
            try {
                int v = Integer.parseInt(s.text());
                if (v >= min) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        problem(node.mark(), what + " must be a whole number, " + min + " or more, found " + describe(node));
        return null;
    }

    /** A finite number greater than zero. */
    public Double positiveNumber(YamlNode node, String what) {
        if (node instanceof YamlNode.Scalar s && s.type() == YamlNode.Scalar.Type.NUMBER) {
            try {
                double v = Double.parseDouble(s.text());
                if (v > 0 && Double.isFinite(v)) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        problem(node.mark(), what + " must be a positive number, found " + describe(node));
        return null;
    }

    /** A list of non-empty strings; a bad item is reported and left out. */
    public List<String> strings(YamlNode node, String what) {
        List<YamlNode> items = list(node, what);
        if (items == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (YamlNode item : items) {
            String s = string(item, "each item of " + what);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * A list of label names (group_by, by, equal); each invalid one is reported where it is written
     * with core's label-name rule, and left out.
     */
    public List<String> labelNames(YamlNode node, String what) {
        List<YamlNode> items = list(node, what);
        if (items == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (YamlNode item : items) {
            String name = string(item, "each item of " + what);
            if (name == null) {
                continue;
            }
            if (!LabelNames.isLabelName(name)) {
                problem(item.mark(), what + ": " + LabelNames.invalidLabelName(name));
            } else {
                out.add(name);
            }
        }
        return out;
    }

    /**
     * Labels to set (a rule's or a target's {@code labels:}): names by core's rule for labels a
     * user writes (no {@code __} prefix), each bad name reported at its key; values may be empty.
     */
    public Map<String, String> labelMap(YamlNode node, String what) {
        Map<String, String> out = stringMap(node, what);
        if (node instanceof YamlNode.Mapping m) {
            for (YamlNode.Entry e : m.entries().values()) {
                String bad = LabelNames.namedUserLabelNameProblem(e.key());
                if (bad != null) {
                    problem(e.keyMark(), what + ": " + bad);
                    out.remove(e.key());
                }
            }
        }
        return out;
    }

    /** A mapping of names to strings (labels, annotations, headers), in order; values may be empty. */
    public Map<String, String> stringMap(YamlNode node, String what) {
        Map<String, String> out = new LinkedHashMap<>();
        YamlNode.Mapping m = mapping(node, what);
        if (m == null) {
            return out;
        }
        for (YamlNode.Entry e : m.entries().values()) {
            String v = text(e.value(), what + " '" + e.key() + "'");
            if (v != null) {
                out.put(e.key(), v);
            }
        }
        return out;
    }

    private static String describe(YamlNode node) {
        return node instanceof YamlNode.Scalar s && s.text() != null ? "'" + s.text() + "'" : node.kind();
    }
}
