package io.tocsin.core.wire;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.Map;

/**
 * An alert state change, as carried by tocsin.alerts.v1 (keyed by {@link #fingerprint()}).
 *
 * @param labels      identify the alert; {@code alertname} by convention
 * @param annotations human text, replaced by the latest received
 * @param value       the evaluated value that caused this state, NaN when not known
 * @param endsAt      null while firing without a known end
 * @param source      who said so: {@code rule:<group>/<alert>} or {@code api}
 * @param ruleVersion the version of the rule that produced it, empty for API alerts
 * @param ruleFile    the rules file the rule is written in, null when not known (API alerts)
 * @param ruleLine    the line of the rule in that file, 0 when not known
 */
public record Alert(
        Labels labels,
        Map<String, String> annotations,
        AlertState state,
        double value,
        Instant startsAt,
        Instant endsAt,
        String source,
        String ruleVersion,
        String generatorURL,
        String ruleFile,
        int ruleLine) {

    public Alert {
        labels = labels == null ? Labels.EMPTY : labels;
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        if (state == null) {
            throw new IllegalArgumentException("alert state is required");
        }
        source = source == null ? "" : source;
        ruleVersion = ruleVersion == null ? "" : ruleVersion;
        generatorURL = generatorURL == null ? "" : generatorURL;
    }

    /** An alert without the rule's place (API alerts, and copies made by the notifier). */
    public Alert(
            Labels labels,
            Map<String, String> annotations,
            AlertState state,
            double value,
            Instant startsAt,
            Instant endsAt,
            String source,
            String ruleVersion,
            String generatorURL) {
        this(labels, annotations, state, value, startsAt, endsAt, source, ruleVersion, generatorURL, null, 0);
    }

    @JsonIgnore
    public String fingerprint() {
        return Fingerprint.of(labels);
    }

    @JsonIgnore
    public String name() {
        String n = labels.get("alertname");
        return n == null ? "" : n;
    }
}
