package io.tocsin.ingest.auth;

import com.google.re2j.Pattern;
import io.tocsin.core.wire.Labels;
import io.tocsin.ingest.samples.SeriesRules;
import java.util.Map;

/**
 * Which label values a client may write: for each constrained label name, an RE2 pattern the
 * whole value must match when the label is present ({@code __name__} constrains metric names).
 * Labels not listed are free. An empty policy allows everything.
 */
public record LabelPolicy(Map<String, Pattern> allowed) {
    public static final LabelPolicy ANY = new LabelPolicy(Map.of());

    public LabelPolicy {
        allowed = Map.copyOf(allowed);
    }

    /** Why this client may not write the series, or null. */
    String problem(String metricName, Labels labels) {
        for (Map.Entry<String, Pattern> rule : allowed.entrySet()) {
            String value = "__name__".equals(rule.getKey()) ? metricName : labels.get(rule.getKey());
            if (value != null && !rule.getValue().matches(value)) {
                return rule.getKey() + "=" + SeriesRules.quote(value) + " is not allowed (must match "
                        + rule.getValue().pattern() + ")";
            }
        }
        return null;
    }
}
