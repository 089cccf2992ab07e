package io.tocsin.notifier.dispatch;

import io.micrometer.core.instrument.MeterRegistry;
import io.tocsin.core.wire.Alert;
import io.tocsin.notifier.escalation.EscalationPolicy;
import io.tocsin.notifier.ledger.LedgerEntry;
import io.tocsin.notifier.provenance.GroupRecorder;
import io.tocsin.notifier.timeinterval.TimeInterval;
import io.tocsin.notifier.timeinterval.TimeIntervals;
import io.tocsin.ops.streams.CommitHook;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 2, keyed by group: keeps each group's state, and flushes groups when they are due. Due
 * times live in an index ordered by time, read from the front by a wall-clock punctuator, so the
 * cost of a tick is the number of groups due, not the number of groups.
 *
 * <p>Groups and timers are kept as objects ({@link HeldGroups}, {@link DueTimers}), loaded from
 * the stores when the task starts; what changed is written to the stores once per commit
 * ({@link CommitHook}). An alert into a group of n costs O(log n) in memory and one small binary
 * entry in the changelog ({@link GroupCodec}): writing the whole group (JSON) per alert, then per
 * commit, made an alert storm into one alertname cost O(group size) per alert. The transaction
 * still holds exactly the state and decisions that go with its input offsets.
 */
final class GroupProcessor implements Processor<String, Routed, String, LedgerEntry> {
    private static final Logger log = LoggerFactory.getLogger(GroupProcessor.class);
    /** Bounds one punctuation; the rest stay due and are taken on the next one, a millisecond later. */
    private static final int MAX_FLUSHES_PER_TICK = 10_000;

    private final Clock clock;
    private final Mutes mutes;
    // Read at each flush: a config reload changes them for every group from its next flush.
    private final Supplier<Map<String, EscalationPolicy>> policies;
    private final Supplier<Map<String, List<TimeInterval>>> intervals;
    private final GroupView view;
    private final GroupRecorder provenance;
    private final DecisionCounters decisions;
    private String task;
    private ProcessorContext<String, LedgerEntry> context;
    private KeyValueStore<String, byte[]> groups;
    private DueTimers dueIndex;
    /**
     * Reads the due index when its earliest time comes. A flush is due at an exact moment (a
     * group's tick); the stream thread wakes at least every poll.ms (10 ms, see NotifyTopology),
     * so a flush runs within about that much of its moment. A fixed 200 ms tick (and 100 ms poll,
     * 100 ms commit) were most of the 0.5-1.5 s by which first notifications used to be late.
     */
    private Wakeup wakeup;
    /** Every group of this task, as the store holds it plus what changed since the last commit. */
    private final HeldGroups held = new HeldGroups();

    GroupProcessor(
            Clock clock,
            MeterRegistry registry,
            Mutes mutes,
            Supplier<Map<String, EscalationPolicy>> policies,
            Supplier<Map<String, List<TimeInterval>>> intervals,
            GroupView view,
            GroupRecorder provenance) {
        this.view = view;
        this.provenance = provenance;
        this.clock = clock;
        this.policies = policies;
        this.intervals = intervals;
        this.mutes = mutes;
        this.decisions = new DecisionCounters(registry);
    }

    @Override
    public void init(ProcessorContext<String, LedgerEntry> context) {
        this.context = context;
        this.groups = context.getStateStore(NotifyTopology.GROUPS);
        this.dueIndex = new DueTimers(context.getStateStore(NotifyTopology.DUE));
        mutes.init(context);
        provenance.init(context, NotifyTopology.SILENCES, NotifyTopology.INHIBITING);
        // Runs once the store is restored: the view starts from what the store holds.
        task = context.taskId().toString();
        view.drop(task);
        try (KeyValueIterator<String, byte[]> it = groups.all()) {
            held.load(() -> it);
        }
        held.forEach((id, g) -> view.put(task, id, g));
        CommitHook.register(context, NotifyTopology.GROUP_COMMIT, this::writeChanged);
        // The punctuation reads the injected clock, not its timestamp argument, so tests drive
        // both the driver's wall clock and the notifier's clock.
        wakeup = new Wakeup(context, this::flushEveryDue);
        wakeup.next(dueIndex.firstDueMillis(), clock.millis());
    }

