package io.tocsin.notifier.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tocsin.core.label.Matcher;
import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.Labels;
import io.tocsin.notifier.dispatch.AlertGroup;
import io.tocsin.notifier.inhibit.InhibitRule;
import io.tocsin.notifier.inhibit.Inhibition;
import io.tocsin.notifier.provenance.Mutes;
import io.tocsin.notifier.silence.Silence;
import io.tocsin.notifier.timeinterval.TimeInterval;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Alertmanager v2's GettableAlert and AlertGroup shapes, built from the notifier's groups with
 * each alert's silences and inhibition worked out as dispatch would.
 */
final class AlertView {
    private static final JsonFactory JSON = new JsonFactory();
    /** {@code ?active=&silenced=&inhibited=&filter=&receiver=} of GET /api/v2/alerts. */
    record Query(
            boolean active,
            boolean silenced,
            boolean inhibited,
            List<Matcher> filter,
            com.google.re2j.Pattern receiver) {
        boolean wants(Alert a, List<String> silencedBy, boolean isInhibited) {
            if (!filter.stream().allMatch(m -> m.matches(a.labels()))) {
                return false;
            }
            boolean suppressed = !silencedBy.isEmpty() || isInhibited;
            return (suppressed || active) && (silencedBy.isEmpty() || silenced) && (!isInhibited || inhibited);
        }
    }

    private final List<Silence> silences;
    private final List<InhibitRule> rules;
    private final List<Alert> sources;
    private final Map<String, List<TimeInterval>> intervals;
    private final Instant now;

    AlertView(
            List<Silence> silences,
            List<InhibitRule> rules,
            List<Alert> sources,
            Map<String, List<TimeInterval>> intervals,
            Instant now) {
        this.silences = silences.stream()
                .filter(s -> s.state(now) == Silence.State.ACTIVE)
                .toList();
        this.rules = rules;
        this.sources = sources;
        this.intervals = intervals;
        this.now = now;
    }

    /**
     * Every firing alert once, with the receivers of all its groups. As in Alertmanager, the
     * receiver filter keeps an alert when any of its receivers matches, and lists them all.
     */
    JsonArray alerts(Iterable<AlertGroup> groups, Query q) {
        return new JsonArray(Buffer.buffer(alertsJson(groups, q)));
    }

