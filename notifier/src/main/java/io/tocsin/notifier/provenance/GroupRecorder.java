package io.tocsin.notifier.provenance;

import io.tocsin.core.label.Matcher;
import io.tocsin.core.wire.Alert;
import io.tocsin.notifier.dispatch.AlertGroup;
import io.tocsin.notifier.dispatch.Flush;
import io.tocsin.notifier.dispatch.Tells;
import io.tocsin.notifier.escalation.Escalation;
import io.tocsin.notifier.escalation.EscalationPolicy;
import io.tocsin.notifier.inhibit.InhibitRule;
import io.tocsin.notifier.silence.Silence;
import io.tocsin.notifier.timeinterval.TimeInterval;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * The group stage's decisions at each flush, per alert: which silences, inhibition and time
 * intervals mute it (recorded when that changes), that the receiver was not told again
 * (deduped, once per firing episode), every notification with its decision id, and each
 * escalation step sent. What was last recorded per group is kept in memory only: after a restart
 * or rebalance the first flush records the mute state again, and the history drops the repeat.
 */
public final class GroupRecorder {
    // Read at each flush, as the dispatch reads them: a config reload changes them from the next one.
    private final Supplier<List<InhibitRule>> rules;
    private final Supplier<Map<String, List<TimeInterval>>> intervals;
    private final Supplier<Map<String, EscalationPolicy>> policies;
    private final Emitter emitter = new Emitter(ProvenanceTopology.GROUP_OUT);
    /** Group id → fingerprint → what was last recorded about its muting and dedupe. */
    private final Map<String, Map<String, Seen>> seen = new HashMap<>();

    /** The route stage's events carried in the record being processed, until written. */
    private AlertEvents carried;

    private TimestampedKeyValueStore<String, Silence> silenceStore;
    private TimestampedKeyValueStore<String, Alert> inhibitingStore;

    private record Seen(List<String> silences, String inhibitor, List<String> intervals, String dedupedEpisode) {}

    public GroupRecorder(
            Supplier<List<InhibitRule>> rules,
            Supplier<Map<String, List<TimeInterval>>> intervals,
            Supplier<Map<String, EscalationPolicy>> policies) {
        this.rules = rules;
        this.intervals = intervals;
        this.policies = policies;
    }

    /** @param silences the global silences store, @param inhibiting the global inhibiting store */
    public void init(ProcessorContext<?, ?> context, String silences, String inhibiting) {
        emitter.init(context);
        silenceStore = context.getStateStore(silences);
        inhibitingStore = context.getStateStore(inhibiting);
        seen.clear();
        carried = null;
    }

    /**
     * The route stage's events about the alert of the record now processed ({@link
     * io.tocsin.notifier.dispatch.Routed#provenance}): written ahead of the group's own events about
     * it if the record flushes the group, else alone by {@link #settle}. Either way in this
     * stage's transaction, the one that consumes the record, so exactly once.
     */
    public void carried(AlertEvents events) {
        carried = events;
    }

    /** Once the record is processed: the carried events that no flush wrote, as one record. */
    public void settle() {
        if (carried != null) {
            AlertEvents e = carried;
            carried = null;
            emitter.emit(e.events());
        }
    }

