package io.tocsin.server.cli.render;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Small formatting shared by the renderings: label sets, lists, times relative to now. */
final class Text {
    private Text() {}

    /** {@code {a="1", b="2"}}, leaving out the names given. */
    static String labels(JsonObject labels, String... without) {
        if (labels == null) {
            return "{}";
        }
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Object> e : labels) {
            if (!List.of(without).contains(e.getKey())) {
                parts.add(e.getKey() + "=\"" + e.getValue() + "\"");
            }
        }
        return "{" + String.join(", ", parts) + "}";
    }

    static List<String> strings(JsonArray a) {
        List<String> out = new ArrayList<>();
        if (a != null) {
            for (Object o : a) {
                out.add(String.valueOf(o));
            }
        }
        return out;
    }

    static String list(JsonArray a) {
        return String.join(", ", strings(a));
    }

    /** The first 8 characters of an id, as Alertmanager's UI abbreviates them. */
    static String shortId(String id) {
        return id == null ? "?" : id.length() > 8 ? id.substring(0, 8) : id;
    }

    /** {@code 5m ago}, {@code in 2h}: a time next to now; the text itself when it does not parse. */
    static String relative(String time, Instant now) {
        Instant t;
        try {
            t = Instant.parse(time);
        } catch (DateTimeParseException | NullPointerException e) {
            return String.valueOf(time);
        }
        Duration d = Duration.between(now, t);
        return d.isNegative() ? span(d.negated()) + " ago" : "in " + span(d);
    }

    static String span(Duration d) {
        long s = d.getSeconds();
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m";
        }
        if (s < 86400) {
            return s / 3600 + "h" + (s % 3600 / 60 == 0 ? "" : s % 3600 / 60 + "m");
        }
        return s / 86400 + "d" + (s % 86400 / 3600 == 0 ? "" : s % 86400 / 3600 + "h");
    }
}
