package io.tocsin.rules.topology;

import io.tocsin.core.json.SampleDeserializer;
import io.tocsin.core.kafka.Topics;
import io.tocsin.core.wire.Labels;
import io.tocsin.core.wire.PushStamp;
import io.tocsin.core.wire.Sample;
import io.tocsin.ops.streams.CommitHook;
import io.tocsin.rules.eval.CounterDelta;
import io.tocsin.rules.eval.Partial;
import io.tocsin.rules.eval.SamplePartials;
import io.tocsin.rules.model.Aggregation;
import io.tocsin.rules.model.Rule;
import io.tocsin.rules.model.RuleSet;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 1, keyed like the input (by series): finds the rules that select a sample, turns counter
 * samples into increases (one last value per series, so resets are seen where the series lives),
 * and folds them into a partial per (rule, group, bucket), one for all the rules that read input
 * alike ({@link InputShare}); the partials go to stage 2 as each commit is prepared, batched by
 * slot. This map-side combine is what keeps the repartition topic small.
 *
 * <p>Which shares select a series, and into which group, depends on its name and labels alone:
 * it is worked out once per series and rule set ({@link Series#routes}), not at every sample.
 */
final class SeriesStage implements Processor<Bytes, byte[], Integer, UpdateBatch> {
    private static final Logger log = LoggerFactory.getLogger(SeriesStage.class);

    private final Supplier<RuleSet> rules;
    private final TopologySettings settings;
    private final InputLag lag;
    private final Listeners listeners;
    private final CombineBuffer combine = new CombineBuffer();
    private ProcessorContext<Integer, UpdateBatch> context;
    private KeyValueStore<Integer, CounterPage> counters;
    private final CounterPages<Series> pages = new CounterPages<>();
    /** By the record key, as it comes: a known series' samples are found without decoding it. */
    private final Map<Bytes, Series> series = new HashMap<>();

    private final SampleDeserializer samples = new SampleDeserializer();
    private long lastHeartbeat; // 0: the first tick sends one
    /** The {@link Listeners#epoch} at the last heartbeats: after it moves, they go again. */
    private long heartbeatListeners;
    /** The rule set the last heartbeats were for: another one is told to stage 2 at once. */
    private RuleSet heartbeatsOf;

    private SourceClock clock;
    private StageWakeup wakeup;
    /** Where this thread's stage-1 tasks tell each other that a push is wholly read: see {@link PushEnds}. */
    private PushEnds ends;
    /** A push ended when a commit could not be asked yet: ask once the spacing allows. */
    private boolean commitOwed;

    private RuleSet absencesOf;
    private List<InputShare> absences = List.of();
    private RuleSet sharesOf;
    private InputShares shares;

    /** A share that selects a series, the group the series falls in, and how it selects it. */
    /** @param byArrival the share's windows are judged by push arrival: its partials are kept per push */
    private record Route(InputShare share, Target target, boolean inSelect, boolean inOver, boolean byArrival) {}

    /** What stage 1 keeps per series: its counter's last value, and where its samples go. */
    private static final class Series {
        final String id;
        CounterDelta.Last last;
        /** Where its counter is stored; null until it first counts. */
        CounterPages.Page<Series> page;

        InputShares routedBy;
        Route[] routes;
        /**
         * A series' labels never change (they make its id): taken from its first sample per rule set,
         * and kept only if a rule reads them (histogram_quantile, its {@code le}); empty otherwise, as
         * a million series' label sets would be memory held for nothing.
         */
        Labels labels;

        Series(String id) {
            this.id = id;
        }
    }

    SeriesStage(Supplier<RuleSet> rules, TopologySettings settings, InputLag lag, Listeners listeners) {
        this.rules = rules;
        this.settings = settings;
        this.lag = lag;
        this.listeners = listeners;
    }

    @Override
    public void init(ProcessorContext<Integer, UpdateBatch> context) {
        this.context = context;
        this.counters = context.getStateStore(RulesTopology.COUNTER_STORE);
        series.clear(); // init runs again when a task is revived after a failure
        combine.clear();
        pages.clear();
        pages.restore(counters, (entry, page) -> {
            Series s = series.computeIfAbsent(keyOf(entry.seriesId()), k -> new Series(entry.seriesId()));
            s.last = entry.last();
            s.page = page;
            return s;
        });
        clock = new SourceClock(
                new Progress.Source(Progress.Input.SAMPLES, context.taskId().partition()),
                settings.idleAfter().toMillis(),
                settings.keepAlive().toMillis(),
                settings.progressRepeat().toMillis(),
                context.currentSystemTimeMs(),
                () -> lag.caughtUp(Topics.SAMPLES, context.taskId().partition()),
                listeners::epoch);
        CommitHook.register(context, RulesTopology.SERIES_COMMIT, this::beforeCommit);
        ends = PushEnds.onThisThread();
        ends.own(context.taskId().partition());
        commitOwed = false;
        heartbeatsOf = null;
        lastHeartbeat = 0;
        wakeup = new StageWakeup(context, this::tick);
        plan(context.currentSystemTimeMs());
    }

    /** The next punctuation: see {@link NextWake#stage1}; heartbeats ride on the progress keep-alive. */
    private void plan(long now) {
        long due = NextWake.stage1(
                combine.oldestMs(),
                settings.flushInterval().toMillis(),
                clock.nextDue(now, settings.flushInterval().toMillis()));
        if (rules.get() != heartbeatsOf) {
            due = now;
        }
        if (commitOwed) {
            due = Math.min(due, ends.nextAsk(minCommitGapMs()));
        } else if (!selectionAbsences(heartbeatsOf).isEmpty()) {
            due = Math.min(
                    due,
                    NextWake.nextOnGrid(lastHeartbeat, settings.progressRepeat().toMillis()));
        }
        wakeup.by(due, now);
    }

    /** The partials of every sample this commit covers go to stage 2, and the pages of the counters that moved to their store. */
    private void beforeCommit() {
        commitOwed = false;
        ends.committed(context.currentSystemTimeMs());
        combine.flush(context, List.of(), clock, context.currentSystemTimeMs());
        pages.writeDirty(page -> {
            List<CounterPage.Entry> entries = new ArrayList<>(page.members.size());
            for (Series s : page.members) {
                entries.add(new CounterPage.Entry(s.id, s.last));
            }
            counters.put(page.id, new CounterPage(entries));
        });
        plan(context.currentSystemTimeMs());
    }

    @Override
    public void process(Record<Bytes, byte[]> record) {
        if (record.value() == null) {
            skip("an empty sample", null);
            return;
        }
        InputShares current = shares();
        Series s = record.key() == null ? null : series.get(record.key());
        double value;
        long ts;
        try {
            if (s != null && s.routedBy == current) {
                SampleDeserializer.Point point = SampleDeserializer.point(Topics.SAMPLES, record.value());
                value = point.value();
                ts = point.timestampMs();
            } else {
                Sample sample = samples.deserialize(Topics.SAMPLES, record.value());
                // the topic is keyed by series id; a record written without a key still has one
                Bytes key = record.key() != null ? record.key() : keyOf(sample.seriesId());
                s = series.computeIfAbsent(key, k -> new Series(new String(k.get(), StandardCharsets.UTF_8)));
                s.routes = routes(current, sample);
                s.labels = readsLabels(s.routes) ? sample.labels() : Labels.EMPTY;
                s.routedBy = current;
                value = sample.value();
                ts = sample.timestampMs();
            }
        } catch (SerializationException | IllegalArgumentException e) {
            skip("a sample that cannot be read", e);
            return;
        }
        clock.read(ts, context.currentSystemTimeMs());
        PushStamp stamp = stampOf(record);
        if (stamp != null) {
            clock.readPush(stamp, context.currentSystemTimeMs());
        }
        Double increase = null;
        boolean increaseKnown = false;
        long previousTs = Long.MIN_VALUE; // of the sample the increase is counted from
        for (Route route : s.routes) {
            Rule rule = route.share().first();
            double v = value;
            long from = Long.MIN_VALUE;
            if (rule.aggregate().readsCounters()) {
                if (!increaseKnown) {
                    previousTs = s.last == null ? Long.MIN_VALUE : s.last.ts();
                    increase = counterIncrease(s, value, ts);
                    increaseKnown = true;
                }
                if (increase == null) {
                    continue;
                }
                v = rule.aggregate().perSeries() ? value : increase; // per-series runs keep raw values
                from = rule.aggregate().perSeries() ? Long.MIN_VALUE : previousTs;
            }
            Partial p = SamplePartials.of(rule, s.labels, v, ts, route.inSelect(), route.inOver());
            if (p != null) {
                long bucket = IncreaseBucket.of(ts, from, rule.bucketMs(), stamp != null && route.byArrival());
                if (stamp != null && route.byArrival()) {
                    combine.add(
                            route.target(),
                            bucket,
                            stamp.writer(),
                            stamp.arrivalMs(),
                            p,
                            context.currentSystemTimeMs());
                } else {
                    combine.add(route.target(), bucket, p, context.currentSystemTimeMs());
                }
            }
        }
        if (stamp != null && ends.read(context.taskId().partition(), stamp, s.routes.length > 0)) {
            askCommit(context.currentSystemTimeMs());
        }
        plan(context.currentSystemTimeMs());
    }

    /** A push that fed a rule is wholly read on this thread: its partials go to stage 2 now (see {@link PushEnds}). */
    private void askCommit(long now) {
        if (ends.mayAsk(now, minCommitGapMs())) {
            context.commit();
            commitOwed = false;
        } else {
            commitOwed = true;
        }
    }

    /** Asked commits are at least this far apart: half a flush interval, so at most twice the commits of the interval alone. */
    private long minCommitGapMs() {
        return settings.flushInterval().toMillis() / 2;
    }

    @Override
    public void close() {
        if (ends != null) {
            ends.disown(context.taskId().partition());
        }
    }

    /** The record's push stamp; null for a record without one (an older writer) or with one that cannot be read. */
    private PushStamp stampOf(Record<Bytes, byte[]> record) {
        Header h = record.headers() == null ? null : record.headers().lastHeader(PushStamp.HEADER);
        if (h == null) {
            return null;
        }
        try {
            return PushStamp.decode(h.value());
        } catch (IllegalArgumentException e) {
            skip("a push stamp that cannot be read (the sample is read without it)", e);
            return null;
        }
    }

    private void skip(String what, Exception e) {
        String why =
                e == null ? "" : ": " + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
        context.recordMetadata()
                .ifPresent(m -> log.warn("skipping {} at {}-{}@{}{}", what, m.topic(), m.partition(), m.offset(), why));
    }

    private static boolean readsLabels(Route[] routes) {
        for (Route route : routes) {
            if (route.share().first().aggregate() == Aggregation.HISTOGRAM_QUANTILE
                    || route.share().first().aggregate().perSeries()) {
                return true;
            }
        }
        return false;
    }

    private static Bytes keyOf(String seriesId) {
        return Bytes.wrap(seriesId.getBytes(StandardCharsets.UTF_8));
    }

    private Route[] routes(InputShares current, Sample sample) {
        String name = sample.name();
        Labels labels = sample.labels();
        List<Route> routes = new ArrayList<>();
        for (InputShare share : current.forMetric(name)) {
            Rule rule = share.first();
            boolean inSelect =
                    rule.select().metric().equals(name) && rule.select().matches(labels);
            boolean inOver = rule.over() != null
                    && rule.over().metric().equals(name)
                    && rule.over().matches(labels);
            if (inSelect || inOver) {
                routes.add(new Route(
                        share,
                        combine.target(share.id(), rule.groupLabels(labels)),
                        inSelect,
                        inOver,
                        WindowReading.combinesSeries(share.rules())));
            }
        }
        return routes.toArray(Route[]::new);
    }

    /** Rebuilt when the rule set changes: a reload is seen at the next sample. */
    private InputShares shares() {
        RuleSet current = rules.get();
        if (current != sharesOf) {
            shares = InputShares.of(current);
            sharesOf = current;
        }
        return shares;
    }

    private Double counterIncrease(Series s, double value, long ts) {
        CounterDelta.Last prev = s.last;
        CounterDelta.Step step = CounterDelta.next(prev, value, ts);
        if (step.next() != prev) {
            s.last = step.next();
            if (s.page == null) {
                s.page = pages.join(s);
            }
            pages.moved(s.page);
        }
        return step.increase();
    }

    /**
     * Commits forward the partials; this sends heartbeats, the source's progress when it turned idle
     * or is to be repeated, and partials that waited a whole flush interval because no commit came
     * (a commit interval set longer than the flush interval). It runs only when one of these is
     * due ({@link #plan}).
     */
    private void tick(long now) {
        if (commitOwed) {
            askCommit(now);
        }
        List<BucketUpdate> heartbeats = List.of();
        RuleSet current = rules.get();
        long heard = listeners.epoch();
        boolean reloaded = current != heartbeatsOf;
        if (reloaded) {
            clock.announce(); // stage 2 sees the new rule set at its next record: this one
        }
        if (current != heartbeatsOf
                || heard != heartbeatListeners
                || now
                        >= NextWake.nextOnGrid(
                                lastHeartbeat, settings.progressRepeat().toMillis())) {
            heartbeatsOf = current;
            lastHeartbeat = now;
            heartbeatListeners = heard;
            heartbeats = heartbeats(selectionAbsences(current), now);
        }
        // progress goes out only with the partials it covers: a pending flush waits for the commit,
        // unless the progress is announced (a reload: the partials go now, ahead of the commit)
        if (reloaded
                || !heartbeats.isEmpty()
                || combine.isEmpty()
                || now - combine.oldestMs() >= settings.flushInterval().toMillis()) {
            combine.flush(context, heartbeats, clock, now);
        }
        wakeup.next(NextWake.NEVER, now);
        plan(now);
    }

    /**
     * An absence rule over a whole selection must be judged even if no sample ever arrives, but
     * stage 2 only knows groups it was told about: every task names the selection's one group to
     * stage 2, whose owner starts watching it.
     */
    private List<BucketUpdate> heartbeats(List<InputShare> absences, long now) {
        List<BucketUpdate> out = new ArrayList<>(absences.size());
        for (InputShare input : absences) {
            out.add(new BucketUpdate(input.id(), Labels.EMPTY, now, null));
        }
        return out;
    }

    /** The inputs of the rule set's selection-wide absence rules; empty for none (or no rule set yet). */
    private List<InputShare> selectionAbsences(RuleSet ruleSet) {
        if (ruleSet == null) {
            return List.of();
        }
        if (ruleSet != absencesOf) {
            List<InputShare> out = new ArrayList<>();
            for (Rule rule : ruleSet.all()) {
                InputShare input = shares().ofRule(rule.id());
                if (rule.aggregate() == Aggregation.ABSENT && rule.singleGroup() && input != null) {
                    out.add(input);
                }
            }
            absences = out;
            absencesOf = ruleSet;
        }
        return absences;
    }
}
