package io.tocsin.notifier.template;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Alertmanager's {@code template.KV}: a label or annotation set. Ranging over it, as over any Go
 * map, goes in key order; its methods come first, then its keys ({@code .CommonLabels.alertname}),
 * and a missing key is the empty string.
 */
public final class KV extends AbstractMap<String, String> implements GoObject {
    private final TreeMap<String, String> map;

    public KV(Map<String, String> entries) {
        this.map = new TreeMap<>(entries);
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return Collections.unmodifiableSet(map.entrySet());
    }

    @Override
    public String get(Object key) {
        return map.get(key);
    }

    /** The pairs sorted by name (Alertmanager: SortedPairs, by key). */
    public Pairs sortedPairs() {
        List<Pair> pairs = new ArrayList<>();
        map.forEach((k, v) -> pairs.add(new Pair(k, v)));
        return new Pairs(pairs);
    }

    /** A copy without the given keys. */
    public KV remove(List<?> keys) {
        TreeMap<String, String> copy = new TreeMap<>(map);
        keys.forEach(copy::remove);
        return new KV(copy);
    }

    @Override
    public Object field(String name, List<Object> args) {
        switch (name) {
            case "SortedPairs":
                return sortedPairs();
            case "Names":
                return sortedPairs().names();
            case "Values":
                return sortedPairs().values();
            case "Remove":
                if (args.size() != 1 || !(args.get(0) instanceof List<?> keys)) {
                    throw new TemplateException("wrong arguments for KV.Remove: want one []string");
                }
                return remove(keys);
            default:
                if (!args.isEmpty()) {
                    throw new TemplateException(name + " is not a method but has arguments");
                }
                String v = map.get(name);
                return v == null ? "" : v;
        }
    }

    @Override
    public String typeName() {
        return "template.KV";
    }

    /** A label name and value. */
    public record Pair(String name, String value) implements GoObject {
        @Override
        public Object field(String f, List<Object> args) {
            return switch (f) {
                case "Name" -> name;
                case "Value" -> value;
                default -> NO_SUCH_FIELD;
            };
        }

        @Override
        public String typeName() {
            return "template.Pair";
        }
    }

    /** Sorted pairs, with their names and values as lists. */
    public static final class Pairs extends java.util.AbstractList<Pair> implements GoObject {
        private final List<Pair> pairs;

        Pairs(List<Pair> pairs) {
            this.pairs = List.copyOf(pairs);
        }

        @Override
        public Pair get(int i) {
            return pairs.get(i);
        }

        @Override
        public int size() {
            return pairs.size();
        }

        public List<String> names() {
            return pairs.stream().map(Pair::name).toList();
        }

        public List<String> values() {
            return pairs.stream().map(Pair::value).toList();
        }

        @Override
        public Object field(String name, List<Object> args) {
            return switch (name) {
                case "Names" -> names();
                case "Values" -> values();
                default -> NO_SUCH_FIELD;
            };
        }

        @Override
        public String typeName() {
            return "template.Pairs";
        }
    }
}
