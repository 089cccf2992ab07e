package io.tocsin.notifier.provenance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.json.CompactSerde;
import io.tocsin.core.json.JsonSerde;
import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.notifier.TestAlerts;
import io.tocsin.notifier.ack.Acknowledgement;
import io.tocsin.notifier.inhibit.InhibitRule;
import io.tocsin.notifier.route.RouteTiming;
import io.tocsin.notifier.silence.Silence;
import io.tocsin.notifier.silence.SilenceMatcher;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * Events and histories read back from the binary form equal what the JSON form read back, for
 * every kind of event, and the JSON written before is still read.
 */
class EventCodecTest {
    private static final Instant AT = Instant.parse("2026-12-05T12:00:00.123456789Z");
    private static final CompactSerde<ProvenanceEvent> EVENTS = ProvenanceSerde.events();
    private static final CompactSerde<History> HISTORIES = ProvenanceSerde.histories();
    private static final JsonSerde<ProvenanceEvent> EVENTS_JSON = JsonSerde.of(ProvenanceEvent.class);
    private static final JsonSerde<History> HISTORIES_JSON = JsonSerde.of(History.class);

    private static List<ProvenanceEvent> everyKind() {
        Alert a = TestAlerts.firing("DiskFull", "instance", "db-1", "severity", "critical");
        RouteStep step = new RouteStep(
                "/0",
                "team-db",
                List.of("severity=\"critical\""),
                true,
                false,
                true,
                List.of("alertname"),
                "{}/{severity=\"critical\"}:{alertname=\"DiskFull\"}",
                new RouteTiming(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofHours(4), Duration.ZERO),
                null,
                List.of(),
                List.of());
        Silence s = new Silence(
                "s-1",
                List.of(new SilenceMatcher("instance", "db-1", false, true)),
                AT.minusSeconds(60),
                AT.plusSeconds(3600),
                "ops",
                "maintenance, ünïcode",
                AT.minusSeconds(60));
        InhibitRule rule = new InhibitRule(List.of(), List.of(), List.of("instance"));
        List<ProvenanceEvent> out = new ArrayList<>();
        out.add(Events.fired(a, AT));
        out.add(Events.resolved(TestAlerts.resolved("DiskFull", "instance", "db-1"), AT));
        out.add(Events.routed(a.fingerprint(), step, List.of(step), AT));
        out.add(Events.silenced(a.fingerprint(), "team-db", List.of(s), AT));
        out.add(Events.unsilenced(a.fingerprint(), "team-db", AT));
        out.add(Events.inhibited(a.fingerprint(), "team-db", new Mutes.Inhibitor(a, 2, rule), AT));
        out.add(Events.uninhibited(a.fingerprint(), "team-db", AT));
        out.add(Events.muted(a.fingerprint(), "team-db", List.of("nightly", "weekend"), AT));
        out.add(Events.unmuted(a.fingerprint(), "team-db", AT));
        out.add(Events.deduped(a.fingerprint(), "team-db", "g", "told 1m ago", AT));
        out.add(Events.notified(a.fingerprint(), "team-db", "g", AlertState.FIRING, "d-1", "new alerts", AT));
        out.add(Events.escalation(a.fingerprint(), "db", 2, 3, List.of("a", "b"), AT));
        out.add(Events.acknowledged(a.fingerprint(), new Acknowledgement("amy", "on it \uD83D\uDD25", AT), AT));
        out.add(Events.delivery(
                a.fingerprint(), "d-1", "team-db", "webhook", "http://x", 3, "retry", 503, 12L, "", AT));
        out.add(Events.delivery(
                a.fingerprint(), "d-1", "team-db", "webhook", "http://x", 1, "ok", null, 5_000_000_000L, "x", AT));
        return out;
    }

    private static <T> T viaJson(JsonSerde<T> serde, T value) {
        return serde.deserializer().deserialize("t", serde.serializer().serialize("t", value));
    }

    @Test
    void everyKindOfEventReadsBackAsItsJsonDid() {
        for (ProvenanceEvent e : everyKind()) {
            byte[] bytes = EVENTS.serializer().serialize("t", e);
            assertEquals(EventCodec.VERSION, bytes[0], e.kind().wireName());
            assertEquals(
                    viaJson(EVENTS_JSON, e),
                    EVENTS.deserializer().deserialize("t", bytes),
                    e.kind().wireName());
        }
    }

    @Test
    void aHistoryReadsBackAsItsJsonDidAndIsSmaller() {
        History h = History.empty("fp");
        for (ProvenanceEvent e : everyKind()) {
            ProvenanceEvent same = new ProvenanceEvent("fp", e.at(), e.kind(), e.summary(), e.detail(), e.labels());
            h = h.append(same, AT, History.Bounds.DEFAULT);
        }
        byte[] bytes = HISTORIES.serializer().serialize("t", h);
        assertEquals(viaJson(HISTORIES_JSON, h), HISTORIES.deserializer().deserialize("t", bytes));
        int json = HISTORIES_JSON.serializer().serialize("t", h).length;
        assertTrue(bytes.length < json, bytes.length + " bytes, JSON " + json);
    }

    @Test
    void anEventOfAnotherAlertInAHistoryKeepsItsOwnFingerprint() {
        History h =
                new History("fp", null, List.of(new ProvenanceEvent("other", AT, EventKind.FIRED, "", Map.of(), null)));
        assertEquals(
                "other",
                HISTORIES
                        .deserializer()
                        .deserialize("t", HISTORIES.serializer().serialize("t", h))
                        .events()
                        .get(0)
                        .fingerprint());
    }

    @Test
    void theJsonWrittenBeforeIsStillRead() {
        for (ProvenanceEvent e : everyKind()) {
            byte[] json = EVENTS_JSON.serializer().serialize("t", e);
            assertEquals(viaJson(EVENTS_JSON, e), EVENTS.deserializer().deserialize("t", json));
        }
        History h = History.empty("fp").append(everyKind().get(0), AT, History.Bounds.DEFAULT);
        assertEquals(
                viaJson(HISTORIES_JSON, h),
                HISTORIES
                        .deserializer()
                        .deserialize("t", HISTORIES_JSON.serializer().serialize("t", h)));
    }

    @Test
    void aRepeatedMuteStateIsRecognisedWhicheverFormItCameIn() {
        ProvenanceEvent inhibited = everyKind().get(5);
        History fromJson = History.empty(inhibited.fingerprint())
                .append(everyKind().get(0), AT, History.Bounds.DEFAULT)
                .append(viaJson(EVENTS_JSON, inhibited), AT, History.Bounds.DEFAULT);
        ProvenanceEvent again =
                EVENTS.deserializer().deserialize("t", EVENTS.serializer().serialize("t", inhibited));
        assertEquals(fromJson, fromJson.append(again, AT, History.Bounds.DEFAULT));
    }

    @Test
    void aDetailThatIsNoStringNumberOrListIsRefused() {
        ProvenanceEvent odd = new ProvenanceEvent("fp", AT, EventKind.FIRED, "", Map.of("x", new Object()), null);
        assertThrows(IllegalArgumentException.class, () -> EVENTS.serializer().serialize("t", odd));
    }

    @Test
    void aTruncatedValueIsASerializationError() {
        byte[] bytes = EVENTS.serializer().serialize("t", everyKind().get(0));
        byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length / 2);
        assertThrows(SerializationException.class, () -> EVENTS.deserializer().deserialize("t", cut));
        assertArrayEquals(bytes, EVENTS.serializer().serialize("t", everyKind().get(0)));
    }
}
