package io.tocsin.notifier.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tocsin.core.wire.Labels;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A history keeps events in time order, within its bounds, and records each mute state change once. */
class HistoryTest {
    private static final Instant T0 = Instant.parse("2026-12-05T12:00:00Z");
    private static final History.Bounds SMALL = new History.Bounds(3, Duration.ofHours(1));

    private static ProvenanceEvent ev(EventKind kind, int second, Map<String, Object> detail) {
        return new ProvenanceEvent("fp", T0.plusSeconds(second), kind, kind.wireName(), detail, null);
    }

    private static List<String> kinds(History h) {
        return h.events().stream()
                .map(e -> e.kind().wireName() + "@" + e.at().getEpochSecond() % 3600)
                .toList();
    }

    @Test
    void eventsAreKeptInTimeOrderEvenWhenTheyArriveOutOfIt() {
        History h = History.empty("fp")
                .append(ev(EventKind.FIRED, 0, Map.of()), T0, SMALL)
                .append(ev(EventKind.NOTIFIED, 10, Map.of()), T0, SMALL)
                .append(ev(EventKind.ROUTED, 1, Map.of()), T0, SMALL);
        assertEquals(List.of("fired@0", "routed@1", "notified@10"), kinds(h));
    }

    @Test
    void onlyTheLastEventsAreKept() {
        History h = History.empty("fp");
        for (int i = 0; i < 5; i++) {
            h = h.append(ev(EventKind.DELIVERY, i, Map.of("attempt", i)), T0, SMALL);
        }
        assertEquals(List.of("delivery@2", "delivery@3", "delivery@4"), kinds(h));
    }

    @Test
    void eventsOlderThanTheMaximumAgeAreDropped() {
        History h = History.empty("fp").append(ev(EventKind.FIRED, 0, Map.of()), T0, SMALL);
        h = h.append(ev(EventKind.RESOLVED, 4000, Map.of()), T0.plusSeconds(4000), SMALL);
        assertEquals(List.of("resolved@400"), kinds(h));
        assertEquals(List.of(), h.trimmed(T0.plusSeconds(8000), SMALL).events());
    }

    @Test
    void theSameMuteStateRecordedAgainAfterARestartIsNotRepeated() {
        Map<String, Object> silence = Map.of("silenceId", "s-1", "receiver", "team");
        History h = History.empty("fp")
                .append(ev(EventKind.FIRED, 0, Map.of()), T0, History.Bounds.DEFAULT)
                .append(ev(EventKind.SILENCED, 1, silence), T0, History.Bounds.DEFAULT)
                .append(ev(EventKind.SILENCED, 5, silence), T0, History.Bounds.DEFAULT)
                .append(ev(EventKind.UNSILENCED, 9, Map.of("receiver", "team")), T0, History.Bounds.DEFAULT)
                .append(ev(EventKind.UNSILENCED, 12, Map.of("receiver", "team")), T0, History.Bounds.DEFAULT);
        assertEquals(List.of("fired@0", "silenced@1", "unsilenced@9"), kinds(h));
    }

    @Test
    void liftingAMuteThatWasNeverRecordedRecordsNothing() {
        History h = History.empty("fp")
                .append(ev(EventKind.FIRED, 0, Map.of()), T0, History.Bounds.DEFAULT)
                .append(ev(EventKind.UNINHIBITED, 1, Map.of("receiver", "team")), T0, History.Bounds.DEFAULT);
        assertEquals(List.of("fired@0"), kinds(h));
    }

    @Test
    void theLabelsComeFromTheFiredEventAndAreNotRepeatedPerEvent() {
        Labels l = Labels.of("alertname", "X");
        History h = History.empty("fp")
                .append(new ProvenanceEvent("fp", T0, EventKind.FIRED, "", Map.of(), l), T0, History.Bounds.DEFAULT);
        assertEquals(l, h.labels());
        assertEquals(null, h.events().get(0).labels());
    }
}