    @Override
    public void process(Record<String, Routed> record) {
        Routed routed = record.value();
        if (routed == null) {
            return;
        }
        // The route stage's events about the alert, if it carried them: written with the flush
        // this record brings about (group_wait 0s), else on their own once it is processed. A
        // failure aborts the transaction and init forgets them; the record is read again.
        provenance.carried(routed.provenance());
        process(record.key(), routed, record.timestamp());
        provenance.settle();
    }

    private void process(String id, Routed routed, long timestamp) {
        Instant now = clock.instant();
        AlertGroup before = held.get(id);
        if (routed.ack() != null) {
            // An acknowledgement: the group is flushed now, which tells its receivers and stops
            // escalation. A group that is gone or already acknowledged has nothing to stop.
            if (before != null && before.ack() == null) {
                AlertGroup acked = save(id, before, before.acknowledged(routed.ack(), now));
                flush(id, acked, now, false);
                wakeup.by(dueIndex.firstDueMillis(), now.toEpochMilli());
            }
            return;
        }
        Alert alert = routed.alert();
        if (before == null && !AlertGroup.firing(alert, now)) {
            return;
        }
        // group_wait counts from when the alert reached Tocsin (the record's time, set when the
        // API or the rules produced it), as Alertmanager counts from its API, not from when it
        // came through Kafka's hops to this stage.
        // Reached late (a loaded broker), it still waits a moment for its batch (AlertGroup.batch).
        Instant received = timestamp > 0 && timestamp < now.toEpochMilli() ? Instant.ofEpochMilli(timestamp) : now;
        Instant latest = now.minus(routed.group().timing().groupWait()).plus(AlertGroup.batch(routed.group()));
        received = received.isBefore(latest) ? latest : received;
        AlertGroup opened = before == null ? AlertGroup.open(routed.group(), received) : before;
        AlertGroup after = held.receive(id, opened, routed.group(), alert, now);
        if (after == null) {
            return; // nothing new for the group
        }
        if (before == null || !Objects.equals(before.due(), after.due())) {
            timers(id, before, after);
        }
        view.put(task, id, after);
        // A due time already reached (group_wait 0s, a past endsAt) flushes now, not a tick later.
        if (after.due() != null && !after.due().isAfter(now)) {
            flushDue(id, after, now);
        }
        wakeup.by(dueIndex.firstDueMillis(), now.toEpochMilli());
    }

    /**
     * Flushes a group whose due time has come: at its tick, or now for an off-tick due. The due
     * index keys times by the millisecond, while a group's ticks keep the clock's finer part (one
     * opened with group_wait 0s ticks from the moment its first alert came), so the timer runs
     * once the clock reaches the due millisecond, up to a millisecond short of the due moment
     * itself: the flush stands for that moment, not for the tick before it (a whole
     * group_interval early, before the resolve it tells may even have arrived).
     */
    private void flushDue(String id, AlertGroup g, Instant now) {
        Instant at = AlertGroup.later(now, g.due());
        boolean onTick = Ticks.isTick(g, g.due());
        flush(id, g, onTick ? Ticks.latestAtOrBefore(g, at) : at, onTick);
    }

    private void flushEveryDue() {
        Instant now = clock.instant();
        List<KeyValue<String, String>> due = dueIndex.upTo(now.toEpochMilli(), MAX_FLUSHES_PER_TICK);
        for (KeyValue<String, String> entry : due) {
            dueIndex.delete(entry.key);
            AlertGroup g = held.get(entry.value);
            // An entry whose group moved its due time is stale: the group has another entry.
            if (g != null
                    && g.due() != null
                    && DueIndex.key(g.due(), entry.value).equals(entry.key)) {
                flushDue(entry.value, g, now);
            }
        }
        wakeup.next(dueIndex.firstDueMillis(), clock.millis());
    }

