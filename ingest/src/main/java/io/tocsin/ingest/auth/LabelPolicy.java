package io.tocsin.ingest.auth;

import com.google.re2j.Pattern;
import io.tocsin.core.wire.Labels;
import io.tocsin.ingest.samples.SeriesRules;
import java.util.Map;

/**
 * Which label values a client may write: for each constrained label name, an RE2 pattern the
 * whole value must match ({@code __name__} constrains metric names). A constrained label is
 * required: a series or stream without it is refused, since a scope that an absent label slips
 * through is no scope (we require rather than stamp, so that what is stored is what the client
 * sent). Log streams have no metric name, so {@code __name__} does not apply to them. Labels not
 * listed are free. An empty policy allows everything.
 */
public record LabelPolicy(Map<String, Pattern> allowed) {
    public static final LabelPolicy ANY = new LabelPolicy(Map.of());

    public LabelPolicy {
        allowed = Map.copyOf(allowed);
    }

    /** Why this client may not write the series (metric name null for a log stream), or null. */
    String problem(String metricName, Labels labels) {
        for (Map.Entry<String, Pattern> rule : allowed.entrySet()) {
            boolean name = "__name__".equals(rule.getKey());
            if (name && metricName == null) {
                continue;
            }
            String value = name ? metricName : labels.get(rule.getKey());
            if (value == null) {
                return rule.getKey() + " is required for this client (must match "
                        + rule.getValue().pattern() + ")";
            }
            if (!rule.getValue().matches(value)) {
                return rule.getKey() + "=" + SeriesRules.quote(value) + " is not allowed (must match "
                        + rule.getValue().pattern() + ")";
            }
        }
        return null;
    }
}
