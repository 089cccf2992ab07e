package io.tocsin.core.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as a tree that remembers where every node was written, so that every config
 * error can point at {@code file:line:col}. Built by {@link YamlLoader}; read with {@link ConfigReader}.
 */
public sealed interface YamlNode {

    Mark mark();

    /** What this node is, for messages such as "must be a list, found a mapping". */
    String kind();

    /**
     * A leaf. {@code text} is null only for {@link Type#NULL}. The type is YAML's implicit typing of
     * a plain scalar ({@code 30} is a number, {@code "30"} a string), which is what lets a reader
     * tell a quoted value from a bare one.
     *
     * @param valueColumn the column of the value's first character (after an opening quote)
     */
    record Scalar(String text, Type type, Mark mark, int valueColumn) implements YamlNode {
        public enum Type {
            STRING,
            NUMBER,
            BOOLEAN,
            NULL
        }

        /** Where the character at {@code offset} of the value was written, when the value is on one line. */
        public Mark markAt(int offset) {
            return new Mark(mark.source(), mark.line(), valueColumn + offset);
        }

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

        /** The value of a field, or null when it is absent. */
        public YamlNode get(String key) {
            Entry e = entries.get(key);
            return e == null ? null : e.value();
        }

        public boolean has(String key) {
            return entries.containsKey(key);
        }

        @Override
        public String kind() {
            return "a mapping";
        }
    }
}
