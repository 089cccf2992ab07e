package io.tocsin.notifier.ack;

import java.time.Instant;
import java.util.Objects;

/**
 * Someone took an alert group: it stops escalation and repeats, and channels show it (Slack
 * updates its message, PagerDuty gets {@code acknowledge} with the same dedup_key).
 *
 * @param by      who acknowledged (a user name or e-mail, as given to the API)
 * @param comment free text, may be empty
 */
public record Acknowledgement(String by, String comment, Instant at) {
    public Acknowledgement {
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(at, "at");
        comment = comment == null ? "" : comment;
    }
}
