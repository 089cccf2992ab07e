package io.tocsin.notifier.api;

import io.tocsin.core.label.LabelNames;
import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.core.wire.Labels;
import io.tocsin.ops.HttpErrors.BadRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prometheus' alert payload ({@code POST /api/v2/alerts}) to Tocsin alerts, as Alertmanager reads
 * it: an endsAt in the past means resolved; without endsAt the alert resolves
 * {@code global.resolve_timeout} after it was last received; without startsAt it starts now, or
 * at its endsAt when it has one (Alertmanager's {@code postAlertsHandler}). A re-post of an alert still firing keeps its first startsAt: the
 * notifier's groups merge it as Alertmanager does.
 */
public final class PostedAlerts {
    private PostedAlerts() {}

    /**
     * @param resolveTimeout the config's {@code global.resolve_timeout}
     * @throws BadRequest naming the first bad alert and field
     */
    public static List<Alert> parse(JsonArray body, Instant now, Duration resolveTimeout) {
        List<Alert> out = new ArrayList<>(body.size());
        LastTime times = new LastTime();
        for (int i = 0; i < body.size(); i++) {
            if (!(body.getValue(i) instanceof JsonObject o)) {
                throw new BadRequest("alerts[" + i + "] must be an object");
            }
            out.add(one(o, i, now, resolveTimeout, times));
        }
        return out;
    }

    /**
     * The alerts of one POST mostly carry the same times (Prometheus sends one endsAt per
     * evaluation): the last one parsed is kept, as parsing RFC 3339 was a fifth of a POST's work.
     */
    private static final class LastTime {
        private String text;
        private Instant at;

        Instant parse(String s) {
            if (!s.equals(text)) {
                at = Json.instant(s);
                text = s;
            }
            return at;
        }
    }

    private static Alert one(JsonObject o, int i, Instant now, Duration resolveTimeout, LastTime times) {
        String where = "alerts[" + i + "]";
        Map<String, String> labels = strings(o.getValue("labels"), where + ".labels");
        if (labels.isEmpty()) {
            throw new BadRequest(where + ".labels must name at least one label");
        }
        Map<String, String> annotations = o.getValue("annotations") == null
                ? Map.of()
                : strings(o.getValue("annotations"), where + ".annotations");
        String tooBig = AlertLimits.problem(labels, annotations);
        if (tooBig != null) {
            throw new BadRequest(where + "." + tooBig);
        }
        for (Map.Entry<String, String> e : labels.entrySet()) {
            if (!LabelNames.isLabelName(e.getKey())) {
                throw new BadRequest(where + ".labels: " + LabelNames.invalidLabelName(e.getKey()));
            }
            if (e.getValue().isEmpty()) {
                throw new BadRequest(where + ".labels." + e.getKey() + " is empty");
            }
        }
        Instant startsAt = time(o, "startsAt", where, times);
        Instant endsAt = time(o, "endsAt", where, times);
        if (startsAt == null) {
            // As Alertmanager: an alert posted with endsAt and no startsAt starts when it ends, so
            // that it is never refused; dispatch merges a resolve into the firing it ends (see
            // dispatch Reposts).
            startsAt = endsAt != null ? endsAt : now;
        }
        if (endsAt == null) {
            endsAt = now.plus(resolveTimeout);
        }
        if (endsAt.isBefore(startsAt)) {
            throw new BadRequest(where + ": endsAt is before startsAt");
        }
        AlertState state = endsAt.isAfter(now) ? AlertState.FIRING : AlertState.RESOLVED;
        String generator = o.getValue("generatorURL") instanceof String g ? g : "";
        return new Alert(Labels.of(labels), annotations, state, Double.NaN, startsAt, endsAt, "api", "", generator);
    }

    private static Map<String, String> strings(Object value, String where) {
        if (!(value instanceof JsonObject map)) {
            throw new BadRequest(where + " must be an object of strings");
        }
        Map<String, String> out = new TreeMap<>();
        for (String k : map.fieldNames()) {
            if (!(map.getValue(k) instanceof String v)) {
                throw new BadRequest(where + "." + k + " must be a string");
            }
            out.put(k, v);
        }
        return out;
    }

    private static Instant time(JsonObject o, String field, String where, LastTime times) {
        Object v = o.getValue(field);
        if (v == null || (v instanceof String s && s.isEmpty())) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw new BadRequest(where + "." + field + " must be an RFC 3339 time");
        }
        try {
            Instant t = times.parse(s);
            // Go's zero time, which Prometheus and Alertmanager write for "not set".
            return t.getEpochSecond() < 0 && t.atZone(java.time.ZoneOffset.UTC).getYear() <= 1 ? null : t;
        } catch (DateTimeException e) {
            throw new BadRequest(where + "." + field + " is not an RFC 3339 time: " + s);
        }
    }
}
