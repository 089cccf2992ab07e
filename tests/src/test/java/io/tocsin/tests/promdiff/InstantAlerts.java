package io.tocsin.tests.promdiff;

import io.tocsin.core.wire.Labels;
import io.tocsin.rules.eval.Aggregates;
import io.tocsin.rules.eval.Bucket;
import io.tocsin.rules.eval.CounterDelta;
import io.tocsin.rules.eval.Partial;
import io.tocsin.rules.eval.Phase;
import io.tocsin.rules.eval.SamplePartials;
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
 * The alerts a compiled rule gives at one instant, through the functions stages 1 and 2 run
 * (counter steps, {@link SamplePartials}, the bucket ring of {@link Window}, {@link Aggregates},
 * {@link Verdict}, the annotation templates), with the window ending exactly at the instant as
 * Prometheus' evaluation does. The topology's clock (when stage 2 ticks, its settle time) is left
 * out: this compares what is computed, the rule tests compare when.
 */
final class InstantAlerts {
    record Got(Map<String, String> labels, Map<String, String> annotations) {}

    private InstantAlerts() {}

    static List<Got> at(Rule rule, TestGroup group, Duration evalTime) {
        long now = evalTime.toMillis();
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
        List<Got> out = new ArrayList<>();
        rings.forEach((labels, ring) -> {
            Partial merged = Window.merged(ring, now - rule.window().toMillis(), now);
            OptionalDouble value = Aggregates.value(rule, merged, now);
            if (Verdict.holds(Phase.INACTIVE, value, rule.condition(), null, rule.missing())) {
                Labels alert = labels.with(Labels.of(rule.labels())).with("alertname", rule.alert());
                out.add(new Got(
                        new HashMap<>(alert.map()),
                        new HashMap<>(rule.renderAnnotations(alert, value.orElse(Double.NaN)))));
            }
        });
        return out;
    }
}
