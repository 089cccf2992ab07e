package io.tocsin.rules.eval;

import io.tocsin.core.label.LabelNames;
import io.tocsin.core.wire.Labels;
import java.util.ArrayList;
import java.util.IllegalFormatException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The subset of Prometheus' annotation templates that alert text needs: {@code {{ $labels.x }}},
 * {@code {{ $value }}} (also {@code .Labels.x}, {@code .Value}), piped through {@code humanize},
 * {@code humanizePercentage}, {@code humanizeDuration} or {@code printf "%.2f"}. Compiled once
 * when the rule is loaded, so a mistake is a load error rather than a broken page at 3 am.
 */
public final class Template {
    private static final Pattern ACTION = Pattern.compile("\\{\\{-?\\s*(.*?)\\s*-?}}");
    private static final Pattern LABEL =
            Pattern.compile("(?:\\$labels|\\.Labels)\\.(" + LabelNames.LABEL_NAME_SYNTAX + ")");
    private static final Pattern PRINTF = Pattern.compile("printf\\s+\"([^\"]*)\"");

    private sealed interface Part permits Text, LabelRef, ValueRef {}

    private record Text(String text) implements Part {}

    private record LabelRef(String name) implements Part {}

    private record ValueRef(List<String> pipes) implements Part {}

    private final List<Part> parts;

    private Template(List<Part> parts) {
        this.parts = parts;
    }

    /** @throws IllegalArgumentException naming the action it cannot understand */
    public static Template compile(String source) {
        List<Part> parts = new ArrayList<>();
        Matcher m = ACTION.matcher(source);
        int last = 0;
        while (m.find()) {
            if (m.start() > last) {
                parts.add(new Text(source.substring(last, m.start())));
            }
            parts.add(action(m.group(1)));
            last = m.end();
        }
        if (last < source.length()) {
            parts.add(new Text(source.substring(last)));
        }
        return new Template(List.copyOf(parts));
    }

    private static Part action(String action) {
        String[] pipeline = action.split("\\|");
        String head = pipeline[0].trim();
        Matcher label = LABEL.matcher(head);
        if (label.matches()) {
            if (pipeline.length > 1) {
                throw new IllegalArgumentException("functions apply to $value only, not to '" + head + "'");
            }
            return new LabelRef(label.group(1));
        }
        if (!head.equals("$value") && !head.equals(".Value")) {
            throw new IllegalArgumentException(
                    "unknown template action '{{ " + action + " }}'" + " (use $labels.<name> or $value)");
        }
        List<String> pipes = new ArrayList<>();
        for (int i = 1; i < pipeline.length; i++) {
            String fn = pipeline[i].trim();
            boolean known = fn.equals("humanize")
                    || fn.equals("humanizePercentage")
                    || fn.equals("humanizeDuration")
                    || PRINTF.matcher(fn).matches();
            if (!known) {
                throw new IllegalArgumentException("unknown template function '" + fn + "'");
            }
            pipes.add(fn);
        }
        return new ValueRef(List.copyOf(pipes));
    }

    public String render(Labels labels, double value) {
        StringBuilder sb = new StringBuilder();
        for (Part p : parts) {
            if (p instanceof Text t) {
                sb.append(t.text());
            } else if (p instanceof LabelRef l) {
                String v = labels.get(l.name());
                sb.append(v == null ? "" : v);
            } else if (p instanceof ValueRef v) {
                sb.append(renderValue(value, v.pipes()));
            }
        }
        return sb.toString();
    }

    private static String renderValue(double value, List<String> pipes) {
        if (pipes.isEmpty()) {
            return plain(value);
        }
        String fn = pipes.get(0); // functions return text; a second one has nothing numeric to format
        if (fn.equals("humanize")) {
            return Humanize.humanize(value);
        }
        if (fn.equals("humanizePercentage")) {
            return Humanize.percentage(value);
        }
        if (fn.equals("humanizeDuration")) {
            return Humanize.duration(value);
        }
        Matcher m = PRINTF.matcher(fn);
        if (m.matches()) {
            try {
                return String.format(Locale.ROOT, m.group(1), value);
            } catch (IllegalFormatException e) {
                return plain(value);
            }
        }
        return plain(value);
    }

    /** Go's %v for float64, as Prometheus prints {@code $value}. */
    static String plain(double v) {
        return GoFloat.format(v);
    }
}
