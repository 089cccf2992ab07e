package io.tocsin.notifier.provenance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tocsin.core.json.CompactSerde;
import io.tocsin.core.json.JsonSerde;
import io.tocsin.core.wire.AlertState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * One alert's events travel as one provenance record; a lone event is still written in the
 * single-event form an instance not yet upgraded reads, and every form written before is read as
 * a batch of one.
 */
class AlertEventsCodecTest {
    private static final Instant AT = Instant.parse("2026-12-05T12:00:00.5Z");
    private static final CompactSerde<AlertEvents> BATCHES = ProvenanceSerde.alertEvents();
    private static final CompactSerde<ProvenanceEvent> SINGLE = ProvenanceSerde.events();

    private static ProvenanceEvent notified(String fp, String receiver) {
        return Events.notified(fp, receiver, "g", AlertState.FIRING, "d-1", "new alerts", AT);
    }

    private static AlertEvents roundTrip(AlertEvents batch) {
        return BATCHES.deserializer().deserialize("t", BATCHES.serializer().serialize("t", batch));
    }

    private record Case(String name, List<ProvenanceEvent> events) {}

    @Test
    void everyBatchReadsBackAsWrittenInOrder() {
        ProvenanceEvent fired = new ProvenanceEvent(
                "fp", AT, EventKind.FIRED, "X fired", Map.of("value", 2.5), io.tocsin.core.wire.Labels.EMPTY);
        List<Case> cases = List.of(
                new Case("one event", List.of(notified("fp", "a"))),
                new Case(
                        "fired and two routes' notifications",
                        List.of(fired, notified("fp", "a"), notified("fp", "b"))),
                new Case(
                        "every event at the same time, order kept",
                        List.of(notified("fp", "z"), notified("fp", "a"), notified("fp", "m"))),
                new Case(
                        "a detail of every type",
                        List.of(
                                new ProvenanceEvent(
                                        "fp",
                                        AT,
                                        EventKind.DELIVERY,
                                        "ü",
                                        Map.of(
                                                "i",
                                                3,
                                                "l",
                                                5_000_000_000L,
                                                "d",
                                                0.5,
                                                "s",
                                                "x",
                                                "list",
                                                List.of("a", "b")),
                                        null),
                                notified("fp", "a"))));
        for (Case c : cases) {
            AlertEvents batch = new AlertEvents("fp", c.events());
            assertEquals(batch, roundTrip(batch), c.name());
        }
    }

    @Test
    void aLoneEventIsWrittenInTheSingleEventFormTheOlderReaderReads() {
        ProvenanceEvent e = notified("fp", "a");
        byte[] asBatch = BATCHES.serializer().serialize("t", AlertEvents.of(e));
        assertArrayEquals(SINGLE.serializer().serialize("t", e), asBatch);
        assertEquals(e, SINGLE.deserializer().deserialize("t", asBatch));
    }

    @Test
    void everyFormWrittenBeforeIsReadAsABatchOfOne() {
        ProvenanceEvent e = notified("fp", "a");
        byte[] json = JsonSerde.of(ProvenanceEvent.class).serializer().serialize("t", e);
        byte[] single = SINGLE.serializer().serialize("t", e);
        for (byte[] before : List.of(json, single)) {
            assertEquals(AlertEvents.of(e), BATCHES.deserializer().deserialize("t", before));
        }
    }

    @Test
    void eventsSplitByAlertKeepEachAlertsOrderAndTheOrderOfFirstEvents() {
        List<AlertEvents> by = AlertEvents.byAlert(
                List.of(notified("b", "1"), notified("a", "1"), notified("b", "2"), notified("a", "2")));
        assertEquals(
                List.of("b", "a"), by.stream().map(AlertEvents::fingerprint).toList());
        assertEquals(
                List.of("1", "2"),
                by.get(0).events().stream().map(x -> x.detail().get("receiver")).toList());
    }

    @Test
    void aBatchHoldsOneAlertsEventsOnly() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new AlertEvents("fp", List.of(notified("fp", "a"), notified("other", "a"))));
        assertThrows(IllegalArgumentException.class, () -> new AlertEvents("fp", List.of()));
    }

    @Test
    void aTruncatedBatchIsASerializationError() {
        byte[] bytes = BATCHES.serializer()
                .serialize("t", new AlertEvents("fp", List.of(notified("fp", "a"), notified("fp", "b"))));
        byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 3);
        assertThrows(SerializationException.class, () -> BATCHES.deserializer().deserialize("t", cut));
    }
}
