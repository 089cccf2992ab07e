package io.tocsin.notifier.provenance;

import io.tocsin.core.wire.Labels;
import io.tocsin.notifier.route.RouteTiming;
import io.tocsin.notifier.silence.Silence;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/** The JSON of the two endpoints, in the shape /work/contract-why.md fixes. */
public final class ProvenanceJson {
    private static final DateTimeFormatter MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneOffset.UTC);

    private ProvenanceJson() {}

    static String time(Instant t) {
        return t == null ? null : MILLIS.format(t);
    }

    static JsonObject labels(Labels l) {
        JsonObject o = new JsonObject();
        l.map().forEach(o::put);
        return o;
    }

    public static JsonObject history(History h, int limit) {
        JsonArray events = new JsonArray();
        for (ProvenanceEvent e : h.last(limit)) {
            events.add(new JsonObject()
                    .put("at", time(e.at()))
                    .put("kind", e.kind().wireName())
                    .put("summary", e.summary())
                    .put("detail", detail(e.detail())));
        }
        return new JsonObject()
                .put("fingerprint", h.fingerprint())
                .put("labels", labels(h.labels()))
                .put("events", events);
    }

    private static JsonObject detail(Map<String, Object> d) {
        JsonObject o = new JsonObject();
        d.forEach((k, v) -> o.put(k, v instanceof List<?> l ? new JsonArray(List.copyOf(l)) : v));
        return o;
    }

    public static JsonObject why(Why.Answer a) {
        JsonArray routes = new JsonArray();
        for (Why.RouteVerdict r : a.routes()) {
            RouteStep s = r.step();
            routes.add(new JsonObject()
                    .put("path", s.path())
                    .put("receiver", s.receiver())
                    .put("matchers", new JsonArray(s.matchers()))
                    .put("matched", s.matched())
                    .put("continue", s.continueMatching())
                    .put("selected", s.selected())
                    .put("groupBy", new JsonArray(s.groupBy()))
                    .put("groupKey", s.groupKey())
                    .put("timing", timing(s.timing()))
                    .put("escalation", s.escalation())
                    .put("mutedBy", new JsonArray(r.mutedBy()))
                    .put("activeTimeIntervals", new JsonArray(s.activeTimeIntervals()))
                    .put("muteTimeIntervals", new JsonArray(s.muteTimeIntervals())));
        }
        JsonArray silenced = new JsonArray();
        for (Silence s : a.silencedBy()) {
            silenced.add(new JsonObject()
                    .put("id", s.id())
                    .put(
                            "matchers",
                            new JsonArray(
                                    s.compiled().stream().map(Object::toString).toList()))
                    .put("createdBy", s.createdBy())
                    .put("comment", s.comment())
                    .put("startsAt", time(s.startsAt()))
                    .put("endsAt", time(s.endsAt())));
        }
        JsonArray inhibited = new JsonArray();
        for (Why.InhibitedBy i : a.inhibitedBy()) {
            inhibited.add(new JsonObject()
                    .put("fingerprint", i.fingerprint())
                    .put("labels", labels(i.labels()))
                    .put(
                            "rule",
                            new JsonObject()
                                    .put("index", i.ruleIndex())
                                    .put(
                                            "sourceMatchers",
                                            new JsonArray(i.rule().source().stream()
                                                    .map(Object::toString)
                                                    .toList()))
                                    .put(
                                            "targetMatchers",
                                            new JsonArray(i.rule().target().stream()
                                                    .map(Object::toString)
                                                    .toList()))
                                    .put("equal", new JsonArray(i.rule().equal()))));
        }
        return new JsonObject()
                .put("at", time(a.at()))
                .put("labels", labels(a.labels()))
                .put("fingerprint", a.fingerprint())
                .put("alert", alert(a.alert()))
                .put("routes", routes)
                .put("silencedBy", silenced)
                .put("inhibitedBy", inhibited)
                .put(
                        "escalation",
                        a.escalation() == null
                                ? null
                                : new JsonObject()
                                        .put("policy", a.escalation().policy())
                                        .put("step", a.escalation().step())
                                        .put("nextAt", time(a.escalation().nextAt())))
                .put("verdict", a.verdict().wireName())
                .put("receivers", new JsonArray(a.receivers()))
                .put("summary", a.summary());
    }

    private static JsonObject alert(AlertStatus s) {
        if (s == null) {
            return null;
        }
        return new JsonObject()
                .put("status", s.status())
                .put("startsAt", time(s.startsAt()))
                .put("endsAt", time(s.endsAt()))
                .put(
                        "ack",
                        s.ack() == null
                                ? null
                                : new JsonObject()
                                        .put("by", s.ack().by())
                                        .put("comment", s.ack().comment())
                                        .put("at", time(s.ack().at())));
    }

    private static JsonObject timing(RouteTiming t) {
        return new JsonObject()
                .put("groupWait", go(t.groupWait()))
                .put("groupInterval", go(t.groupInterval()))
                .put("repeatInterval", go(t.repeatInterval()))
                // unset unless the route asks for it: resolves go out on the group's next tick
                .put("resolveWait", t.resolveWait() == null ? null : go(t.resolveWait()));
    }

    /** A duration as the config writes it: 30s, 5m, 4h, 1h30m. */
    static String go(Duration d) {
        long s = d.toSeconds();
        if (s == 0) {
            return d.toMillis() == 0 ? "0s" : d.toMillis() + "ms";
        }
        StringBuilder b = new StringBuilder();
        if (s >= 3600) {
            b.append(s / 3600).append('h');
            s %= 3600;
        }
        if (s >= 60) {
            b.append(s / 60).append('m');
            s %= 60;
        }
        if (s > 0) {
            b.append(s).append('s');
        }
        return b.toString();
    }
}
