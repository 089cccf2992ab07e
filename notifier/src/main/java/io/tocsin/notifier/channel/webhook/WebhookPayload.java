package io.tocsin.notifier.channel.webhook;

import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.notifier.channel.Notification;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Alertmanager's webhook payload, version "4" (contracts.md), so that receivers written for
 * Alertmanager work unchanged. Pure; table-tested.
 * https://prometheus.io/docs/alerting/latest/configuration/#webhook_config
 */
public final class WebhookPayload {
    /** What Alertmanager (Go's zero time) sends as endsAt while an alert fires. */
    public static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    private WebhookPayload() {}

    /** @param maxAlerts 0 for all; otherwise the first ones are sent and the rest counted */
    public static JsonObject render(Notification n, int maxAlerts, String externalUrl) {
        List<Alert> all = n.alerts();
        int keep = maxAlerts > 0 ? Math.min(maxAlerts, all.size()) : all.size();
        JsonArray alerts = new JsonArray();
        for (Alert a : all.subList(0, keep)) {
            alerts.add(alert(a));
        }
        return new JsonObject()
                .put("version", "4")
                .put("groupKey", n.groupKey())
                .put("truncatedAlerts", all.size() - keep)
                .put("status", n.firing() ? "firing" : "resolved")
                .put("receiver", n.receiver())
                .put("groupLabels", object(n.groupLabels().map()))
                .put(
                        "commonLabels",
                        object(common(all.stream()
                                .map(a -> (Map<String, String>) a.labels().map())
                                .toList())))
                .put(
                        "commonAnnotations",
                        object(common(all.stream().map(Alert::annotations).toList())))
                .put("externalURL", externalUrl == null ? "" : externalUrl)
                .put("alerts", alerts);
    }

    static JsonObject alert(Alert a) {
        boolean resolved = a.state() == AlertState.RESOLVED;
        return new JsonObject()
                .put("status", resolved ? "resolved" : "firing")
                .put("labels", object(a.labels().map()))
                .put("annotations", object(a.annotations()))
                .put("startsAt", time(a.startsAt()))
                .put("endsAt", resolved ? time(a.endsAt()) : ZERO_TIME)
                .put("generatorURL", a.generatorURL())
                .put("fingerprint", a.fingerprint());
    }

    /** The name/value pairs every map has, with the same value: Alertmanager's commonLabels/commonAnnotations. */
    static Map<String, String> common(List<Map<String, String>> maps) {
        if (maps.isEmpty()) {
            return Map.of();
        }
        TreeMap<String, String> out = new TreeMap<>(maps.get(0));
        for (Map<String, String> m : maps.subList(1, maps.size())) {
            out.entrySet().removeIf(e -> !e.getValue().equals(m.get(e.getKey())));
        }
        return out;
    }

    /** As Go's RFC3339Nano prints it, the way Alertmanager's body has it: no trailing zeros in the fraction. */
    static String time(Instant t) {
        if (t == null) {
            return ZERO_TIME;
        }
        String s = t.toString();
        int dot = s.indexOf('.');
        if (dot < 0) {
            return s;
        }
        int end = s.length() - 1; // the 'Z'
        int last = end - 1;
        while (last > dot && s.charAt(last) == '0') {
            last--;
        }
        return (last == dot ? s.substring(0, dot) : s.substring(0, last + 1)) + "Z";
    }

    private static JsonObject object(Map<String, String> m) {
        return new JsonObject(new TreeMap<String, Object>(m));
    }
}
