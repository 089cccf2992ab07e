package io.tocsin.notifier.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed reads from a {@link YamlNode} tree that record a located problem instead of throwing, so
 * that one pass reports every mistake. A read that fails returns null; callers carry on.
 */
final class NodeReader {
    private final List<ConfigException.Problem> problems = new ArrayList<>();

    void problem(Mark mark, String message) {
        problems.add(new ConfigException.Problem(mark, message));
    }

    /** @throws ConfigException when anything was recorded */
    void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    YamlNode.Mapping mapping(YamlNode node, String what) {
        if (node instanceof YamlNode.Mapping m) {
            return m;
        }
        problem(node.mark(), what + " must be a mapping, found " + node.kind());
        return null;
    }

    List<YamlNode> list(YamlNode node, String what) {
        if (node instanceof YamlNode.Sequence s) {
            return s.items();
        }
        problem(node.mark(), what + " must be a list, found " + node.kind());
        return null;
    }

    /**
     * Reports keys that are not in {@code known}. Alertmanager keys we do not implement yet get
     * their own message, so that nobody thinks a silence-free config is silently ignored.
     */
    void onlyKnown(YamlNode.Mapping m, String where, Set<String> known, Map<String, String> notYet) {
        for (YamlNode.Entry e : m.entries().values()) {
            if (known.contains(e.key())) {
                continue;
            }
            String later = notYet.get(e.key());
            if (later != null) {
                problem(e.keyMark(), "'" + e.key() + "' in " + where + " is not supported yet (" + later + ")");
            } else {
                problem(e.keyMark(), "unknown field '" + e.key() + "' in " + where + " (known: "
                        + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
    }

    static YamlNode field(YamlNode.Mapping m, String name) {
        YamlNode.Entry e = m.entries().get(name);
        return e == null ? null : e.value();
    }

    /** A non-empty string; numbers are not strings here (quote them). */
    String string(YamlNode node, String what) {
        if (node instanceof YamlNode.Scalar s && s.type() == YamlNode.Scalar.Type.STRING) {
            if (s.text().isBlank()) {
                problem(node.mark(), what + " must not be empty");
                return null;
            }
            return s.text();
        }
        problem(node.mark(), what + " must be a string, found " + node.kind());
        return null;
    }

    Boolean bool(YamlNode node, String what) {
        if (node instanceof YamlNode.Scalar s && s.type() == YamlNode.Scalar.Type.BOOLEAN) {
            return Boolean.valueOf(s.text());
        }
        problem(node.mark(), what + " must be true or false, found " + node.kind());
        return null;
    }

    Duration duration(YamlNode node, String what) {
        // "0" arrives as a number; everything else as a string.
        if (node instanceof YamlNode.Scalar s && s.text() != null && s.type() != YamlNode.Scalar.Type.BOOLEAN) {
            try {
                return Durations.parse(s.text());
            } catch (IllegalArgumentException e) {
                problem(node.mark(), what + ": " + e.getMessage());
                return null;
            }
        }
        problem(node.mark(), what + " must be a duration like 30s or 4h, found " + node.kind());
        return null;
    }

    /** A list of non-empty strings; a bad item is reported and left out. */
    List<String> strings(YamlNode node, String what) {
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
}
