package io.tocsin.tests.notifier.amdiff;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Comparator;
import java.util.List;

/**
 * One notification a receiver got, reduced to what the suite compares: who, status, group key,
 * the alerts (labels and status, in the order sent), when (ms after the system's first post),
 * and the webhook body without the fields that name the system itself.
 */
record Notification(
        String receiver, String status, String groupKey, List<String> alerts, long offsetMillis, JsonObject body) {

    static List<Notification> of(List<RecordingWebhook.Arrival> arrivals, List<String> receivers, long origin) {
        return arrivals.stream()
                .filter(a -> receivers.contains(a.path().substring(1)))
                .sorted(Comparator.comparingLong(RecordingWebhook.Arrival::atMillis))
                .map(a -> of(a, origin))
                .toList();
    }

    private static Notification of(RecordingWebhook.Arrival a, long origin) {
        JsonObject b = a.body();
        if (b.containsKey("attachments")) {
            return slack(a, origin);
        }
        List<String> alerts = b.getJsonArray("alerts").stream()
                .map(o -> (JsonObject) o)
                .map(o -> o.getJsonObject("labels").encode() + " " + o.getString("status"))
                .toList();
        return new Notification(
                a.path().substring(1),
                b.getString("status"),
                b.getString("groupKey"),
                alerts,
                a.atMillis() - origin,
                comparable(b));
    }

    /**
     * A Slack message (Alertmanager's slack_configs shape): its status is its colour, and what
     * both must render alike is the templated title, text and colour. The title link and the
     * fallback carry each system's own URL.
     */
    private static Notification slack(RecordingWebhook.Arrival a, long origin) {
        JsonObject attachment = a.body().getJsonArray("attachments").getJsonObject(0);
        if (attachment.getString("title", "").isBlank()
                || attachment.getString("text", "").isBlank()) {
            // Two empty renderings would compare equal and prove nothing.
            throw new IllegalStateException(
                    "a Slack message without title or text: " + a.body().encode());
        }
        String color = attachment.getString("color", "");
        return new Notification(
                a.path().substring(1),
                color.equals("danger") ? "firing" : color.equals("good") ? "resolved" : color,
                "",
                List.of(),
                a.atMillis() - origin,
                new JsonObject()
                        .put("title", attachment.getString("title"))
                        .put("text", attachment.getString("text"))
                        .put("color", color));
    }

    /**
     * The body as both systems must render it: externalURL names each system, so it is left out;
     * an endsAt is compared to the second, as each system sets resolve_timeout's endsAt from the
     * moment its own API received the post (a few milliseconds apart).
     */
    static JsonObject comparable(JsonObject body) {
        JsonObject c = body.copy();
        c.remove("externalURL");
        JsonArray alerts = c.getJsonArray("alerts");
        if (alerts != null) {
            alerts.forEach(o -> {
                JsonObject a = (JsonObject) o;
                String endsAt = a.getString("endsAt");
                if (endsAt != null && endsAt.length() > 19) {
                    a.put("endsAt", endsAt.substring(0, 19));
                }
            });
        }
        return c;
    }

    String line() {
        String what = alerts.isEmpty() ? body.encode() : alerts.toString();
        return receiver + " " + status + " " + groupKey + " " + what + " +" + offsetMillis + "ms";
    }
}
