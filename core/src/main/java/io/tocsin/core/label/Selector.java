package io.tocsin.core.label;

import io.tocsin.core.wire.Labels;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A metric name (null when the selector has none, as in a Loki stream selector or
 * {@code {job="api"}}) plus label matchers: {@code http_requests_total{status=~"5.."}}.
 * A {@code __name__="x"} matcher is read as the metric name, as PromQL does.
 */
public record Selector(String metric, List<Matcher> matchers) {

    public Selector {
        matchers = List.copyOf(matchers);
    }

    /** Whether a series' labels satisfy every matcher; the metric name is the caller's to compare. */
    public boolean matches(Labels labels) {
        for (Matcher m : matchers) {
            if (!m.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    /** The matchers as name → value, in the order written: for a label set read with {@link SelectorParser#series}. */
    public Map<String, String> labelMap() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Matcher m : matchers) {
            if (m.op() != MatchOp.EQUAL) {
                throw new IllegalStateException(m + " is a matcher, not a label");
            }
            out.put(m.name(), m.value());
        }
        return out;
    }

    @Override
    public String toString() {
        String name = metric == null ? "" : metric;
        if (matchers.isEmpty()) {
            return metric == null ? "{}" : name;
        }
        StringBuilder sb = new StringBuilder(name).append('{');
        for (int i = 0; i < matchers.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(matchers.get(i));
        }
        return sb.append('}').toString();
    }
}
