package io.tocsin.notifier.config;

import io.tocsin.core.config.ConfigReader;
import io.tocsin.core.config.YamlNode;
import io.tocsin.core.label.MatchOp;
import io.tocsin.core.label.Matcher;
import io.tocsin.core.label.SelectorParser;
import io.tocsin.core.label.SelectorSyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * Matchers as alertmanager.yml writes them: a list of matcher strings ({@code matchers:}) and the
 * older maps of equal and regex matches ({@code match:}, {@code match_re:}). Routes and inhibit
 * rules share it with their own field names.
 */
final class MatcherFields {
    private MatcherFields() {}

    static List<Matcher> read(
            ConfigReader reader,
            YamlNode.Mapping m,
            String where,
            String listField,
            String equalField,
            String regexField) {
        List<Matcher> out = new ArrayList<>();
        YamlNode list = m.get(listField);
        if (list != null) {
            List<YamlNode> items = reader.list(list, where + "." + listField);
            for (int i = 0; items != null && i < items.size(); i++) {
                String text = reader.string(items.get(i), where + "." + listField + "[" + i + "]");
                if (text != null) {
                    try {
                        out.addAll(SelectorParser.alertmanager(text));
                    } catch (SelectorSyntaxException e) {
                        YamlNode item = items.get(i);
                        reader.problem(
                                item instanceof YamlNode.Scalar s ? s.markAt(e.offset()) : item.mark(),
                                "matcher '" + text + "': " + e.getMessage());
                    }
                }
            }
        }
        legacy(reader, m, equalField, MatchOp.EQUAL, where, out);
        legacy(reader, m, regexField, MatchOp.REGEX, where, out);
        return out;
    }

    private static void legacy(
            ConfigReader reader, YamlNode.Mapping m, String field, MatchOp op, String where, List<Matcher> out) {
        YamlNode node = m.get(field);
        if (node == null) {
            return;
        }
        YamlNode.Mapping map = reader.mapping(node, where + "." + field);
        if (map == null) {
            return;
        }
        for (YamlNode.Entry e : map.entries().values()) {
            String value = e.value() instanceof YamlNode.Scalar s && s.text() != null ? s.text() : null;
            if (value == null) {
                reader.problem(e.value().mark(), where + "." + field + "." + e.key() + " must be a string");
                continue;
            }
            try {
                out.add(Matcher.of(e.key(), op, value));
            } catch (IllegalArgumentException ex) {
                reader.problem(e.keyMark(), where + "." + field + ": " + ex.getMessage());
            }
        }
    }
}
