package io.tocsin.notifier.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.json.CompactSerde;
import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.core.wire.Labels;
import io.tocsin.notifier.ack.Acknowledgement;
import io.tocsin.notifier.escalation.Escalation;
import io.tocsin.notifier.provenance.AlertEvents;
import io.tocsin.notifier.provenance.Events;
import io.tocsin.notifier.route.RouteTiming;
import io.tocsin.notifier.route.TimeMuting;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class GroupCodecTest {
    private static final Instant T0 = Instant.parse("2026-01-10T10:00:00.123456789Z");

    static final GroupRef REF = new GroupRef(
            "team",
            "{}:{alertname=\"DiskFull\"}",
            Labels.of("alertname", "DiskFull"),
            new RouteTiming(
                    Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofHours(4), Duration.ofMillis(1500)),
            "page-db",
            new TimeMuting(List.of("nights"), List.of("weekdays", "office")));

    @Test
    void aHeaderReadsBackAsTheGroupWithoutItsAlerts() {
        AlertGroup g = new AlertGroup(
                REF,
                T0,
                null,
                null,
                T0.plusSeconds(30),
                T0.plusSeconds(30),
                7,
                T0.plusSeconds(330),
                new Acknowledgement("ana", "on it — ça marche", T0.plusSeconds(40)),
                true,
                new Escalation("page-db", T0, 2, T0.plusSeconds(600), new TreeSet<>(List.of("pager", "team")), false));
        assertEquals(g, GroupCodec.readHeader(GroupCodec.header(g)));
    }

    @Test
    void aHeaderKeepsWhatIsAbsentAbsent() {
        GroupRef plain = new GroupRef("team", "{}", Labels.EMPTY, RouteTiming.DEFAULTS);
        AlertGroup g = AlertGroup.open(plain, T0).withDue(null);
        AlertGroup back = GroupCodec.readHeader(GroupCodec.header(g));
        assertEquals(g, back);
        assertNull(back.ref().timing().resolveWait());
        assertNull(back.escalation());
    }

    @Test
    void aMemberReadsBackAsItsAlertAndToldEpisode() {
        Alert a = new Alert(
                Labels.of("alertname", "DiskFull", "instance", "db-1"),
                Map.of("summary", "disk 97% full"),
                AlertState.FIRING,
                0.97,
                T0,
                T0.plusSeconds(300),
                "rules",
                "v3",
                "http://prom/graph?g0.expr=disk",
                "packs/disk.yml",
                12);
        GroupCodec.Member m = new GroupCodec.Member(a, AlertGroup.episode(a));
        assertEquals(m, GroupCodec.readMember(GroupCodec.member(m)));
        GroupCodec.Member toldOnly = new GroupCodec.Member(null, "");
        assertEquals(toldOnly, GroupCodec.readMember(GroupCodec.member(toldOnly)));
    }

    @Test
    void aGroupKeptWholeReadsBackAsItsHeaderAndItsOneMember() {
        Alert a = new Alert(
                Labels.of("alertname", "DiskFull", "instance", "db-1"),
                Map.of("summary", "disk 97% full"),
                AlertState.FIRING,
                0.97,
                T0,
                null,
                "api",
                "",
                "");
        AlertGroup g = new AlertGroup(
                REF,
                T0,
                null,
                null,
                T0.plusSeconds(30),
                T0.plusSeconds(30),
                1,
                T0.plusSeconds(330),
                null,
                false,
                new Escalation("page-db", T0, 1, T0.plusSeconds(600), new TreeSet<>(List.of("pager")), false));
        GroupCodec.Member m = new GroupCodec.Member(a, AlertGroup.episode(a));
        byte[] value = GroupCodec.whole(g, a.fingerprint(), m);
        assertTrue(GroupCodec.isWhole(value));
        assertFalse(GroupCodec.isWhole(GroupCodec.header(g)));
        assertFalse(CompactSerde.isJson(value));
        assertEquals(new GroupCodec.Whole(g, a.fingerprint(), m), GroupCodec.readWhole(value));
        GroupCodec.Member toldOnly = new GroupCodec.Member(null, "");
        assertEquals(
                new GroupCodec.Whole(g, "abc", toldOnly), GroupCodec.readWhole(GroupCodec.whole(g, "abc", toldOnly)));
        assertEquals(new GroupCodec.Whole(g, null, null), GroupCodec.readWhole(GroupCodec.whole(g, null, null)));
        // A reader of headers (an earlier version) refuses it rather than load the group without its alert.
        assertThrows(IllegalArgumentException.class, () -> GroupCodec.readHeader(value));
    }

    @Test
    void aMemberKeyNamesItsGroupAndFingerprint() {
        String key = GroupCodec.memberKey(REF.id(), "abc123");
        assertEquals(REF.id(), GroupCodec.groupOf(key));
        assertEquals("abc123", GroupCodec.fingerprintOf(key));
        assertNull(GroupCodec.groupOf(REF.id()), "a group id is a header key");
    }

    @Test
    void theOldJsonIsToldApartFromTheBinaryValues() {
        byte[] json = StateSerde.of(AlertGroup.class).serializer().serialize("t", AlertGroup.open(REF, T0));
        assertTrue(CompactSerde.isJson(json));
        assertFalse(CompactSerde.isJson(GroupCodec.header(AlertGroup.open(REF, T0))));
        assertThrows(
                IllegalArgumentException.class,
                () -> GroupCodec.readMember(GroupCodec.header(AlertGroup.open(REF, T0))));
    }

    @Test
    void membershipsAndRoutedRecordsReadBackFromBinaryAndFromTheOldJson() {
        Alert a = new Alert(
                Labels.of("alertname", "DiskFull", "instance", "db-1"),
                Map.of(),
                AlertState.FIRING,
                Double.NaN,
                T0,
                null,
                "api",
                "",
                "");
        Memberships m = new Memberships(List.of(REF, new GroupRef("pager", "{}", Labels.EMPTY, RouteTiming.DEFAULTS)));
        Routed alert = new Routed(REF, a);
        Routed ack = new Routed(REF, null, new Acknowledgement("ana", null, T0));
        CompactSerde<Memberships> ms = GroupCodec.membershipsSerde();
        CompactSerde<Routed> rs = GroupCodec.routedSerde();
        assertEquals(m, ms.deserializer().deserialize("t", ms.serializer().serialize("t", m)));
        assertEquals(alert, rs.deserializer().deserialize("t", rs.serializer().serialize("t", alert)));
        assertEquals(ack, rs.deserializer().deserialize("t", rs.serializer().serialize("t", ack)));
        byte[] oldMemberships = StateSerde.of(Memberships.class).serializer().serialize("t", m);
        byte[] oldRouted = StateSerde.of(Routed.class).serializer().serialize("t", alert);
        assertEquals(m, ms.deserializer().deserialize("t", oldMemberships), "a value stored before the upgrade");
        assertEquals(alert, rs.deserializer().deserialize("t", oldRouted), "a record in flight at the upgrade");
    }

    @Test
    void aRoutedRecordCarriesTheRouteStagesEventsAfterItsFieldsSoAnEarlierVersionStillReadsTheAlert() {
        Alert a = new Alert(
                Labels.of("alertname", "DiskFull", "instance", "db-1"),
                Map.of(),
                AlertState.FIRING,
                Double.NaN,
                T0,
                null,
                "api",
                "",
                "");
        AlertEvents events =
                new AlertEvents(a.fingerprint(), List.of(Events.fired(a, T0), Events.resolved(a, T0.plusSeconds(1))));
        CompactSerde<Routed> rs = GroupCodec.routedSerde();
        Routed carrying = new Routed(REF, a, null, events);
        byte[] bytes = rs.serializer().serialize("t", carrying);
        assertEquals('R', bytes[1], "the routed kind: an earlier version reads the alert and stops before the events");
        assertEquals(carrying, rs.deserializer().deserialize("t", bytes));
        Routed plain = new Routed(REF, a);
        byte[] plainBytes = rs.serializer().serialize("t", plain);
        assertEquals('R', plainBytes[1], "without events, the form every earlier version writes and reads");
        assertNull(rs.deserializer().deserialize("t", plainBytes).provenance());
        assertEquals(
                java.util.HexFormat.of().formatHex(plainBytes, 2, plainBytes.length),
                java.util.HexFormat.of().formatHex(bytes, 2, plainBytes.length),
                "the same fields, then the events");
        assertThrows(
                IllegalArgumentException.class,
                () -> new Routed(
                        REF,
                        a,
                        null,
                        AlertEvents.of(Events.fired(
                                new Alert(
                                        Labels.of("alertname", "Other"),
                                        Map.of(),
                                        AlertState.FIRING,
                                        Double.NaN,
                                        T0,
                                        null,
                                        "api",
                                        "",
                                        ""),
                                T0))),
                "only its own alert's events");
    }

    @Test
    void aMemberIsWrittenByteForByteAsTheStoreAlreadyHoldsIt() {
        // Written by the DataOutputStream encoding this one replaced: stores and repartition
        // topics hold such values, and equal alerts must keep giving equal bytes.
        String before = "014d010000000200000009616c6572746e616d65000000084469736b46756c6c00000008696e7374616e6365"
                + "0000000464622d31000000010000000773756d6d61727900000007c3bc2066756c6c017ff8000000000000000000"
                + "00696223200ee6b2808000000000000000000000000000000f72756c653a672f4469736b46756c6c000000013300"
                + "000008687474703a2f2f780000000d72756c65732f64622e79616d6c0000000c00000017323032362d30312d3130"
                + "5431303a30303a30302e32355a";
        Alert alert = new Alert(
                Labels.of("alertname", "DiskFull", "instance", "db-1"),
                Map.of("summary", "\u00fc full"),
                AlertState.FIRING,
                Double.NaN,
                Instant.parse("2026-01-10T10:00:00.25Z"),
                null,
                "rule:g/DiskFull",
                "3",
                "http://x",
                "rules/db.yaml",
                12);
        GroupCodec.Member m = new GroupCodec.Member(alert, "2026-01-10T10:00:00.25Z");
        byte[] bytes = GroupCodec.member(m);
        assertEquals(before, java.util.HexFormat.of().formatHex(bytes));
        assertEquals(m, GroupCodec.readMember(bytes));
        assertThrows(
                java.io.UncheckedIOException.class,
                () -> GroupCodec.readMember(java.util.Arrays.copyOf(bytes, bytes.length - 3)));
    }
}
