package io.tocsin.rules.api;

import io.tocsin.core.config.ConfigException;
import io.tocsin.core.config.Mark;
import io.tocsin.core.config.YamlLoader;
import io.tocsin.core.config.YamlNode;
import io.tocsin.rules.parse.RuleFiles;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each rule of a directory is written ({@code file:line}), by rule id. Read from the YAML
 * trees alone, beside the parser, so that the rule model stays free of source positions; read
 * again only when the rule set changes.
 */
public final class RuleSources {
    private RuleSources() {}

    /** @return rule id ({@code group/alert}) to the mark of its {@code - alert:} item */
    public static Map<String, Mark> scan(Path dir) {
        Map<String, Mark> out = new HashMap<>();
        for (RuleFiles.Found file : RuleFiles.discover(List.of(dir)).files()) {
            try {
                collect(YamlLoader.load(file.path(), file.display()), out);
            } catch (ConfigException e) {
                // the loader rejected this file too: the rules running came from an earlier version
            }
        }
        return out;
    }

    static void collect(YamlNode root, Map<String, Mark> out) {
        if (!(root instanceof YamlNode.Mapping top) || !(top.get("groups") instanceof YamlNode.Sequence groups)) {
            return;
        }
        for (YamlNode g : groups.items()) {
            if (g instanceof YamlNode.Mapping group
                    && group.get("name") instanceof YamlNode.Scalar name
                    && group.get("rules") instanceof YamlNode.Sequence rules) {
                for (YamlNode r : rules.items()) {
                    if (r instanceof YamlNode.Mapping rule && rule.get("alert") instanceof YamlNode.Scalar alert) {
                        out.putIfAbsent(name.text() + "/" + alert.text(), rule.mark());
                    }
                }
            }
        }
    }
}
