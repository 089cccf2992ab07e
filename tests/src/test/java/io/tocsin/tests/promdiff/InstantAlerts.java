package io.tocsin.tests.promdiff;

import io.tocsin.core.wire.Labels;
import io.tocsin.rules.eval.Aggregates;
import io.tocsin.rules.eval.AlertStatus;
import io.tocsin.rules.eval.Bucket;
import io.tocsin.rules.eval.CounterDelta;
import io.tocsin.rules.eval.Partial;
import io.tocsin.rules.eval.Phase;
import io.tocsin.rules.eval.SamplePartials;
import io.tocsin.rules.eval.StateMachine;
import io.tocsin.rules.eval.Verdict;
import io.tocsin.rules.eval.Window;
import io.tocsin.rules.model.Rule;
import io.tocsin.rules.tool.RuleTestFile.InputSeries;
import io.tocsin.rules.tool.RuleTestFile.TestGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The alerts a compiled rule gives at promtool's evaluation instants, through the functions stages
 * 1 and 2 run (counter steps, {@link SamplePartials}, the bucket ring of {@link Window},
 * {@link Aggregates}, {@link Verdict}, {@link StateMachine}, the annotation templates), with each
 * window ending exactly at the instant as Prometheus' evaluation does. The topology's clock (when stage 2 ticks, its settle time) is left
 * out: this compares what is computed, the rule tests compare when.
 */
final class InstantAlerts {
    record Got(Map<String, String> labels, Map<String, String> annotations) {}

    private InstantAlerts() {}

    /**
     * The alerts firing at {@code evalTime}: every evaluation step from 0 up to it, as promtool
     * steps, runs the condition through Tocsin's {@link StateMachine} (so {@code for} counts as
     * Tocsin counts it), and the annotations show the value of the last step, as Prometheus renders
     * them at every evaluation.
     */
    static List<Got> at(Rule rule, TestGroup group, Duration evalTime, Duration evalInterval) {
        Map<Labels, AlertStatus> status = new LinkedHashMap<>();
        Map<Labels, Double> lastValue = new HashMap<>();
        for (long t = 0; t <= evalTime.toMillis(); t += evalInterval.toMillis()) {
            Map<Labels, OptionalDouble> values = valuesAt(rule, group, t);
            for (Labels g : values.keySet()) {
                status.putIfAbsent(g, AlertStatus.INACTIVE);
            }
            for (Map.Entry<Labels, AlertStatus> e : status.entrySet()) {
                OptionalDouble v = values.getOrDefault(e.getKey(), OptionalDouble.empty());
                boolean holds =
                        Verdict.holds(e.getValue().phase(), v, rule.condition(), rule.resolve(), rule.missing());
                e.setValue(StateMachine.step(
                                e.getValue(),
                                holds,
                                v.orElse(Double.NaN),
                                t,
                                rule.forDuration(),
                                rule.keepFiringFor(),
                                Duration.ofMinutes(1))
                        .next());
                lastValue.put(e.getKey(), v.orElse(Double.NaN));
            }
        }
        List<Got> out = new ArrayList<>();
        status.forEach((labels, s) -> {
            if (s.phase() == Phase.FIRING) {
                Labels alert = labels.with(Labels.of(rule.labels())).with("alertname", rule.alert());
                out.add(new Got(
                        new HashMap<>(alert.map()),
                        new HashMap<>(rule.renderAnnotations(alert, lastValue.get(labels)))));
            }
        });
        return out;
    }

    /** Each group's value at {@code now} over the samples that exist by then. */
    private static Map<Labels, OptionalDouble> valuesAt(Rule rule, TestGroup group, long now) {
        long bucketMs = rule.bucketMs();
        Map<Labels, List<Bucket>> rings = new LinkedHashMap<>();
        for (InputSeries s : group.series()) {
            boolean inSelect =
                    rule.select().metric().equals(s.name()) && rule.select().matches(s.labels());
            boolean inOver = rule.over() != null
                    && rule.over().metric().equals(s.name())
                    && rule.over().matches(s.labels());
            if (!inSelect && !inOver) {
                continue;
            }
            CounterDelta.Last last = null;
            for (int i = 0; i < s.values().size(); i++) {
                Double raw = s.values().get(i);
                long ts = group.interval().toMillis() * i;
                if (raw == null || ts > now) {
                    continue;
                }
                double v = raw;
                if (rule.aggregate().readsCounters()) {
                    CounterDelta.Step step = CounterDelta.next(last, raw, ts);
                    last = step.next();
                    if (step.increase() == null) {
                        continue;
                    }
                    v = rule.aggregate().perSeries() ? raw : step.increase();
                }
                Partial p = SamplePartials.of(rule, s.labels(), v, ts, inSelect, inOver);
                if (p != null) {
                    long bucket = Math.floorDiv(ts, bucketMs) * bucketMs;
                    rings.merge(
                            rule.groupLabels(s.labels()),
                            Window.add(List.of(), bucket, p),
                            (a, b) -> Window.add(a, bucket, p));
                }
            }
        }
        Map<Labels, OptionalDouble> out = new LinkedHashMap<>();
        rings.forEach((labels, ring) -> out.put(
                labels,
                Aggregates.value(rule, Window.merged(ring, now - rule.window().toMillis(), now), now)));
        return out;
    }
}
