package io.tocsin.ingest.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A YAML node that remembers where it was written: every complaint about it is a
 * {@link ConfigError} with file:line:col. Unknown fields are errors, since a misspelt limit that
 * silently does nothing is worse than a refusal to start.
 */
public final class YamlNode {
    private final Node node;
    private final String file;

    private YamlNode(Node node, String file) {
        this.node = node;
        this.file = file;
    }

    public static YamlNode load(Path path) {
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return parse(reader, path.toString());
        } catch (IOException e) {
            throw new ConfigError(path.toString(), 1, 1, "cannot read: " + e.getMessage());
        }
    }

    public static YamlNode parse(Reader reader, String file) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        try {
            Node root = new Yaml(options).compose(reader);
            if (root == null) {
                throw new ConfigError(file, 1, 1, "the file is empty");
            }
            return new YamlNode(root, file);
        } catch (MarkedYAMLException e) {
            var mark = e.getProblemMark();
            throw new ConfigError(file, mark.getLine() + 1, mark.getColumn() + 1, e.getProblem());
        }
    }

    public ConfigError error(String problem) {
        return new ConfigError(file, node.getStartMark().getLine() + 1, node.getStartMark().getColumn() + 1, problem);
    }

    /** The fields of a mapping in order, refusing names outside {@code allowed} and missing {@code required} ones. */
    public Map<String, YamlNode> fields(String what, Set<String> allowed, Set<String> required) {
        if (!(node instanceof MappingNode m)) {
            throw error(what + " must be a mapping");
        }
        Map<String, YamlNode> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            YamlNode key = new YamlNode(t.getKeyNode(), file);
            String name = key.string(what + " key");
            if (!allowed.contains(name)) {
                throw key.error("unknown field '" + name + "' in " + what + " (expected one of "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
            out.put(name, new YamlNode(t.getValueNode(), file));
        }
        for (String r : required) {
            if (!out.containsKey(r)) {
                throw error(what + " needs '" + r + "'");
            }
        }
        return out;
    }

    /** A mapping of free-form keys (label names, say) to nodes. */
    public Map<String, YamlNode> entries(String what) {
        if (!(node instanceof MappingNode m)) {
            throw error(what + " must be a mapping");
        }
        Map<String, YamlNode> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            out.put(new YamlNode(t.getKeyNode(), file).string(what + " key"), new YamlNode(t.getValueNode(), file));
        }
        return out;
    }

    public List<YamlNode> list(String what) {
        if (!(node instanceof SequenceNode s)) {
            throw error(what + " must be a list");
        }
        List<YamlNode> out = new ArrayList<>();
        for (Node n : s.getValue()) {
            out.add(new YamlNode(n, file));
        }
        return out;
    }

    public String string(String what) {
        if (!(node instanceof ScalarNode s)) {
            throw error(what + " must be a string");
        }
        return s.getValue();
    }

    public double positiveNumber(String what) {
        String text = string(what);
        try {
            double v = Double.parseDouble(text);
            if (v > 0 && Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw error(what + " must be a positive number, not '" + text + "'");
    }

    public int positiveInt(String what) {
        String text = string(what);
        try {
            int v = Integer.parseInt(text);
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw error(what + " must be a positive whole number, not '" + text + "'");
    }

    public int nonNegativeInt(String what) {
        String text = string(what);
        try {
            int v = Integer.parseInt(text);
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw error(what + " must be a whole number, 0 or more, not '" + text + "'");
    }

    public String file() {
        return file;
    }
}
