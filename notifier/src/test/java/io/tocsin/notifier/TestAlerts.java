package io.tocsin.notifier;

import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.core.wire.Labels;
import java.time.Instant;
import java.util.Map;

/** Alerts for tests: {@code TestAlerts.firing("HighCpu", "instance", "db-1")}. */
public final class TestAlerts {
    public static final Instant STARTS = Instant.parse("2026-01-10T10:00:00Z");

    private TestAlerts() {}

    public static Alert firing(String alertname, String... labelPairs) {
        return alert(AlertState.FIRING, alertname, labelPairs);
    }

    public static Alert resolved(String alertname, String... labelPairs) {
        return alert(AlertState.RESOLVED, alertname, labelPairs);
    }

    public static Alert pending(String alertname, String... labelPairs) {
        return alert(AlertState.PENDING, alertname, labelPairs);
    }

    public static Alert alert(AlertState state, String alertname, String... labelPairs) {
        Labels labels = Labels.of(labelPairs).with("alertname", alertname);
        Instant endsAt = state == AlertState.RESOLVED ? STARTS.plusSeconds(600) : null;
        return new Alert(
                labels,
                Map.of("summary", alertname + " on " + labels.get("instance")),
                state,
                0.97,
                STARTS,
                endsAt,
                "test",
                "1",
                null);
    }

    /** The same alert with other annotations (and everything else unchanged). */
    public static Alert withAnnotations(Alert a, Map<String, String> annotations) {
        return new Alert(
                a.labels(),
                annotations,
                a.state(),
                a.value(),
                a.startsAt(),
                a.endsAt(),
                a.source(),
                a.ruleVersion(),
                a.generatorURL());
    }

    public static Alert startingAt(Alert a, Instant startsAt) {
        return new Alert(
                a.labels(),
                a.annotations(),
                a.state(),
                a.value(),
                startsAt,
                a.endsAt(),
                a.source(),
                a.ruleVersion(),
                a.generatorURL());
    }
}
