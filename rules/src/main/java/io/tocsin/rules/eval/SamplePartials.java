package io.tocsin.rules.eval;

import io.tocsin.core.wire.Labels;
import io.tocsin.rules.model.Aggregation;
import io.tocsin.rules.model.Rule;
import java.util.Map;

/** What one sample adds to a rule's partial in stage 1: only the parts that rule's function reads. */
public final class SamplePartials {
    private SamplePartials() {}

    /**
     * @param value  the sample's value, or its increase when the rule reads counters (but for
     *               the per-series functions, which read the raw value)
     * @return null when the sample cannot contribute (a histogram bucket without {@code le})
     */
    public static Partial of(Rule rule, Labels labels, double value, long ts, boolean inSelect, boolean inOver) {
        Partial one = one(rule.aggregate(), labels, value, ts);
        if (one == null) {
            return null;
        }
        if (rule.over() == null) {
            return one;
        }
        return (inSelect ? one : Partial.EMPTY).withOver(inOver ? one : null);
    }

    private static Partial one(Aggregation fn, Labels labels, double value, long ts) {
        Partial p = Partial.of(value, ts);
        return switch (fn) {
            case DERIV, PREDICT_LINEAR -> p.withLine(Regression.of(ts, value));
            case QUANTILE -> p.withSketch(Sketches.of(value));
            case HISTOGRAM_QUANTILE -> {
                String le = labels.get("le");
                yield le == null ? null : p.withLe(Map.of(le, value));
            }
            case PROM_RATE, PROM_INCREASE, PROM_DELTA ->
                p.withRuns(Map.of(labels.toString(), SeriesRun.of(value, ts, null)));
            case PROM_HISTOGRAM_QUANTILE -> {
                String le = labels.get("le");
                yield le == null ? null : p.withRuns(Map.of(labels.toString(), SeriesRun.of(value, ts, le)));
            }
            default -> p;
        };
    }
}
