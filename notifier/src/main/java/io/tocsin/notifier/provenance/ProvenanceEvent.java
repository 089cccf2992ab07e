package io.tocsin.notifier.provenance;

import io.tocsin.core.wire.Labels;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One decision about one alert, the value of tocsin.provenance.v1 (keyed by {@link #fingerprint}).
 * About 250–600 bytes of JSON; a fired event carries the alert's labels, the others do not (the
 * history keeps the labels once).
 *
 * @param detail strings, numbers and lists of strings; nulls are left out
 * @param labels the alert's labels on fired/resolved events, else null
 */
public record ProvenanceEvent(
        String fingerprint, Instant at, EventKind kind, String summary, Map<String, Object> detail, Labels labels) {

    public ProvenanceEvent {
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(kind, "kind");
        summary = summary == null ? "" : summary;
        LinkedHashMap<String, Object> d = new LinkedHashMap<>();
        if (detail != null) {
            detail.forEach((k, v) -> {
                if (v != null) {
                    d.put(k, v);
                }
            });
        }
        detail = Collections.unmodifiableMap(d);
    }

    /** The same event without its labels, as the history stores it. */
    ProvenanceEvent withoutLabels() {
        return labels == null ? this : new ProvenanceEvent(fingerprint, at, kind, summary, detail, null);
    }
}
