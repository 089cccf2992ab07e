package io.tocsin.core.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A loaded document as plain Java values (maps, lists, strings, numbers, booleans, null), for
 * readers that walk data rather than config, such as rule test files and Prometheus rule files
 * being imported. Loading still goes through {@link YamlLoader}, with its bounds.
 */
public final class PlainYaml {
    private PlainYaml() {}

    /** {@code Map<String, Object>}, {@code List<Object>}, {@code String}, {@code Long}, {@code Double}, {@code Boolean} or null. */
    public static Object of(YamlNode node) {
        if (node instanceof YamlNode.Mapping m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.entries().forEach((k, e) -> out.put(k, of(e.value())));
            return out;
        }
        if (node instanceof YamlNode.Sequence s) {
            List<Object> out = new ArrayList<>(s.items().size());
            s.items().forEach(item -> out.add(of(item)));
            return out;
        }
        YamlNode.Scalar s = (YamlNode.Scalar) node;
        return switch (s.type()) {
            case NULL -> null;
            case BOOLEAN -> Boolean.valueOf(s.text());
            case STRING -> s.text();
            case NUMBER -> number(s.text());
        };
    }

    private static Object number(String text) {
        try {
            return Long.decode(text.replace("_", ""));
        } catch (NumberFormatException e) {
            try {
                return Double.valueOf(text.replace("_", ""));
            } catch (NumberFormatException e2) {
                return text; // .inf, .nan and other YAML spellings stay as written
            }
        }
    }
}
