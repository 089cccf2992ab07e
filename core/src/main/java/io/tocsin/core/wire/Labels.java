package io.tocsin.core.wire;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An immutable label set, always sorted by name so that equal sets serialize, hash and
 * partition identically everywhere. A class rather than a record only to keep its hash: label
 * sets key every map of the rules stages, and walking the map for each lookup was a tenth of
 * the stream thread's time.
 */
public final class Labels {

    public static final Labels EMPTY = new Labels(new TreeMap<>());

    private final SortedMap<String, String> map;
    private int hash; // 0: not computed yet (an empty set's hash is 0 and is simply recomputed)
    /** Set by {@link Fingerprint#of} when first asked; a String, so a racing reader sees it whole or null. */
    String fingerprint;

    public Labels(SortedMap<String, String> map) {
        this.map = Collections.unmodifiableSortedMap(new TreeMap<>(map));
    }

    @JsonCreator
    public static Labels of(Map<String, String> labels) {
        return labels == null || labels.isEmpty() ? EMPTY : new Labels(new TreeMap<>(labels));
    }

    public static Labels of(String... nameValuePairs) {
        if (nameValuePairs.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in name/value pairs");
        }
        TreeMap<String, String> m = new TreeMap<>();
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            m.put(nameValuePairs[i], nameValuePairs[i + 1]);
        }
        return new Labels(m);
    }

    @JsonValue
    public SortedMap<String, String> map() {
        return map;
    }

    public String get(String name) {
        return map.get(name);
    }

    public int size() {
        return map.size();
    }

    public boolean isEmpty() {
        return map.isEmpty();
    }

    /** The subset of these labels whose names are listed; names absent here are left out. */
    public Labels only(Collection<String> names) {
        TreeMap<String, String> m = new TreeMap<>();
        for (String name : names) {
            String v = map.get(name);
            if (v != null) {
                m.put(name, v);
            }
        }
        return new Labels(m);
    }

    /** These labels with {@code other}'s laid over them. */
    public Labels with(Labels other) {
        TreeMap<String, String> m = new TreeMap<>(map);
        m.putAll(other.map);
        return new Labels(m);
    }

    public Labels with(String name, String value) {
        TreeMap<String, String> m = new TreeMap<>(map);
        m.put(name, value);
        return new Labels(m);
    }

    /**
     * Both maps are sorted by name, so equal sets list the same entries in the same order: one
     * walk compares them, where a map's equals looks up every name in the other. Label sets are
     * compared at every lookup of the rules stages' state.
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Labels other) || map.size() != other.map.size()) {
            return false;
        }
        java.util.Iterator<Map.Entry<String, String>> theirs =
                other.map.entrySet().iterator();
        for (Map.Entry<String, String> mine : map.entrySet()) {
            Map.Entry<String, String> their = theirs.next();
            if (!mine.getKey().equals(their.getKey()) || !mine.getValue().equals(their.getValue())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = map.hashCode();
            hash = h;
        }
        return h;
    }

    /** Prometheus notation: {@code {a="1", b="2"}}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        map.forEach((k, v) -> {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append(k)
                    .append("=\"")
                    .append(v.replace("\\", "\\\\").replace("\"", "\\\""))
                    .append('"');
        });
        return sb.append('}').toString();
    }
}
