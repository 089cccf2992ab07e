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
        String generatorURL) {

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
