package io.tocsin.notifier.provenance;

import io.tocsin.notifier.ack.Acknowledgement;
import java.time.Instant;
import java.util.List;

/**
 * An alert's state at an instant as its recorded history tells it.
 *
 * @param status firing, resolved, or unknown
 * @param ack    the acknowledgement of the episode firing then, or null
 */
public record AlertStatus(String status, Instant startsAt, Instant endsAt, Acknowledgement ack) {

    /** From the events up to {@code at}, or null when none is that old. */
    public static AlertStatus at(List<ProvenanceEvent> events, Instant at) {
        String status = null;
        Instant starts = null;
        Instant ends = null;
        Acknowledgement ack = null;
        for (ProvenanceEvent e : events) {
            if (e.at().isAfter(at)) {
                break;
            }
            switch (e.kind()) {
                case FIRED -> {
                    status = "firing";
                    starts = instant(e.detail().get("startsAt"), e.at());
                    ends = null;
                    ack = null;
                }
                case RESOLVED -> {
                    status = "resolved";
                    ends = instant(e.detail().get("endsAt"), e.at());
                }
                case ACKNOWLEDGED ->
                    ack = new Acknowledgement(
                            String.valueOf(e.detail().get("by")),
                            String.valueOf(e.detail().getOrDefault("comment", "")),
                            instant(e.detail().get("ackAt"), e.at()));
                default -> {}
            }
        }
        return status == null && ack == null
                ? null
                : new AlertStatus(status == null ? "unknown" : status, starts, ends, ack);
    }

    private static Instant instant(Object s, Instant otherwise) {
        return s == null ? otherwise : Instant.parse(s.toString());
    }
}
