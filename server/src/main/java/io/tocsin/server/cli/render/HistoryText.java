package io.tocsin.server.cli.render;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code tocsin history FP}: the notifier's record of one alert ({@code GET
 * /api/v1/alerts/{fp}/history}), one line per event, oldest first, its detail beneath.
 */
public final class HistoryText {
    private HistoryText() {}

    public static String render(JsonObject history) {
        StringBuilder b = new StringBuilder();
        b.append("history of ")
                .append(history.getString("fingerprint", "?"))
                .append("  ")
                .append(Text.labels(history.getJsonObject("labels")))
                .append('\n');
        JsonArray events = history.getJsonArray("events", new JsonArray());
        if (events.isEmpty()) {
            return b.append("  (no events recorded)\n").toString();
        }
        int kindWidth = 0;
        for (Object o : events) {
            kindWidth =
                    Math.max(kindWidth, ((JsonObject) o).getString("kind", "?").length());
        }
        for (Object o : events) {
            JsonObject e = (JsonObject) o;
            String kind = e.getString("kind", "?");
            b.append("  ")
                    .append(e.getString("at", "?"))
                    .append("  ")
                    .append(kind)
                    .append(" ".repeat(kindWidth - kind.length()))
                    .append("  ")
                    .append(e.getString("summary", ""))
                    .append('\n');
            String detail = detail(e.getJsonObject("detail"));
            if (!detail.isEmpty()) {
                b.append("  ")
                        .append(" ".repeat(e.getString("at", "?").length() + 2 + kindWidth + 2))
                        .append(detail)
                        .append('\n');
            }
        }
        return b.toString();
    }

    /** {@code receiver=pager attempt=2 outcome=retry}, in the order the notifier wrote them. */
    static String detail(JsonObject detail) {
        if (detail == null) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Object> e : detail) {
            Object v = e.getValue();
            String text = v instanceof JsonArray a ? "[" + Text.list(a) + "]" : String.valueOf(v);
            parts.add(e.getKey() + "=" + text);
        }
        return String.join(" ", parts);
    }
}
