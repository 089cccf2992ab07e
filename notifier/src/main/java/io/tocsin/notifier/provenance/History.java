package io.tocsin.notifier.provenance;

import io.tocsin.core.wire.Labels;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one notifier instance keeps about one alert: its labels and its last events, oldest first,
 * the value of the history store (keyed by fingerprint). Bounded by {@link Bounds}. Pure.
 */
public record History(String fingerprint, Labels labels, List<ProvenanceEvent> events) {

    /**
     * @param maxEvents events kept per fingerprint, the oldest dropped first
     * @param maxAge    events older than this (by their time) are dropped, and a history whose
     *                  newest event is older is deleted
     */
    public record Bounds(int maxEvents, Duration maxAge) {
        /** 200 events (the API's default page), 7 days (the topic's retention). */
        public static final Bounds DEFAULT = new Bounds(200, Duration.ofDays(7));
    }

    public History {
        Objects.requireNonNull(fingerprint, "fingerprint");
        labels = labels == null ? Labels.EMPTY : labels;
        events = List.copyOf(events);
    }

    public static History empty(String fingerprint) {
        return new History(fingerprint, Labels.EMPTY, List.of());
    }

    /**
     * This history with the event added in time order, unless it repeats the mute state already
     * recorded (a notifier that restarted records the state it finds once more), or lifts a mute
     * that was never recorded. Then trimmed to the bounds as of {@code now}.
     */
    public History append(ProvenanceEvent e, Instant now, Bounds bounds) {
        if (repeatsMuteState(e)) {
            return trimmed(now, bounds);
        }
        List<ProvenanceEvent> out = new ArrayList<>(events);
        int at = out.size();
        while (at > 0 && out.get(at - 1).at().isAfter(e.at())) {
            at--;
        }
        out.add(at, e.withoutLabels());
        Labels l = e.labels() != null && !e.labels().isEmpty() ? e.labels() : labels;
        return new History(fingerprint, l, out).trimmed(now, bounds);
    }

    /** Within the bounds as of {@code now}; empty events when all are too old. */
    public History trimmed(Instant now, Bounds bounds) {
        Instant oldest = now.minus(bounds.maxAge());
        List<ProvenanceEvent> kept =
                events.stream().filter(e -> !e.at().isBefore(oldest)).toList();
        if (kept.size() > bounds.maxEvents()) {
            kept = kept.subList(kept.size() - bounds.maxEvents(), kept.size());
        }
        return kept.size() == events.size() ? this : new History(fingerprint, labels, kept);
    }

    /** The last {@code limit} events. */
    public List<ProvenanceEvent> last(int limit) {
        return events.size() <= limit ? events : events.subList(events.size() - limit, events.size());
    }

    private boolean repeatsMuteState(ProvenanceEvent e) {
        EventKind family = e.kind().family();
        if (family == e.kind() && !e.kind().opensMute()) {
            return false;
        }
        Object receiver = e.detail().get("receiver");
        for (int i = events.size() - 1; i >= 0; i--) {
            ProvenanceEvent prior = events.get(i);
            if (prior.kind() == EventKind.FIRED) {
                break; // a new episode starts with nothing muted
            }
            if (prior.kind().family() == family && Objects.equals(prior.detail().get("receiver"), receiver)) {
                return prior.kind() == e.kind() && prior.detail().equals(e.detail());
            }
        }
        return !e.kind().opensMute();
    }
}
