package io.tocsin.core.kafka;

import java.util.List;
import java.util.Map;

/** Every topic Tocsin owns, declared once. */
public final class Topics {
    public static final String SAMPLES = "tocsin.samples.v1";
    public static final String LOGS = "tocsin.logs.v1";
    public static final String ALERTS = "tocsin.alerts.v1";
    public static final String NOTIFICATIONS = "tocsin.notifications.v1";
    public static final String RULES = "tocsin.rules.v1";
    /** Notifier silences by id; compacted, every notifier instance reads all of them. */
    public static final String SILENCES = "tocsin.silences.v1";
    /** Firing alerts that can inhibit others, by fingerprint (tombstone once resolved); compacted. */
    public static final String INHIBITING = "tocsin.inhibiting.v1";
    /** Acknowledgements of alerts, keyed by alert fingerprint (same partitions as ALERTS). */
    public static final String ACKS = "tocsin.acks.v1";
    /**
     * Where each alert group's editable chat message is (Slack bot: channel id + ts), by
     * integration and group; a tombstone once the message is final. Compacted.
     */
    public static final String MESSAGE_REFS = "tocsin.message-refs.v1";

    /**
     * Every decision taken about each alert (fired, routed, silenced, inhibited, muted, deduped,
     * notified, delivery attempts, escalation steps, acknowledgements), keyed by alert fingerprint
     * (same partitioning as ALERTS); kept 7 days. Read back by the notifier's history store.
     */
    public static final String PROVENANCE = "tocsin.provenance.v1";

    private Topics() {}

    /**
     * Which partition count a topic takes. Rules read samples and logs in one sub-topology but
     * never join them, so their counts are free. The notifier's memberships store is written from
     * alerts and read from acks by the same fingerprint, so ALERTS and ACKS must have the same
     * count; the notifier's other topics are small and follow them.
     */
    public enum Family {
        SAMPLES,
        LOGS,
        ALERTS
    }

    /** A topic to create at start-up if missing. */
    public record Spec(String name, Family family, Map<String, String> config) {}

    /** Topics whose partition counts must be equal: keyed alike and read into one store. */
    public static final List<String> CO_PARTITIONED = List.of(ALERTS, ACKS);

    public static List<Spec> all() {
        return List.of(
                new Spec(SAMPLES, Family.SAMPLES, Map.of("retention.ms", String.valueOf(24L * 3600 * 1000))),
                new Spec(LOGS, Family.LOGS, Map.of("retention.ms", String.valueOf(24L * 3600 * 1000))),
                new Spec(ALERTS, Family.ALERTS, Map.of("retention.ms", String.valueOf(7L * 24 * 3600 * 1000))),
                new Spec(NOTIFICATIONS, Family.ALERTS, Map.of("retention.ms", String.valueOf(30L * 24 * 3600 * 1000))),
                new Spec(RULES, Family.ALERTS, Map.of("cleanup.policy", "compact")),
                new Spec(SILENCES, Family.ALERTS, Map.of("cleanup.policy", "compact")),
                new Spec(INHIBITING, Family.ALERTS, Map.of("cleanup.policy", "compact")),
                new Spec(MESSAGE_REFS, Family.ALERTS, Map.of("cleanup.policy", "compact")),
                new Spec(ACKS, Family.ALERTS, Map.of("retention.ms", String.valueOf(7L * 24 * 3600 * 1000))),
                new Spec(PROVENANCE, Family.ALERTS, Map.of("retention.ms", String.valueOf(7L * 24 * 3600 * 1000))));
    }
}
