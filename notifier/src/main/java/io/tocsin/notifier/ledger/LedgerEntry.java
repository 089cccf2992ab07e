package io.tocsin.notifier.ledger;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonValue;
import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.core.wire.Labels;
import io.tocsin.notifier.ack.Acknowledgement;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One line of the notification ledger (tocsin.notifications.v1, keyed {@link #key()}): a decision
 * to notify, each delivery attempt, and a dead letter when delivery gave up. Together they answer
 * "why did (or didn't) I get paged".
 *
 * @param id         the decision's deterministic id; attempts and dead letters repeat it
 * @param status     firing or resolved: what the receiver is being told
 * @param alerts     the alerts told about; empty on attempts, which point at their decision by id
 * @param channel    the integration, e.g. {@code slack[0]}; null on decisions
 * @param outcome    delivered, retryable or permanent; null on decisions
 * @param httpStatus the vendor's answer when there was one
 * @param detail     why: the decision's reason or the delivery's result, never a secret
 * @param attempt    1-based attempt number; 0 on decisions
 * @param groupLabels the labels the group is grouped by
 * @param ack        who acknowledged the group when the decision was taken, or null
 */
public record LedgerEntry(
        Kind kind,
        String id,
        String receiver,
        String groupKey,
        AlertState status,
        List<Alert> alerts,
        String channel,
        String outcome,
        Integer httpStatus,
        String detail,
        int attempt,
        Instant at,
        Labels groupLabels,
        Acknowledgement ack) {

    public enum Kind {
        DECISION,
        ATTEMPT,
        DEAD_LETTER;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Kind fromWire(String s) {
            return valueOf(s.toUpperCase(Locale.ROOT));
        }
    }

    public LedgerEntry {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(receiver, "receiver");
        Objects.requireNonNull(groupKey, "groupKey");
        Objects.requireNonNull(at, "at");
        if (status != AlertState.FIRING && status != AlertState.RESOLVED) {
            throw new IllegalArgumentException("a notification is about firing or resolved, not " + status);
        }
        alerts = alerts == null ? List.of() : List.copyOf(alerts);
        groupLabels = groupLabels == null ? Labels.EMPTY : groupLabels;
    }

    public static LedgerEntry decision(
            String id,
            String receiver,
            String groupKey,
            AlertState status,
            List<Alert> alerts,
            String reason,
            Instant at) {
        return decision(id, receiver, groupKey, Labels.EMPTY, status, alerts, null, reason, at);
    }

    public static LedgerEntry decision(
            String id,
            String receiver,
            String groupKey,
            Labels groupLabels,
            AlertState status,
            List<Alert> alerts,
            Acknowledgement ack,
            String reason,
            Instant at) {
        return new LedgerEntry(
                Kind.DECISION,
                id,
                receiver,
                groupKey,
                status,
                alerts,
                null,
                null,
                null,
                reason,
                0,
                at,
                groupLabels,
                ack);
    }

    /** An attempt to deliver this decision through one channel. */
    public LedgerEntry attempt(
            String channel, String outcome, Integer httpStatus, String detail, int attempt, Instant at) {
        return new LedgerEntry(
                Kind.ATTEMPT,
                id,
                receiver,
                groupKey,
                status,
                List.of(),
                channel,
                outcome,
                httpStatus,
                detail,
                attempt,
                at,
                groupLabels,
                ack);
    }

    /** This decision given up on one channel; it keeps the alerts so that it can be replayed. */
    public LedgerEntry deadLetter(
            String channel, String outcome, Integer httpStatus, String detail, int attempts, Instant at) {
        return new LedgerEntry(
                Kind.DEAD_LETTER,
                id,
                receiver,
                groupKey,
                status,
                alerts,
                channel,
                outcome,
                httpStatus,
                detail,
                attempts,
                at,
                groupLabels,
                ack);
    }

    /** The Kafka key: every entry of one group lands in one partition, in order. */
    @JsonIgnore
    public String key() {
        return keyOf(receiver, groupKey);
    }

    public static String keyOf(String receiver, String groupKey) {
        return receiver + "/" + groupKey;
    }
}