    /**
     * After a flush of group {@code g} (state before the flush) decided {@code f} and told {@code t}.
     *
     * @param id the group's id ({@code g.ref().id()}) as the dispatch holds it: kept as this
     *     group's key here, the same instance, rather than a copy made at every flush
     */
    public void flushed(String id, AlertGroup g, Flush f, Tells t, Instant now) {
        // One record per alert for the whole flush (AlertEvents), not one per event.
        List<ProvenanceEvent> out = new ArrayList<>();
        if (carried != null) {
            out.addAll(carried.events()); // first: fired and routed come before what the group decided
            carried = null;
        }
        String receiver = g.ref().receiver();
        Map<String, Seen> before = seen.getOrDefault(id, Map.of());
        Map<String, Seen> after = new HashMap<>();
        // Compiled once per flush, not per alert: compiled() compiles a silence's regexes.
        List<Map.Entry<Silence, List<Matcher>>> silences = new ArrayList<>();
        for (Silence s : values(silenceStore)) {
            if (s.state(now) == Silence.State.ACTIVE) {
                silences.add(Map.entry(s, s.compiled()));
            }
        }
        List<InhibitRule> rules = this.rules.get();
        List<Alert> sources = rules.isEmpty() ? List.of() : values(inhibitingStore);
        List<String> timeMuted = Mutes.timeMutedBy(
                intervals.get(), g.ref().muting().mute(), g.ref().muting().active(), now);
        Set<String> unmutedFiring = f.firing().stream().map(Alert::fingerprint).collect(Collectors.toSet());
        for (Alert a : g.alerts().values()) {
            if (!AlertGroup.firing(a, now)) {
                continue;
            }
            String fp = a.fingerprint();
            Seen was = before.get(fp);
            List<Silence> by = silences.stream()
                    .filter(e -> e.getValue().stream().allMatch(m -> m.matches(a.labels())))
                    .map(Map.Entry::getKey)
                    .toList();
            Mutes.Inhibitor inh = Mutes.inhibitor(rules, a, sources, now);
            List<String> silenceIds = by.stream().map(Silence::id).toList();
            String inhibitor = inh == null ? null : inh.source().fingerprint() + "/" + inh.ruleIndex();
            if (!silenceIds.equals(was == null ? List.of() : was.silences())) {
                out.add(
                        silenceIds.isEmpty()
                                ? Events.unsilenced(fp, receiver, now)
                                : Events.silenced(fp, receiver, by, now));
            }
            if (!Objects.equals(inhibitor, was == null ? null : was.inhibitor())) {
                out.add(inh == null ? Events.uninhibited(fp, receiver, now) : Events.inhibited(fp, receiver, inh, now));
            }
            if (!timeMuted.equals(was == null ? List.of() : was.intervals())) {
                out.add(
                        timeMuted.isEmpty()
                                ? Events.unmuted(fp, receiver, now)
                                : Events.muted(fp, receiver, timeMuted, now));
            }
            String episode = a.startsAt() == null ? "" : a.startsAt().toString();
            String deduped = was == null ? null : was.dedupedEpisode();
            if (!f.decision().notifies() && unmutedFiring.contains(fp) && !episode.equals(deduped)) {
                out.add(Events.deduped(
                        fp, receiver, g.ref().groupKey(), f.decision().reason(), now));
                deduped = episode;
            }
            after.put(fp, new Seen(silenceIds, inhibitor, timeMuted, deduped));
        }
        if (t.next() == null) {
            seen.remove(id);
        } else {
            // Most groups hold one alert (every alert its own group): a one-entry map is a
            // fifth of a HashMap's size, and this is kept for every held group.
            seen.put(id, after.size() == 1 ? Map.copyOf(after) : after);
        }
        for (int i = 0; i < t.tells().size(); i++) {
            Tells.Tell tell = t.tells().get(i);
            String decision = t.decisionIds().get(i);
            for (Alert a : tell.alerts()) {
                out.add(Events.notified(
                        a.fingerprint(),
                        tell.receiver(),
                        g.ref().groupKey(),
                        tell.status(),
                        decision,
                        tell.reason(),
                        now));
            }
        }
        escalated(g.escalation(), t.next() == null ? null : t.next().escalation(), f.firing(), now, out);
        if (!out.isEmpty()) {
            emitter.emit(out);
        }
    }

    private void escalated(
            Escalation before, Escalation after, List<Alert> firing, Instant now, List<ProvenanceEvent> out) {
        if (after == null || firing.isEmpty()) {
            return;
        }
        EscalationPolicy p = policies.get().get(after.policy());
        if (p == null) {
            return;
        }
        int from = before == null || !before.policy().equals(after.policy()) ? 0 : before.nextStep();
        for (int k = from; k < after.nextStep(); k++) {
            for (Alert a : firing) {
                out.add(Events.escalation(
                        a.fingerprint(),
                        p.name(),
                        k + 1,
                        p.totalSteps(),
                        p.step(k).receivers(),
                        now));
            }
        }
    }

    private static <V> List<V> values(TimestampedKeyValueStore<String, V> store) {
        List<V> out = new ArrayList<>();
        try (KeyValueIterator<String, ValueAndTimestamp<V>> it = store.all()) {
            it.forEachRemaining(kv -> {
                if (kv.value != null && kv.value.value() != null) {
                    out.add(kv.value.value());
                }
            });
        }
        return out;
    }
}
