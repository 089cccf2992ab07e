package io.tocsin.notifier.template;

import java.time.Instant;
import java.util.List;

/**
 * One alert as templates see it (Alertmanager's {@code template.Alert}). {@code endsAt} is
 * Go's zero time when the alert has no end yet.
 */
public record TemplateAlert(
        String status,
        KV labels,
        KV annotations,
        Instant startsAt,
        Instant endsAt,
        String generatorURL,
        String fingerprint)
        implements GoObject {
    /** Go's zero time.Time, printed as {@code 0001-01-01 00:00:00 +0000 UTC}. */
    public static final Instant ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

    @Override
    public Object field(String name, List<Object> args) {
        return switch (name) {
            case "Status" -> status;
            case "Labels" -> labels;
            case "Annotations" -> annotations;
            case "StartsAt" -> startsAt;
            case "EndsAt" -> endsAt;
            case "GeneratorURL" -> generatorURL;
            case "Fingerprint" -> fingerprint;
            default -> NO_SUCH_FIELD;
        };
    }

    @Override
    public String typeName() {
        return "template.Alert";
    }
}
