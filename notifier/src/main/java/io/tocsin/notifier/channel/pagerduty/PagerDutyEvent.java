package io.tocsin.notifier.channel.pagerduty;

import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.notifier.channel.AlertText;
import io.tocsin.notifier.channel.Notification;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The Events API v2 body for a notification (contracts.md): trigger while firing, acknowledge
 * once someone took a firing group, resolve when it resolved; always the same dedup_key for a
 * group, so the three land on one PagerDuty alert. Pure functions, table-tested.
 * https://developer.pagerduty.com/docs/events-api-v2/trigger-events/
 */
public final class PagerDutyEvent {
    /** PagerDuty refuses larger events. */
    public static final int MAX_EVENT_BYTES = 512 * 1024;

    public static final int MAX_SUMMARY = 1024;
    public static final int MAX_DEDUP_KEY = 255;
    /** Longest annotation value kept in custom_details; a runaway annotation must not crowd out the others. */
    static final int MAX_DETAIL_VALUE = 4096;
    /** Most severe first: the group's severity is the most severe of its alerts'. */
    private static final List<String> SEVERITIES = List.of("critical", "error", "warning", "info");

    public enum Action {
        TRIGGER,
        ACKNOWLEDGE,
        RESOLVE;

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private PagerDutyEvent() {}

    public static Action action(Notification n) {
        if (!n.firing()) {
            return Action.RESOLVE;
        }
        return n.acknowledged() ? Action.ACKNOWLEDGE : Action.TRIGGER;
    }

