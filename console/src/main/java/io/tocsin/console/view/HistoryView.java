package io.tocsin.console.view;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An alert's history ({@code GET /api/v1/alerts/{fp}/history}), oldest first, or why it is missing. */
public record HistoryView(List<Event> events, String problem) {

    public record Event(String at, String kind, String summary, String detail) {}

    public static HistoryView of(JsonObject body) {
        List<Event> out = new ArrayList<>();
        for (JsonObject e : BoardBuilder.objects(body.getJsonArray("events"))) {
            JsonObject d = e.getJsonObject("detail", new JsonObject());
            StringBuilder detail = new StringBuilder();
            for (Map.Entry<String, Object> kv : d) {
                if (detail.length() > 0) {
                    detail.append(", ");
                }
                detail.append(kv.getKey()).append('=').append(kv.getValue());
            }
            out.add(new Event(
                    e.getString("at", ""), e.getString("kind", ""), e.getString("summary", ""), detail.toString()));
        }
        return new HistoryView(out, "");
    }

    public static HistoryView missing(String problem) {
        return new HistoryView(List.of(), problem);
    }
}
