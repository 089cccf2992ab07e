package io.tocsin.notifier.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as a tree that remembers where every node was written, so that every config
 * error can point at {@code file:line:col}. Jackson's JsonNode forgets locations, hence this.
 */
public sealed interface YamlNode {

    Mark mark();

    /** What this node is, for messages such as "expected a list, found a mapping". */
    String kind();

    /** A leaf; {@code text} is null only for {@link Type#NULL}. */
    record Scalar(String text, Type type, Mark mark) implements YamlNode {
        public enum Type { STRING, NUMBER, BOOLEAN, NULL }

        @Override
        public String kind() {
            return switch (type) {
                case STRING -> "a string";
                case NUMBER -> "a number";
                case BOOLEAN -> "a boolean";
                case NULL -> "nothing";
            };
        }
    }

    record Sequence(List<YamlNode> items, Mark mark) implements YamlNode {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String kind() {
            return "a list";
        }
    }

    /** A key and where the key itself was written (unknown-field errors point at the key). */
    record Entry(String key, Mark keyMark, YamlNode value) {}

    record Mapping(Map<String, Entry> entries, Mark mark) implements YamlNode {
        public Mapping {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        @Override
        public String kind() {
            return "a mapping";
        }
    }
}
