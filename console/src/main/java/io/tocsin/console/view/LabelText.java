package io.tocsin.console.view;

import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/** Label sets written as matchers, the way an operator types them back into a filter or a silence. */
public final class LabelText {
    private LabelText() {}

    /** {@code {alertname="X", instance="db1"}}, names sorted, values quoted and escaped. */
    public static String selector(Map<String, String> labels) {
        StringJoiner j = new StringJoiner(", ", "{", "}");
        new TreeMap<>(labels).forEach((k, v) -> j.add(k + "=" + quote(v)));
        return j.toString();
    }

    /** One {@code name="value"} per label, comma separated, as the silence form takes them. */
    public static String matchers(Map<String, String> labels) {
        StringJoiner j = new StringJoiner(", ");
        new TreeMap<>(labels).forEach((k, v) -> j.add(k + "=" + quote(v)));
        return j.toString();
    }

    static String quote(String v) {
        return '"' + v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }
}
