package io.tocsin.notifier.provenance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The value of tocsin.provenance.v1 (keyed by {@link #fingerprint}): the events one decision
 * recorded about one alert, in the order recorded. A fired alert's route walk (fired, then routed
 * once per receiver) or a flush's mute changes and notification travel as one record, not one
 * record per event: one send, one read, and one rewrite of the alert's history instead of several.
 * An alert into one group has both in one record: the route stage carries its walk to the group
 * stage in the by-group record ({@link GroupRecorder#carried}).
 */
public record AlertEvents(String fingerprint, List<ProvenanceEvent> events) {

    public AlertEvents {
        Objects.requireNonNull(fingerprint, "fingerprint");
        events = List.copyOf(events);
        if (events.isEmpty()) {
            throw new IllegalArgumentException("no events for " + fingerprint);
        }
        for (ProvenanceEvent e : events) {
            if (!e.fingerprint().equals(fingerprint)) {
                throw new IllegalArgumentException("an event of " + e.fingerprint() + " among those of " + fingerprint);
            }
        }
    }

    public static AlertEvents of(ProvenanceEvent e) {
        return new AlertEvents(e.fingerprint(), List.of(e));
    }

    /** The events split by alert, each alert's in the order given, alerts in order of first event. */
    public static List<AlertEvents> byAlert(List<ProvenanceEvent> events) {
        Map<String, List<ProvenanceEvent>> by = new LinkedHashMap<>();
        for (ProvenanceEvent e : events) {
            by.computeIfAbsent(e.fingerprint(), fp -> new ArrayList<>()).add(e);
        }
        List<AlertEvents> out = new ArrayList<>(by.size());
        by.forEach((fp, es) -> out.add(new AlertEvents(fp, es)));
        return out;
    }
}
