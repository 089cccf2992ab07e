package io.tocsin.core.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads one YAML document into a {@link YamlNode} tree, safely: the file's size, the nodes it
 * expands to (aliases included), its nesting and its aliases are bounded, so a hostile or mistaken
 * file is one {@code file:line:col: reason} problem, never a stack trace or hundreds of MB of heap.
 */
public final class YamlLoader {
    /** The largest config file read; a rule directory may hold many of them. */
    public static final int MAX_BYTES = 4 * 1024 * 1024;
    /** Nodes after alias expansion: a thousand rules take about twenty thousand. */
    public static final int MAX_NODES = 200_000;

    public static final int MAX_DEPTH = 64;
    public static final int MAX_ALIASES = 100;

    /** True for the node of an empty document (nothing but comments). */
    public static boolean isEmpty(YamlNode root) {
        return root instanceof YamlNode.Scalar s
                && s.type() == YamlNode.Scalar.Type.NULL
                && s.mark().line() == 1
                && s.mark().column() == 1;
    }

    private final String source;
    private int nodes;

    private YamlLoader(String source) {
        this.source = source;
    }

    /**
     * The document in {@code file}, shown in problems as {@code source}. An empty document is a
     * null scalar at 1:1, so "must be a mapping, found nothing" points at the file.
     *
     * @throws ConfigException when it cannot be read or is not acceptable YAML
     */
    public static YamlNode load(Path file, String source) {
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw tooBig(source, size);
            }
            return parse(Files.readString(file, StandardCharsets.UTF_8), source);
        } catch (CharacterCodingException e) {
            throw new ConfigException(new Problem(Mark.start(source), "the file is not valid UTF-8"));
        } catch (IOException e) {
            throw new ConfigException(new Problem(Mark.start(source), "cannot read: " + e.getMessage()));
        }
    }

    /** Like {@link #load(Path, String)}, from text. */
    public static YamlNode parse(String yaml, String source) {
        if (yaml.length() > MAX_BYTES) {
            throw tooBig(source, yaml.length());
        }
        Node root;
        try {
            root = new Yaml(options()).compose(new StringReader(yaml));
        } catch (MarkedYAMLException e) {
            var at = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            Mark mark = at == null ? Mark.start(source) : new Mark(source, at.getLine() + 1, at.getColumn() + 1);
            throw new ConfigException(new Problem(mark, "invalid YAML: " + firstLine(e.getProblem())));
        } catch (YAMLException e) {
            throw new ConfigException(new Problem(Mark.start(source), "invalid YAML: " + firstLine(e.getMessage())));
        }
        return root == null
                ? new YamlNode.Scalar(null, YamlNode.Scalar.Type.NULL, Mark.start(source), 1)
                : new YamlLoader(source).convert(root, 0);
    }

    private static LoaderOptions options() {
        LoaderOptions o = new LoaderOptions();
        o.setMaxAliasesForCollections(MAX_ALIASES);
        o.setAllowRecursiveKeys(false);
        o.setNestingDepthLimit(MAX_DEPTH);
        o.setCodePointLimit(MAX_BYTES);
        return o;
    }

    private YamlNode convert(Node node, int depth) {
        Mark mark = mark(node);
        // SnakeYAML keeps an alias as a second reference to one node; expanding it here is where a
        // "billion laughs" document would grow, so the bound is on nodes built, not nodes read.
        if (++nodes > MAX_NODES) {
            throw new ConfigException(new Problem(
                    mark, "the document expands to more than " + MAX_NODES + " nodes (aliases of aliases?)"));
        }
        if (depth > MAX_DEPTH) {
            throw new ConfigException(
                    new Problem(mark, "nesting deeper than " + MAX_DEPTH + " levels (a recursive alias?)"));
        }
        if (node instanceof ScalarNode s) {
            return scalar(s, mark);
        }
        if (node instanceof SequenceNode s) {
            List<YamlNode> items = new ArrayList<>(s.getValue().size());
            for (Node item : s.getValue()) {
                items.add(convert(item, depth + 1));
            }
            return new YamlNode.Sequence(items, mark);
        }
        MappingNode m = (MappingNode) node;
        Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        for (NodeTuple t : m.getValue()) {
            Mark keyMark = mark(t.getKeyNode());
            if (!(t.getKeyNode() instanceof ScalarNode key)) {
                problems.add(new Problem(keyMark, "a key must be a plain string, not a list or mapping"));
                continue;
            }
            YamlNode value = convert(t.getValueNode(), depth + 1);
            // YAML says keys are unique, but parsers keep the last one silently: a classic way to
            // lose half a route. Refuse instead.
            if (entries.putIfAbsent(key.getValue(), new YamlNode.Entry(key.getValue(), keyMark, value)) != null) {
                problems.add(new Problem(keyMark, "duplicate key '" + key.getValue() + "'"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new YamlNode.Mapping(entries, mark);
    }

    private static YamlNode.Scalar scalar(ScalarNode s, Mark mark) {
        Tag tag = s.getTag();
        String text = s.getValue();
        YamlNode.Scalar.Type type;
        if (tag.equals(Tag.NULL)) {
            type = YamlNode.Scalar.Type.NULL;
            text = null;
        } else if (tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) {
            type = YamlNode.Scalar.Type.NUMBER;
        } else if (tag.equals(Tag.BOOL) && isTrueOrFalse(text)) {
            // YAML 1.2 (and Prometheus' YAML library): only true and false are booleans; yes/no/on/off
            // stay strings, so `severity: on` is the label value "on", not "true".
            type = YamlNode.Scalar.Type.BOOLEAN;
            text = text.toLowerCase(Locale.ROOT);
        } else {
            type = YamlNode.Scalar.Type.STRING;
        }
        int valueColumn = mark.column()
                + switch (s.getScalarStyle()) {
                    case SINGLE_QUOTED, DOUBLE_QUOTED -> 1;
                    default -> 0;
                };
        return new YamlNode.Scalar(text, type, mark, valueColumn);
    }

    private static boolean isTrueOrFalse(String text) {
        return text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false");
    }

    private Mark mark(Node node) {
        return new Mark(
                source, node.getStartMark().getLine() + 1, node.getStartMark().getColumn() + 1);
    }

    private static ConfigException tooBig(String source, long size) {
        return new ConfigException(new Problem(
                Mark.start(source),
                "the file is " + size + " bytes, more than the " + MAX_BYTES + " a config file may hold"));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "parse error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
