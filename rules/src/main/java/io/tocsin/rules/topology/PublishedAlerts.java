package io.tocsin.rules.topology;

import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.core.wire.Labels;
import io.tocsin.rules.eval.AlertStatus;
import io.tocsin.rules.eval.Phase;
import io.tocsin.rules.model.Rule;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The alerts stage 2 publishes for a group: its state changes, and the resolve of a retired rule. Pure. */
final class PublishedAlerts {
    private PublishedAlerts() {}

    /** The alert's labels: the group's, the rule's, and its name. */
    static Labels labels(Rule rule, GroupKey key) {
        return key.group().with(Labels.of(rule.labels())).with("alertname", rule.alert());
    }

    static Alert of(Rule rule, Labels labels, AlertStatus status, AlertState emit, long now) {
        Map<String, String> annotations = new LinkedHashMap<>(rule.renderAnnotations(labels, status.value()));
        if (status.pendingSinceMs() > 0 && status.phase() != Phase.PENDING) {
            annotations.put(
                    RulesTopology.PENDING_SINCE,
                    Instant.ofEpochMilli(status.pendingSinceMs()).toString());
        }
        return new Alert(
                labels,
                annotations,
                emit,
                status.value(),
                Instant.ofEpochMilli(status.activeSinceMs()),
                emit == AlertState.RESOLVED ? Instant.ofEpochMilli(now) : null,
                "rule:" + rule.id(),
                rule.version(),
                null,
                rule.definedAt() == null ? null : rule.definedAt().source(),
                rule.definedAt() == null ? 0 : rule.definedAt().line());
    }

    /** A removed rule's firing alert, resolved; null when it had none out. */
    static Alert retired(GroupKey key, GroupState state, long now) {
        if (state.status().phase() == Phase.INACTIVE || state.published() == null) {
            return null;
        }
        return new Alert(
                state.published(),
                null,
                AlertState.RESOLVED,
                state.status().value(),
                Instant.ofEpochMilli(state.status().activeSinceMs()),
                Instant.ofEpochMilli(now),
                "rule:" + key.ruleId(),
                state.ruleVersion(),
                null);
    }
}