    /**
     * Stable for the group's life and the same for every notifier instance: a hash of receiver and
     * group key (64 hex characters, well under PagerDuty's 255), like Alertmanager's hashed key.
     */
    public static String dedupKey(String receiver, String groupKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((receiver + "\n" + groupKey).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The most severe PagerDuty severity among the alerts' {@code severity} labels, else the default. */
    public static String severity(List<Alert> alerts, String defaultSeverity) {
        int best = Integer.MAX_VALUE;
        for (Alert a : alerts) {
            String label = a.labels().get("severity");
            int rank = label == null ? -1 : SEVERITIES.indexOf(label.strip().toLowerCase(Locale.ROOT));
            if (rank >= 0 && rank < best) {
                best = rank;
            }
        }
        return best == Integer.MAX_VALUE ? defaultSeverity : SEVERITIES.get(best);
    }

    /** The whole event, at most {@link #MAX_EVENT_BYTES} when encoded. */
    public static JsonObject render(Notification n, String routingKey, String defaultSeverity) {
        return render(n, routingKey, defaultSeverity, "");
    }

    /** @param clientUrl where people reach Tocsin (external_url): PagerDuty links "Tocsin" there; may be empty */
    public static JsonObject render(Notification n, String routingKey, String defaultSeverity, String clientUrl) {
        Action action = action(n);
        JsonObject event = new JsonObject()
                .put("routing_key", routingKey)
                .put("event_action", action.wireName())
                .put("dedup_key", dedupKey(n.receiver(), n.groupKey()));
        if (action != Action.TRIGGER) {
            // acknowledge and resolve carry no payload; the dedup_key says which alert.
            return event;
        }
        JsonObject payload = new JsonObject()
                .put("summary", summary(n))
                .put("source", source(n.alerts()))
                .put("severity", severity(n.alerts(), defaultSeverity))
                .put("timestamp", earliestStart(n.alerts()).toString())
                .put("custom_details", new JsonObject());
        if (!n.alerts().isEmpty() && !n.alerts().get(0).name().isEmpty()) {
            payload.put("class", n.alerts().get(0).name());
        }
        event.put("payload", payload).put("client", "Tocsin");
        if (clientUrl != null && !clientUrl.isEmpty()) {
            event.put("client_url", clientUrl);
        }
        JsonArray links = links(n.alerts());
        if (!links.isEmpty()) {
            event.put("links", links);
        }
        fitDetails(event, n);
        return event;
    }

    /** {@code [FIRING:3] HighCpu — CPU is hot on db-1}, cut to PagerDuty's 1,024 characters. */
    static String summary(Notification n) {
        String count = n.alerts().size() > 1 ? ":" + n.alerts().size() : "";
        String name =
                n.alerts().isEmpty() ? "" : " " + AlertText.name(n.alerts().get(0));
        String text =
                n.alerts().isEmpty() ? null : AlertText.annotation(n.alerts().get(0), "summary");
        String s = "[FIRING" + count + "]" + name + (text == null ? "" : " — " + text.replaceAll("\\s+", " "));
        return cut(s, MAX_SUMMARY);
    }

    /**
     * Each distinct runbook (what to do) and http(s) generator URL (the graph that fired), at most
     * five of each: PagerDuty shows them on the incident.
     */
    static JsonArray links(List<Alert> alerts) {
        JsonArray out = new JsonArray();
        alerts.stream()
                .map(AlertText::runbook)
                .filter(java.util.Objects::nonNull)
                .distinct()
                .limit(5)
                .forEach(u -> out.add(
                        new JsonObject().put("href", cut(u, MAX_DETAIL_VALUE)).put("text", "Runbook")));
        alerts.stream()
                .map(Alert::generatorURL)
                .filter(u -> u.startsWith("http://") || u.startsWith("https://"))
                .distinct()
                .limit(5)
                .forEach(u -> out.add(
                        new JsonObject().put("href", cut(u, MAX_DETAIL_VALUE)).put("text", "Source")));
        return out;
    }

    private static String source(List<Alert> alerts) {
        for (String label : new String[] {"instance", "job", "service"}) {
            for (Alert a : alerts) {
                String v = a.labels().get(label);
                if (v != null && !v.isBlank()) {
                    return v;
                }
            }
        }
        return "tocsin";
    }

    private static Instant earliestStart(List<Alert> alerts) {
        return alerts.stream()
                .map(Alert::startsAt)
                .filter(Objects::nonNull)
                .min(Instant::compareTo)
                .orElse(Instant.EPOCH);
    }

    /**
     * Fills custom_details with as many alerts as fit under the 512 KB cap; the required fields
     * are never cut, only the details, and the details say how many alerts were left out.
     */
    private static void fitDetails(JsonObject event, Notification n) {
        JsonObject payload = event.getJsonObject("payload");
        int keep = n.alerts().size();
        while (true) {
            payload.put("custom_details", details(n, keep));
            if (bytes(event) <= MAX_EVENT_BYTES || keep == 0) {
                return;
            }
            keep = keep / 2;
        }
    }

    static JsonObject details(Notification n, int keep) {
        JsonArray alerts = new JsonArray();
        for (Alert a : n.alerts().subList(0, keep)) {
            JsonObject o = new JsonObject()
                    .put("status", a.state() == AlertState.RESOLVED ? "resolved" : "firing")
                    .put(
                            "labels",
                            new JsonObject(
                                    new TreeMap<String, Object>(a.labels().map())))
                    .put("annotations", capped(a.annotations()))
                    .put("startsAt", a.startsAt() == null ? null : a.startsAt().toString());
            String value = AlertText.value(a);
            if (value != null) {
                o.put("value", value);
            }
            if (!a.generatorURL().isEmpty()) {
                o.put("generatorURL", cut(a.generatorURL(), MAX_DETAIL_VALUE));
            }
            alerts.add(o);
        }
        return new JsonObject()
                .put(
                        "firing",
                        n.alerts().stream()
                                .filter(a -> a.state() != AlertState.RESOLVED)
                                .count())
                .put(
                        "group_labels",
                        new JsonObject(
                                new TreeMap<String, Object>(n.groupLabels().map())))
                .put("alerts", alerts)
                .put("truncated_alerts", n.alerts().size() - keep);
    }

    private static JsonObject capped(Map<String, String> annotations) {
        JsonObject o = new JsonObject();
        new TreeMap<>(annotations).forEach((k, v) -> o.put(k, cut(v, MAX_DETAIL_VALUE)));
        return o;
    }

    static int bytes(JsonObject event) {
        return event.toBuffer().length();
    }

    /** At most {@code max} characters, never splitting a surrogate pair. */
    static String cut(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + "…";
    }
}
