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

    /** Groups have one owner each: the answers add up. */
    static JsonArray groups(List<JsonArray> parts) {
        JsonArray out = new JsonArray();
        parts.forEach(p -> p.forEach(out::add));
        return out;
    }
}
