package io.tocsin.rules.model;

import io.tocsin.core.wire.Labels;
import java.util.List;

/** A metric name plus label matchers: {@code http_requests_total{status=~"5.."}}. */
public record Selector(String metric, List<LabelMatcher> matchers) {

    public Selector {
        matchers = List.copyOf(matchers);
    }

    public boolean matches(Labels labels) {
        for (LabelMatcher m : matchers) {
            if (!m.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        if (matchers.isEmpty()) {
            return metric;
        }
        StringBuilder sb = new StringBuilder(metric).append('{');
        for (int i = 0; i < matchers.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(matchers.get(i));
        }
        return sb.append('}').toString();
    }
}