    /**
     * {@link #alerts} written straight to JSON bytes: with 100,000 alerts, building a JSON object
     * tree first costs as much again as writing it.
     */
    byte[] alertsJson(Iterable<AlertGroup> groups, Query q) {
        // In fingerprint order, as Alertmanager's GET /api/v2/alerts sorts them.
        Map<String, Alert> byFp = new TreeMap<>();
        Map<String, TreeSet<String>> receivers = new HashMap<>();
        Map<String, TreeSet<String>> mutedBy = new HashMap<>();
        for (AlertGroup g : groups) {
            List<String> groupMutedBy = mutedBy(g);
            for (Map.Entry<String, Alert> e : g.alerts().entrySet()) {
                if (AlertGroup.firing(e.getValue(), now)) {
                    byFp.putIfAbsent(e.getKey(), e.getValue());
                    receivers
                            .computeIfAbsent(e.getKey(), k -> new TreeSet<>())
                            .add(g.ref().receiver());
                    mutedBy.computeIfAbsent(e.getKey(), k -> new TreeSet<>()).addAll(groupMutedBy);
                }
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(256, byFp.size() * 400));
        String updatedAt = now.toString();
        try (JsonGenerator out = JSON.createGenerator(bytes)) {
            out.writeStartArray();
            for (Map.Entry<String, Alert> e : byFp.entrySet()) {
                TreeSet<String> rs = receivers.get(e.getKey());
                if (q.receiver() != null && rs.stream().noneMatch(q.receiver()::matches)) {
                    continue;
                }
                Alert a = e.getValue();
                List<String> silencedBy = silencedBy(a);
                List<String> inhibitedBy = inhibitedBy(a);
                if (q.wants(a, silencedBy, !inhibitedBy.isEmpty())) {
                    write(out, e.getKey(), a, rs, silencedBy, inhibitedBy, mutedBy.get(e.getKey()), updatedAt);
                }
            }
            out.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    private static void write(
            JsonGenerator out,
            String fingerprint,
            Alert a,
            Set<String> receivers,
            List<String> silencedBy,
            List<String> inhibitedBy,
            Set<String> mutedBy,
            String updatedAt)
            throws IOException {
        out.writeStartObject();
        out.writeFieldName("labels");
        writeMap(out, a.labels().map());
        out.writeFieldName("annotations");
        writeMap(out, a.annotations());
        out.writeStringField("startsAt", String.valueOf(a.startsAt()));
        out.writeStringField(
                "endsAt",
                a.endsAt() == null ? "0001-01-01T00:00:00Z" : a.endsAt().toString());
        out.writeStringField("updatedAt", updatedAt);
        out.writeStringField("generatorURL", a.generatorURL());
        out.writeStringField("fingerprint", fingerprint);
        out.writeArrayFieldStart("receivers");
        for (String r : receivers) {
            out.writeStartObject();
            out.writeStringField("name", r);
            out.writeEndObject();
        }
        out.writeEndArray();
        out.writeObjectFieldStart("status");
        out.writeStringField("state", !silencedBy.isEmpty() || !inhibitedBy.isEmpty() ? "suppressed" : "active");
        out.writeArrayFieldStart("silencedBy");
        for (String id : silencedBy) {
            out.writeString(id);
        }
        out.writeEndArray();
        out.writeArrayFieldStart("inhibitedBy");
        for (String fp : inhibitedBy) {
            out.writeString(fp);
        }
        out.writeEndArray();
        out.writeArrayFieldStart("mutedBy");
        for (String name : mutedBy) {
            out.writeString(name);
        }
        out.writeEndArray();
        out.writeEndObject();
        out.writeEndObject();
    }

    private static void writeMap(JsonGenerator out, Map<String, String> map) throws IOException {
        out.writeStartObject();
        for (Map.Entry<String, String> e : map.entrySet()) {
            out.writeStringField(e.getKey(), e.getValue());
        }
        out.writeEndObject();
    }

    private List<String> silencedBy(Alert a) {
        if (silences.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Silence s : silences) {
            if (s.mutes(a.labels(), now)) {
                out.add(s.id());
            }
        }
        return out;
    }

    /** The fingerprints of the alerts inhibiting {@code a}: empty, or the one Alertmanager would show. */
    private List<String> inhibitedBy(Alert a) {
        String by = rules.isEmpty() ? null : Inhibition.inhibitor(rules, a, sources, now);
        return by == null ? List.of() : List.of(by);
    }

    JsonArray groups(Iterable<AlertGroup> groups, Query q) {
        JsonArray out = new JsonArray();
        for (AlertGroup g : groups) {
            if (q.receiver() != null && !q.receiver().matches(g.ref().receiver())) {
                continue;
            }
            JsonArray alerts = new JsonArray();
            List<String> groupMutedBy = mutedBy(g);
            for (Alert a : g.alerts().values()) {
                if (AlertGroup.firing(a, now)) {
                    JsonObject json = alert(a, new TreeSet<>(List.of(g.ref().receiver())), groupMutedBy, q);
                    if (json != null) {
                        alerts.add(json);
                    }
                }
            }
            if (!alerts.isEmpty()) {
                out.add(new JsonObject()
                        .put("labels", labels(g.ref().groupLabels()))
                        .put("receiver", new JsonObject().put("name", g.ref().receiver()))
                        .put("alerts", alerts));
            }
        }
        return out;
    }

    /**
     * The time intervals that keep a group's route quiet now (its mute_time_intervals in force,
     * or its active_time_intervals none of which is), as dispatch decides them.
     */
    private List<String> mutedBy(AlertGroup g) {
        return intervals.isEmpty()
                ? List.of()
                : Mutes.timeMutedBy(
                        intervals, g.ref().muting().mute(), g.ref().muting().active(), now);
    }

    private JsonObject alert(Alert a, TreeSet<String> receivers, List<String> mutedBy, Query q) {
        List<String> silencedBy = silencedBy(a);
        List<String> inhibitedBy = inhibitedBy(a);
        boolean isInhibited = !inhibitedBy.isEmpty();
        if (!q.wants(a, silencedBy, isInhibited)) {
            return null;
        }
        JsonArray rs = new JsonArray();
        receivers.forEach(r -> rs.add(new JsonObject().put("name", r)));
        boolean suppressed = !silencedBy.isEmpty() || isInhibited;
        return new JsonObject()
                .put("labels", labels(a.labels()))
                .put("annotations", new JsonObject(new LinkedHashMap<>(a.annotations())))
                .put("startsAt", String.valueOf(a.startsAt()))
                .put(
                        "endsAt",
                        a.endsAt() == null ? "0001-01-01T00:00:00Z" : a.endsAt().toString())
                .put("updatedAt", now.toString())
                .put("generatorURL", a.generatorURL())
                .put("fingerprint", a.fingerprint())
                .put("receivers", rs)
                .put(
                        "status",
                        new JsonObject()
                                .put("state", suppressed ? "suppressed" : "active")
                                .put("silencedBy", new JsonArray(silencedBy))
                                .put("inhibitedBy", new JsonArray(inhibitedBy))
                                .put("mutedBy", new JsonArray(mutedBy)));
    }

    private static JsonObject labels(Labels labels) {
        return new JsonObject(new LinkedHashMap<>(labels.map()));
    }
}
