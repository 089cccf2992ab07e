package io.tocsin.rules.parse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A YAML node that remembers where it was written, so every complaint about it can say
 * file:line:col. Problems are collected, not thrown: a check reports all of them at once.
 */
final class YamlNode {
    private final Node node;
    private final String file;
    private final Problems problems;

    YamlNode(Node node, String file, Problems problems) {
        this.node = node;
        this.file = file;
        this.problems = problems;
    }

    void error(String message) {
        problems.add(new RuleError(file, node.getStartMark().getLine() + 1, node.getStartMark().getColumn() + 1, message));
    }

    RuleError errorAt(int columnOffset, String message) {
        return new RuleError(file, node.getStartMark().getLine() + 1, node.getStartMark().getColumn() + 1 + columnOffset, message);
    }

    /** The fields of a mapping, in order; reports fields outside {@code allowed}. */
    Map<String, YamlNode> fields(String what, Set<String> allowed) {
        Map<String, YamlNode> out = new LinkedHashMap<>();
        if (!(node instanceof MappingNode m)) {
            error(what + " must be a mapping");
            return out;
        }
        for (NodeTuple t : m.getValue()) {
            YamlNode key = new YamlNode(t.getKeyNode(), file, problems);
            String name = key.scalar();
            if (name == null) {
                key.error("keys of " + what + " must be plain strings");
                continue;
            }
            if (!allowed.contains(name)) {
                key.error("unknown field '" + name + "' in " + what + " (expected one of " + String.join(", ", allowed) + ")");
                continue;
            }
            if (out.containsKey(name)) {
                key.error("field '" + name + "' is given twice");
                continue;
            }
            out.put(name, new YamlNode(t.getValueNode(), file, problems));
        }
        return out;
    }

    List<YamlNode> list(String what) {
        List<YamlNode> out = new ArrayList<>();
        if (!(node instanceof SequenceNode s)) {
            error(what + " must be a list");
            return out;
        }
        for (Node n : s.getValue()) {
            out.add(new YamlNode(n, file, problems));
        }
        return out;
    }

    /** A string-to-string mapping such as labels or annotations. */
    Map<String, String> stringMap(String what) {
        Map<String, String> out = new LinkedHashMap<>();
        stringEntries(what).forEach((k, v) -> out.put(k, v.scalar()));
        return out;
    }

    /** Like {@link #stringMap} but keeps each value's node, to point at it in errors. */
    Map<String, YamlNode> stringEntries(String what) {
        Map<String, YamlNode> out = new LinkedHashMap<>();
        if (!(node instanceof MappingNode m)) {
            error(what + " must be a mapping of names to strings");
            return out;
        }
        for (NodeTuple t : m.getValue()) {
            YamlNode key = new YamlNode(t.getKeyNode(), file, problems);
            YamlNode value = new YamlNode(t.getValueNode(), file, problems);
            String k = key.scalar();
            String v = value.scalar();
            if (k == null || v == null) {
                value.error(what + " entries must be name: string");
                continue;
            }
            out.put(k, value);
        }
        return out;
    }

    /** The text of a scalar, or null (no error reported) if this is not one. */
    String scalar() {
        return node instanceof ScalarNode s ? s.getValue() : null;
    }

    String string(String what) {
        String s = scalar();
        if (s == null) {
            error(what + " must be a string");
        } else if (s.isBlank()) {
            error(what + " must not be empty");
            return null;
        }
        return s;
    }

    /** Column offset from the node start to the first character of the scalar's value. */
    int valueColumnOffset() {
        if (node instanceof ScalarNode s && s.getScalarStyle() != null) {
            return switch (s.getScalarStyle()) {
                case SINGLE_QUOTED, DOUBLE_QUOTED -> 1;
                default -> 0;
            };
        }
        return 0;
    }

    Problems problems() {
        return problems;
    }
}
