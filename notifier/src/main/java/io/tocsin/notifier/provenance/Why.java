package io.tocsin.notifier.provenance;

import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.core.wire.Fingerprint;
import io.tocsin.core.wire.Labels;
import io.tocsin.notifier.inhibit.InhibitRule;
import io.tocsin.notifier.route.Route;
import io.tocsin.notifier.silence.Silence;
import io.tocsin.notifier.timeinterval.TimeInterval;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * "Why was (or wasn't) this paged?": the route walk for a label set at an instant, with the
 * silences, inhibition and time intervals in force then, and the verdict. Pure: everything it
 * knows comes in {@link Input}.
 */
public final class Why {
    private Why() {}

    public enum Verdict {
        NOTIFY,
        SILENCED,
        INHIBITED,
        MUTED,
        NO_ROUTE,
        ACKNOWLEDGED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** An inhibition recorded in the alert's history, for an instant whose source no longer fires. */
    public record RecordedInhibition(String sourceFingerprint, String sourceAlertname, int ruleIndex) {}

    /** Where the alert's group is in its escalation policy. */
    public record EscalationState(String policy, int step, Instant nextAt) {}

    /**
     * @param silences   every silence known, expired ones included: each is judged by its own times at {@code at}
     * @param sources    alerts that were firing at {@code at} and may inhibit
     * @param recorded   the inhibition the history shows in force at {@code at}, or null
     * @param alert      the alert's recorded state at {@code at}, or null
     * @param escalation the escalation of its group, or null
     */
    public record Input(
            Labels labels,
            Instant at,
            Route root,
            List<InhibitRule> rules,
            Map<String, List<TimeInterval>> intervals,
            List<Silence> silences,
            List<Alert> sources,
            RecordedInhibition recorded,
            AlertStatus alert,
            EscalationState escalation) {}

    /** One route tried, and the time intervals muting it at the instant (selected routes only). */
    public record RouteVerdict(RouteStep step, List<String> mutedBy) {}

    public record InhibitedBy(String fingerprint, Labels labels, int ruleIndex, InhibitRule rule) {}

    public record Answer(
            Instant at,
            Labels labels,
            String fingerprint,
            AlertStatus alert,
            List<RouteVerdict> routes,
            List<Silence> silencedBy,
            List<InhibitedBy> inhibitedBy,
            EscalationState escalation,
            Verdict verdict,
            List<String> receivers,
            String summary) {}

    public static Answer explain(Input in) {
        List<RouteStep> walk = RouteWalk.of(in.root(), in.labels());
        List<RouteStep> chosen = RouteWalk.oncePerReceiver(walk);
        List<RouteVerdict> routes = new ArrayList<>();
        List<String> unmuted = new ArrayList<>();
        List<String> mutedPaths = new ArrayList<>();
        List<String> mutingNames = new ArrayList<>();
        for (RouteStep s : walk) {
            List<String> mutedBy = s.selected()
                    ? Mutes.timeMutedBy(in.intervals(), s.muteTimeIntervals(), s.activeTimeIntervals(), in.at())
                    : List.of();
            routes.add(new RouteVerdict(s, mutedBy));
            if (chosen.contains(s)) {
                if (mutedBy.isEmpty()) {
                    unmuted.add(s.receiver());
                } else {
                    mutedPaths.add(s.path());
                    mutedBy.stream().filter(n -> !mutingNames.contains(n)).forEach(mutingNames::add);
                }
            }
        }
        List<Silence> silencedBy = Mutes.silencing(in.silences(), in.labels(), in.at());
        List<InhibitedBy> inhibitedBy = new ArrayList<>();
        Alert target = new Alert(in.labels(), null, AlertState.FIRING, Double.NaN, in.at(), null, "why", "", "");
        Mutes.Inhibitor inh = Mutes.inhibitor(in.rules(), target, in.sources(), in.at());
        if (inh != null) {
            inhibitedBy.add(
                    new InhibitedBy(inh.source().fingerprint(), inh.source().labels(), inh.ruleIndex(), inh.rule()));
        } else if (in.recorded() != null
                && in.recorded().ruleIndex() < in.rules().size()) {
            RecordedInhibition r = in.recorded();
            Labels l = r.sourceAlertname() == null ? Labels.EMPTY : Labels.of("alertname", r.sourceAlertname());
            inhibitedBy.add(new InhibitedBy(
                    r.sourceFingerprint(), l, r.ruleIndex(), in.rules().get(r.ruleIndex())));
        }

        Verdict verdict;
        String summary;
        if (chosen.isEmpty()) {
            verdict = Verdict.NO_ROUTE;
            summary = "Not paged: no route matches these labels";
        } else if (!silencedBy.isEmpty()) {
            verdict = Verdict.SILENCED;
            Silence s = silencedBy.get(0);
            summary = "Not paged: silenced by " + s.id() + " (created by " + s.createdBy() + ": " + s.comment()
                    + ") until " + s.endsAt();
        } else if (!inhibitedBy.isEmpty()) {
            verdict = Verdict.INHIBITED;
            InhibitedBy i = inhibitedBy.get(0);
            String name = i.labels().get("alertname");
            summary = "Not paged: inhibited by " + (name == null ? "" : name + " ") + i.fingerprint()
                    + " (inhibit rule " + i.ruleIndex()
                    + (i.rule().equal().isEmpty() ? "" : ", equal " + i.rule().equal())
                    + ")";
        } else if (unmuted.isEmpty()) {
            verdict = Verdict.MUTED;
            summary = "Not paged: route " + String.join(", ", mutedPaths) + " muted by time interval "
                    + String.join(", ", mutingNames);
        } else if (in.alert() != null
                && "firing".equals(in.alert().status())
                && in.alert().ack() != null) {
            verdict = Verdict.ACKNOWLEDGED;
            summary = "Acknowledged by " + in.alert().ack().by()
                    + (in.alert().ack().comment().isEmpty()
                            ? ""
                            : " (" + in.alert().ack().comment() + ")")
                    + ": " + String.join(", ", unmuted) + " heard of it; no repeats or escalation";
        } else {
            verdict = Verdict.NOTIFY;
            summary = "Paged: " + String.join(", ", unmuted) + " "
                    + ("firing".equals(in.alert() == null ? null : in.alert().status()) ? "is" : "would be")
                    + " notified via route "
                    + String.join(
                            ", ",
                            chosen.stream()
                                    .filter(s -> unmuted.contains(s.receiver()))
                                    .map(s -> s.path() + " (group " + s.groupKey() + ")")
                                    .toList())
                    + (mutedPaths.isEmpty()
                            ? ""
                            : "; route " + String.join(", ", mutedPaths) + " muted by "
                                    + String.join(", ", mutingNames));
        }
        List<String> receivers =
                verdict == Verdict.NOTIFY || verdict == Verdict.ACKNOWLEDGED ? List.copyOf(unmuted) : List.of();
        return new Answer(
                in.at(),
                in.labels(),
                Fingerprint.of(in.labels()),
                in.alert(),
                routes,
                silencedBy,
                inhibitedBy,
                in.escalation(),
                verdict,
                receivers,
                summary);
    }
}
