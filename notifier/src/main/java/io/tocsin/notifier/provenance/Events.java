package io.tocsin.notifier.provenance;

import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.notifier.ack.Acknowledgement;
import io.tocsin.notifier.silence.Silence;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The provenance events, each with its one-sentence summary and detail. Pure. */
public final class Events {
    private Events() {}

    /**
     * Fired by a rule or posted to the API: the rule ({@code <group>/<alert>}), its version, and the
     * file and line it is written at, as the rules service puts them on the alert.
     */
    public static ProvenanceEvent fired(Alert a, Instant at) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("rule", a.source().startsWith("rule:") ? a.source().substring(5) : null);
        d.put("source", a.source());
        d.put("ruleVersion", a.ruleVersion().isEmpty() ? null : a.ruleVersion());
        d.put("file", a.ruleFile());
        d.put("line", a.ruleLine() > 0 ? a.ruleLine() : null);
        d.put("value", Double.isFinite(a.value()) ? a.value() : null);
        d.put("startsAt", a.startsAt() == null ? null : a.startsAt().toString());
        d.put("generatorURL", a.generatorURL().isEmpty() ? null : a.generatorURL());
        String value = Double.isFinite(a.value()) ? " at value " + a.value() : "";
        String where = a.ruleFile() == null ? "" : " at " + a.ruleFile() + ":" + a.ruleLine();
        return new ProvenanceEvent(
                a.fingerprint(),
                at,
                EventKind.FIRED,
                a.name() + " fired (" + a.source() + where + ")" + value,
                d,
                a.labels());
    }

    public static ProvenanceEvent resolved(Alert a, Instant at) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("source", a.source());
        d.put("value", Double.isFinite(a.value()) ? a.value() : null);
        d.put("endsAt", a.endsAt() == null ? null : a.endsAt().toString());
        return new ProvenanceEvent(a.fingerprint(), at, EventKind.RESOLVED, a.name() + " resolved", d, a.labels());
    }

    /** Routed to one receiver: the selected route, its group key and timers, and the walk that led there. */
    public static ProvenanceEvent routed(String fp, RouteStep to, List<RouteStep> walk, Instant at) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("route", to.path());
        d.put("receiver", to.receiver());
        d.put("groupKey", to.groupKey());
        d.put("groupWait", to.timing().groupWait().toString());
        d.put("groupInterval", to.timing().groupInterval().toString());
        d.put("repeatInterval", to.timing().repeatInterval().toString());
        d.put("escalation", to.escalation());
        d.put(
                "walk",
                walk.stream()
                        .map(s -> s.path() + (s.selected() ? " selected" : s.matched() ? " matched" : " no match"))
                        .toList());
        return new ProvenanceEvent(
                fp,
                at,
                EventKind.ROUTED,
                "routed by route " + to.path() + " to " + to.receiver() + " in group " + to.groupKey(),
                d,
                null);
    }

    public static ProvenanceEvent silenced(String fp, String receiver, List<Silence> by, Instant at) {
        Silence s = by.get(0);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("silenceId", s.id());
        d.put("silenceIds", by.stream().map(Silence::id).toList());
        d.put("createdBy", s.createdBy());
        d.put("comment", s.comment());
        d.put("endsAt", s.endsAt().toString());
        d.put("receiver", receiver);
        return new ProvenanceEvent(
                fp,
                at,
                EventKind.SILENCED,
                "silenced by " + s.id() + " (created by " + s.createdBy() + ": " + s.comment() + ") until "
                        + s.endsAt(),
                d,
                null);
    }

    public static ProvenanceEvent unsilenced(String fp, String receiver, Instant at) {
        return new ProvenanceEvent(
                fp, at, EventKind.UNSILENCED, "no silence applies any more", Map.of("receiver", receiver), null);
    }

    public static ProvenanceEvent inhibited(String fp, String receiver, Mutes.Inhibitor by, Instant at) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("sourceFingerprint", by.source().fingerprint());
        d.put("sourceAlertname", by.source().name());
        d.put("ruleIndex", by.ruleIndex());
        d.put("equal", by.rule().equal());
        d.put("receiver", receiver);
        return new ProvenanceEvent(
                fp,
                at,
                EventKind.INHIBITED,
                "inhibited by " + by.source().name() + " " + by.source().fingerprint() + " (inhibit rule "
                        + by.ruleIndex() + ")",
                d,
                null);
    }

    public static ProvenanceEvent uninhibited(String fp, String receiver, Instant at) {
        return new ProvenanceEvent(
                fp, at, EventKind.UNINHIBITED, "no alert inhibits it any more", Map.of("receiver", receiver), null);
    }

    public static ProvenanceEvent muted(String fp, String receiver, List<String> intervals, Instant at) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("timeInterval", intervals.get(0));
        d.put("timeIntervals", intervals);
        d.put("receiver", receiver);
        return new ProvenanceEvent(
                fp,
                at,
                EventKind.MUTED,
                "muted for " + receiver + " by time interval " + String.join(", ", intervals),
                d,
                null);
    }

    public static ProvenanceEvent unmuted(String fp, String receiver, Instant at) {
        return new ProvenanceEvent(
                fp,
                at,
                EventKind.UNMUTED,
                "no time interval mutes it for " + receiver + " any more",
                Map.of("receiver", receiver),
                null);
    }

    public static ProvenanceEvent deduped(String fp, String receiver, String groupKey, String reason, Instant at) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("receiver", receiver);
        d.put("groupKey", groupKey);
        d.put("reason", reason);
        return new ProvenanceEvent(fp, at, EventKind.DEDUPED, "not told again to " + receiver + ": " + reason, d, null);
    }

    public static ProvenanceEvent notified(
            String fp,
            String receiver,
            String groupKey,
            AlertState status,
            String decisionId,
            String reason,
            Instant at) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("receiver", receiver);
        d.put("groupKey", groupKey);
        d.put("status", status.wireName());
        d.put("decisionId", decisionId);
        d.put("reason", reason);
        return new ProvenanceEvent(
                fp,
                at,
                EventKind.NOTIFIED,
                receiver + " told " + status.wireName() + " (decision " + decisionId + "): " + reason,
                d,
                null);
    }

    public static ProvenanceEvent escalation(
            String fp, String policy, int step, int steps, List<String> receivers, Instant at) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("policy", policy);
        d.put("step", step);
        d.put("receiver", String.join(",", receivers));
        d.put("receivers", receivers);
        return new ProvenanceEvent(
                fp,
                at,
                EventKind.ESCALATION,
                "escalation policy " + policy + " step " + step + " of " + steps + " paged "
                        + String.join(", ", receivers),
                d,
                null);
    }

    public static ProvenanceEvent acknowledged(String fp, Acknowledgement ack, Instant at) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("by", ack.by());
        d.put("comment", ack.comment());
        d.put("ackAt", ack.at().toString());
        return new ProvenanceEvent(
                fp,
                at,
                EventKind.ACKNOWLEDGED,
                "acknowledged by " + ack.by() + (ack.comment().isEmpty() ? "" : ": " + ack.comment()),
                d,
                null);
    }

    /** One delivery attempt of a decision through one integration. */
    public static ProvenanceEvent delivery(
            String fp,
            String decisionId,
            String receiver,
            String integration,
            String destination,
            int attempt,
            String outcome,
            Integer httpStatus,
            long latencyMs,
            String detail,
            Instant at) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("decisionId", decisionId);
        d.put("receiver", receiver);
        d.put("integration", integration);
        d.put("destination", destination);
        d.put("attempt", attempt);
        d.put("outcome", outcome);
        d.put("httpStatus", httpStatus);
        d.put("latencyMs", latencyMs);
        d.put("detail", detail == null || detail.isEmpty() ? null : detail);
        return new ProvenanceEvent(
                fp,
                at,
                EventKind.DELIVERY,
                "attempt " + attempt + " via " + integration + " to " + receiver + ": " + outcome
                        + (httpStatus == null ? "" : " (HTTP " + httpStatus + ")") + " in " + latencyMs + " ms",
                d,
                null);
    }
}
