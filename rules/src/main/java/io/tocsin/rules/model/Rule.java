package io.tocsin.rules.model;

import io.tocsin.core.config.Mark;
import io.tocsin.core.label.Selector;
import io.tocsin.core.wire.Labels;
import io.tocsin.rules.eval.Template;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One alerting rule: a selection of input, a windowed aggregate grouped by labels, a condition,
 * and the state machine's settings.
 *
 * @param id            {@code <group>/<alert>}, unique in a rule set
 * @param select        the metric selection, or null for a log rule
 * @param over          the denominator selection of a ratio ({@code select} / {@code over}), or null
 * @param logs          the log lines a log rule counts, or null for a metric rule
 * @param baseline      the window before {@code window} that a spike is measured against, or null
 * @param aggregateArg  the quantile of (histogram_)quantile, or predict_linear's horizon in seconds
 * @param resolve       the condition under which an active alert resolves (hysteresis); null: when
 *                      {@code condition} stops holding
 * @param maxGroups     groups beyond this many per rule are dropped, so one bad label cannot flood
 * @param grace         how far behind the wall clock the window ends, for late records; null: the default
 * @param version       a digest of the definition: it changes exactly when the rule's meaning does
 * @param without       group by every label of the series except {@code by} (PromQL's {@code without};
 *                      {@code without: []} is one group per series, as a PromQL rule without aggregation)
 * @param math          scalar arithmetic on the aggregate value before the condition (PromQL's {@code * 100})
 * @param definedAt     where the rule is written (file and line), carried on its alerts; null when built in code
 */
public record Rule(
        String id,
        String group,
        String alert,
        Selector select,
        Selector over,
        LogSelector logs,
        Aggregation aggregate,
        double aggregateArg,
        Duration window,
        Duration baseline,
        Duration grace,
        List<String> by,
        Condition condition,
        Condition resolve,
        Duration forDuration,
        Duration keepFiringFor,
        MissingData missing,
        int maxGroups,
        Map<String, String> labels,
        Map<String, String> annotations,
        Map<String, Template> templates,
        String version,
        boolean without,
        ValueMath math,
        Mark definedAt) {

    public Rule {
        by = List.copyOf(by);
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
        templates = Map.copyOf(templates);
        math = math == null ? ValueMath.NONE : math;
    }

    /** One group for the whole selection (no {@code by}, no {@code without}). */
    public boolean singleGroup() {
        return !without && by.isEmpty();
    }

    /**
     * The labels that name a series' group: those in {@code by}, or with {@code without} all but
     * those. A histogram's {@code le} is never a group label: the quantile is computed across it.
     */
    public Labels groupLabels(Labels series) {
        if (!without) {
            return series.only(by);
        }
        java.util.List<String> keep = new java.util.ArrayList<>(series.map().keySet());
        keep.removeAll(by);
        if (aggregate.histogram()) {
            keep.remove("le");
        }
        return series.only(keep);
    }

    /** The annotations with {@code $labels} and {@code $value} filled in. */
    public Map<String, String> renderAnnotations(Labels alertLabels, double value) {
        Map<String, String> out = new LinkedHashMap<>();
        templates.forEach((name, t) -> out.put(name, t.render(alertLabels, value)));
        return out;
    }

    /**
     * How far behind now this rule's window ends. A ratio or a histogram quantile combines series
     * that reach stage 2 from different partitions at slightly different times: judged up to the
     * very last moment, one side could be counted before the other (a 5xx before its request).
     * Such rules look only at buckets that have settled; other rules see up to now.
     */
    /** How much history before the window the ring must keep. */
    public long historyMs() {
        return window.toMillis() + (baseline == null ? 0 : baseline.toMillis());
    }

    public long graceMs(java.time.Duration settle) {
        if (grace != null) {
            return grace.toMillis();
        }
        return over != null || aggregate.histogram() ? settle.toMillis() : 0;
    }

    /**
     * Width of one time bucket of the window ring: about 30 buckets a window, between 1 s and 1 min,
     * so a window edge is never off by more than a thirtieth.
     */
    public long bucketMs() {
        long b = (window.toMillis() + 29) / 30;
        if (baseline != null) {
            // a spike keeps window + baseline: at most ~120 buckets, the window's edge still within a thirtieth
            long span = window.toMillis() + baseline.toMillis();
            return (Math.max(Math.max(1000, Math.min(60_000, b)), (span + 119) / 120) + 999) / 1000 * 1000;
        }
        b = Math.max(1000, Math.min(60_000, b));
        return (b + 999) / 1000 * 1000;
    }
}
