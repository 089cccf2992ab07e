package io.tocsin.notifier.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Answers of several instances made one, as a single Alertmanager would give it. Pure. */
final class Merged {
    private Merged() {}

    /**
     * Alerts by fingerprint: an alert routed to several receivers can have groups on several
     * instances; it is listed once, with every receiver.
     */
    static JsonArray alerts(List<JsonArray> parts) {
        // In fingerprint order, as Alertmanager's GET /api/v2/alerts sorts them.
        Map<String, JsonObject> byFp = new TreeMap<>();
        Map<String, TreeSet<String>> receivers = new LinkedHashMap<>();
        for (JsonArray part : parts) {
            for (Object o : part) {
                JsonObject a = (JsonObject) o;
                String fp = a.getString("fingerprint");
                byFp.putIfAbsent(fp, a);
                TreeSet<String> rs = receivers.computeIfAbsent(fp, k -> new TreeSet<>());
                a.getJsonArray("receivers", new JsonArray()).forEach(r -> rs.add(((JsonObject) r).getString("name")));
            }
        }
        JsonArray out = new JsonArray();
        byFp.forEach((fp, a) -> {
            JsonArray rs = new JsonArray();
            receivers.get(fp).forEach(r -> rs.add(new JsonObject().put("name", r)));
            out.add(a.copy().put("receivers", rs));
        });
        return out;
    }

    /**
     * Groups have one owner each, but an instance also answers for the alerts just posted to it
     * (read-after-write) before their group's owner has them: a group that two answers name (same
     * receiver, same labels) is listed once, with the union of its alerts by fingerprint.
     */
    static JsonArray groups(List<JsonArray> parts) {
        Map<String, JsonObject> byGroup = new LinkedHashMap<>();
        Map<String, Map<String, Object>> alerts = new LinkedHashMap<>();
        for (JsonArray part : parts) {
            for (Object o : part) {
                JsonObject g = (JsonObject) o;
                String key = g.getJsonObject("receiver", new JsonObject()).getString("name") + "\u0000"
                        + g.getJsonObject("labels", new JsonObject()).encode();
                byGroup.putIfAbsent(key, g);
                Map<String, Object> held = alerts.computeIfAbsent(key, k -> new LinkedHashMap<>());
                for (Object a : g.getJsonArray("alerts", new JsonArray())) {
                    held.putIfAbsent(((JsonObject) a).getString("fingerprint"), a);
                }
            }
        }
        JsonArray out = new JsonArray();
        byGroup.forEach((key, g) -> out.add(
                g.copy().put("alerts", new JsonArray(List.copyOf(alerts.get(key).values())))));
        return out;
    }
}
