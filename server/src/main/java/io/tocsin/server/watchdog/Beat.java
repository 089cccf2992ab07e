package io.tocsin.server.watchdog;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Optional;

/**
 * What a notification from the pipeline proves: the newest heartbeat that went all the way
 * through ingest, rules and notifier. The TocsinWatchdog rule carries the heartbeat's own time
 * (its value, the Unix seconds of the ping) in the {@code heartbeat_at} annotation, so a notifier
 * that merely repeats an old firing alert (rules gone quiet) proves nothing new. Pure.
 */
public final class Beat {
    public static final String ALERTNAME = "TocsinWatchdog";
    public static final String ANNOTATION = "heartbeat_at";

    private Beat() {}

    /** The newest heartbeat time in an Alertmanager webhook payload (version 4), if it carries one. */
    public static Optional<Instant> newestIn(String body) {
        JsonObject payload;
        try {
            payload = new JsonObject(body);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        Instant newest = null;
        JsonArray alerts = payload.getJsonArray("alerts", new JsonArray());
        for (Object o : alerts) {
            if (!(o instanceof JsonObject alert) || !"firing".equals(alert.getString("status"))) {
                continue;
            }
            JsonObject labels = alert.getJsonObject("labels", new JsonObject());
            JsonObject annotations = alert.getJsonObject("annotations", new JsonObject());
            if (!ALERTNAME.equals(labels.getString("alertname"))) {
                continue;
            }
            Instant at = seconds(annotations.getString(ANNOTATION));
            if (at != null && (newest == null || at.isAfter(newest))) {
                newest = at;
            }
        }
        return Optional.ofNullable(newest);
    }

    private static Instant seconds(String text) {
        if (text == null) {
            return null;
        }
        try {
            double s = Double.parseDouble(text.trim());
            if (!Double.isFinite(s) || s <= 0) {
                return null;
            }
            return Instant.ofEpochMilli(Math.round(s * 1000));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