    private void flush(String id, AlertGroup g, Instant now, boolean onTick) {
        // A route outside its active times (or inside its mute times) tells nothing new, but a
        // resolve still reaches whoever heard the alert fire.
        boolean timeMuted = TimeIntervals.muted(
                intervals.get(), g.ref().muting().mute(), g.ref().muting().active(), now);
        Flush f = Flush.of(g, now, onTick, timeMuted ? a -> true : mutes.at(now));
        String policyName = g.ref().escalation() != null
                ? g.ref().escalation()
                : g.escalation() != null ? g.escalation().policy() : null;
        Tells t = Tells.of(g, f, policyName == null ? null : policies.get().get(policyName), now);
        provenance.flushed(id, g, f, t, now);
        for (int i = 0; i < t.tells().size(); i++) {
            emit(
                    g,
                    t.next() == null ? g : t.next(),
                    t.tells().get(i),
                    t.decisionIds().get(i),
                    now);
        }
        if (t.tells().isEmpty()) {
            log.debug("{}: {}", id, f.decision());
        } else {
            // Decisions reach delivery when their transaction commits: commit now (paced under
            // load) rather than at the next commit interval.
            CommitPacer.ofThisThread().request(context);
        }
        if (t.next() == null) {
            if (g.due() != null) {
                dueIndex.delete(DueIndex.key(g.due(), id));
            }
            held.remove(id);
            view.remove(task, id);
        } else {
            save(id, g, t.next());
        }
    }

    /** Holds the group as {@code next} and keeps its one index entry in step; returns the record held. */
    private AlertGroup save(String id, AlertGroup before, AlertGroup next) {
        AlertGroup after = held.put(id, next);
        timers(id, before, after);
        view.put(task, id, after);
        return after;
    }

    /** Keeps the group's one index entry in step with its due time. */
    private void timers(String id, AlertGroup before, AlertGroup after) {
        if (before != null && before.due() != null && !before.due().equals(after.due())) {
            dueIndex.delete(DueIndex.key(before.due(), id));
        }
        if (after.due() != null) {
            dueIndex.put(DueIndex.key(after.due(), id), id);
        }
    }

    /** As a commit is prepared: each group changed since the last one, written (or deleted) once. */
    private void writeChanged() {
        CommitPacer.ofThisThread().committed();
        held.writeChanged((key, value) -> {
            if (value == null) {
                groups.delete(key);
            } else {
                groups.put(key, value);
            }
        });
        dueIndex.writeChanged();
    }

    @Override
    public void close() {
        CommitPacer.ofThisThread().forget(context);
        held.clear();
        if (task != null) {
            view.drop(task);
        }
    }

    private void emit(AlertGroup g, AlertGroup after, Tells.Tell tell, String decisionId, Instant now) {
        GroupRef ref = g.ref();
        LedgerEntry entry = LedgerEntry.decision(
                decisionId,
                tell.receiver(),
                ref.groupKey(),
                ref.groupLabels(),
                tell.status(),
                tell.alerts(),
                after.ack(),
                tell.reason(),
                now);
        log.debug(
                "{} -> {} {} {} alerts: {}",
                ref.id(),
                tell.receiver(),
                tell.status(),
                tell.alerts().size(),
                tell.reason());
        decisions.of(tell.receiver(), tell.status()).increment();
        context.forward(new Record<>(entry.key(), entry, now.toEpochMilli()));
    }

    /** What silences and inhibitions mute; step two fills it in. */
    interface Mutes {
        void init(ProcessorContext<?, ?> context);

        Predicate<Alert> at(Instant now);

        Mutes NONE = new Mutes() {
            @Override
            public void init(ProcessorContext<?, ?> context) {}

            @Override
            public Predicate<Alert> at(Instant now) {
                return a -> false;
            }
        };
    }
}
