package io.tocsin.notifier.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.json.CompactSerde;
import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.core.wire.Labels;
import io.tocsin.notifier.route.RouteTiming;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;

/** The group stage's held groups: what an alert, a flush and a restart write to the store. */
class HeldGroupsTest {
    private static final Instant T0 = Instant.parse("2026-01-10T10:00:00Z");
    private static final GroupRef REF = new GroupRef(
            "team",
            "{}:{alertname=\"DiskFull\"}",
            Labels.of("alertname", "DiskFull"),
            new RouteTiming(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofHours(4), null));
    private static final String ID = REF.id();

    /** The store as a map, written the way the processor writes it at a commit. */
    private final TreeMap<String, byte[]> store = new TreeMap<>();

    private List<String> commit(HeldGroups held) {
        List<String> written = new ArrayList<>();
        held.writeChanged((key, value) -> {
            written.add(key);
            if (value == null) {
                store.remove(key);
            } else {
                store.put(key, value);
            }
        });
        return written;
    }

    private HeldGroups reloaded() {
        HeldGroups h = new HeldGroups();
        h.load(entries());
        return h;
    }

    private List<KeyValue<String, byte[]>> entries() {
        List<KeyValue<String, byte[]>> out = new ArrayList<>();
        store.forEach((k, v) -> out.add(KeyValue.pair(k, v)));
        return out;
    }

    private static Alert alert(int i, AlertState state) {
        return new Alert(
                Labels.of("alertname", "DiskFull", "instance", "db-" + i),
                Map.of(),
                state,
                Double.NaN,
                T0,
                null,
                "api",
                "",
                "");
    }

    private static AlertGroup receive(HeldGroups held, Alert a, Instant now) {
        AlertGroup current = held.get(ID);
        return held.receive(ID, current == null ? AlertGroup.open(REF, T0) : current, REF, a, now);
    }

    @Test
    void anAlertIntoABigGroupWritesOnlyThatAlert() {
        HeldGroups held = new HeldGroups();
        for (int i = 0; i < 1000; i++) {
            receive(held, alert(i, AlertState.FIRING), T0.plusSeconds(1));
        }
        assertEquals(1001, commit(held).size(), "the header and each alert once");
        assertNotNull(receive(held, alert(1000, AlertState.FIRING), T0.plusSeconds(2)));
        assertEquals(
                List.of(GroupCodec.memberKey(ID, alert(1000, AlertState.FIRING).fingerprint())), commit(held));
        assertEquals(1001, held.get(ID).alerts().size());
    }

    @Test
    void aRepostOfWhatTheGroupHoldsChangesNothing() {
        HeldGroups held = new HeldGroups();
        receive(held, alert(1, AlertState.FIRING), T0.plusSeconds(1));
        commit(held);
        assertNull(receive(held, alert(1, AlertState.FIRING), T0.plusSeconds(2)));
        assertTrue(commit(held).isEmpty());
    }

    @Test
    void aRecordReadEarlierSeesTheAlertsThatArriveLater() {
        HeldGroups held = new HeldGroups();
        AlertGroup seen = receive(held, alert(1, AlertState.FIRING), T0.plusSeconds(1));
        receive(held, alert(2, AlertState.FIRING), T0.plusSeconds(2));
        assertEquals(2, seen.alerts().size(), "the read API's view of the group is live, not a copy per alert");
    }

    @Test
    void whatIsWrittenLoadsBackAsTheSameGroups() {
        HeldGroups held = new HeldGroups();
        for (int i = 0; i < 5; i++) {
            receive(held, alert(i, AlertState.FIRING), T0.plusSeconds(1));
        }
        Flush f = Flush.of(held.get(ID), T0.plusSeconds(30), a -> false);
        held.put(ID, f.next());
        commit(held);
        AlertGroup back = reloaded().get(ID);
        assertEquals(held.get(ID), back);
        assertEquals(5, back.told().size());
    }

    @Test
    void aFlushWritesOnlyTheAlertsItChangedAndDeletesTheResolved() {
        HeldGroups held = new HeldGroups();
        for (int i = 0; i < 5; i++) {
            receive(held, alert(i, AlertState.FIRING), T0.plusSeconds(1));
        }
        held.put(ID, Flush.of(held.get(ID), T0.plusSeconds(30), a -> false).next());
        commit(held);
        receive(held, alert(3, AlertState.RESOLVED), T0.plusSeconds(40));
        commit(held);
        Flush f = Flush.of(held.get(ID), held.get(ID).due(), a -> false);
        assertEquals(Decision.NOTIFY_RESOLVED, f.decision());
        held.put(ID, f.next());
        String resolved = GroupCodec.memberKey(ID, alert(3, AlertState.RESOLVED).fingerprint());
        assertEquals(List.of(ID, resolved), commit(held), "the header, and the resolved alert's tombstone");
        assertFalse(store.containsKey(resolved));
        assertEquals(4, reloaded().get(ID).alerts().size());
    }

    @Test
    void aClosedGroupLeavesNothingInTheStore() {
        HeldGroups held = new HeldGroups();
        receive(held, alert(1, AlertState.FIRING), T0.plusSeconds(1));
        held.put(ID, Flush.of(held.get(ID), T0.plusSeconds(30), a -> false).next());
        commit(held);
        held.remove(ID);
        commit(held);
        assertTrue(store.isEmpty(), store.keySet().toString());
    }

    @Test
    void aGroupOfOneAlertIsOneRecord() {
        HeldGroups held = new HeldGroups();
        receive(held, alert(1, AlertState.FIRING), T0.plusSeconds(1));
        held.put(ID, Flush.of(held.get(ID), T0.plusSeconds(30), a -> false).next());
        assertEquals(List.of(ID), commit(held), "header and alert in one value");
        assertEquals(List.of(ID), new ArrayList<>(store.keySet()));
        assertTrue(GroupCodec.isWhole(store.get(ID)));
        AlertGroup back = reloaded().get(ID);
        assertEquals(held.get(ID), back);
        assertEquals(1, back.told().size());
        // Its one alert resolved and told: the one value again, no member entry.
        receive(held, alert(1, AlertState.RESOLVED), T0.plusSeconds(40));
        assertEquals(List.of(ID), commit(held));
        assertEquals(held.get(ID), reloaded().get(ID));
    }

    @Test
    void aGroupThatGrowsPastOneAlertIsWrittenApartFromThenOn() {
        HeldGroups held = new HeldGroups();
        Alert first = alert(1, AlertState.FIRING);
        receive(held, first, T0.plusSeconds(1));
        assertEquals(List.of(ID), commit(held));
        Alert second = alert(2, AlertState.FIRING);
        receive(held, second, T0.plusSeconds(2));
        String firstKey = GroupCodec.memberKey(ID, first.fingerprint());
        String secondKey = GroupCodec.memberKey(ID, second.fingerprint());
        List<String> written = commit(held);
        assertEquals(3, written.size(), written.toString());
        assertEquals(java.util.Set.of(ID, firstKey, secondKey), new java.util.HashSet<>(written));
        assertFalse(GroupCodec.isWhole(store.get(ID)), "a header now");
        assertEquals(held.get(ID), reloaded().get(ID));
        // Back to one alert, it stays apart: only the entry that changed is written.
        held.put(ID, Flush.of(held.get(ID), T0.plusSeconds(30), a -> false).next());
        commit(held);
        receive(held, alert(2, AlertState.RESOLVED), T0.plusSeconds(40));
        commit(held);
        held.put(ID, Flush.of(held.get(ID), held.get(ID).due(), a -> false).next());
        assertEquals(List.of(ID, secondKey), commit(held), "the header, and the resolved alert's tombstone");
        assertEquals(1, held.get(ID).alerts().size());
        Alert third = alert(3, AlertState.FIRING);
        receive(held, third, T0.plusSeconds(50));
        assertOnlyItsEntryAndHeader(commit(held), third);
        assertFalse(GroupCodec.isWhole(store.get(ID)));
        assertEquals(held.get(ID), reloaded().get(ID));
        // Reloaded, it is still apart: an alert into it writes its entry, not the group.
        HeldGroups again = reloaded();
        Alert fourth = alert(4, AlertState.FIRING);
        receive(again, fourth, T0.plusSeconds(60));
        assertOnlyItsEntryAndHeader(commit(again), fourth);
        assertEquals(again.get(ID), reloaded().get(ID));
    }

    /** The alert's own entry, and the header if the alert moved the group's due time; no other entry. */
    private static void assertOnlyItsEntryAndHeader(List<String> written, Alert a) {
        String key = GroupCodec.memberKey(ID, a.fingerprint());
        assertTrue(written.contains(key), written.toString());
        assertTrue(java.util.Set.of(ID, key).containsAll(written), written.toString());
    }

    @Test
    void aGroupWrittenApartAndClosedLeavesNothingAndOpensAgainWhole() {
        HeldGroups held = new HeldGroups();
        receive(held, alert(1, AlertState.FIRING), T0.plusSeconds(1));
        receive(held, alert(2, AlertState.FIRING), T0.plusSeconds(1));
        commit(held);
        assertEquals(3, store.size());
        held.remove(ID);
        commit(held);
        assertTrue(store.isEmpty(), store.keySet().toString());
        receive(held, alert(3, AlertState.FIRING), T0.plusSeconds(70));
        assertEquals(List.of(ID), commit(held));
        assertTrue(GroupCodec.isWhole(store.get(ID)));
    }

    @Test
    void aGroupClosedAndOpenedAgainInOneCommitDropsItsOldEntries() {
        HeldGroups held = new HeldGroups();
        receive(held, alert(1, AlertState.FIRING), T0.plusSeconds(1));
        receive(held, alert(2, AlertState.FIRING), T0.plusSeconds(1));
        commit(held);
        held.remove(ID);
        receive(held, alert(3, AlertState.FIRING), T0.plusSeconds(70));
        commit(held);
        assertEquals(held.get(ID), reloaded().get(ID));
        assertEquals(1, reloaded().get(ID).alerts().size(), store.keySet().toString());
    }

    @Test
    void aWholeValueWithMemberEntriesBesideItIsReadWithThemAndRewrittenApart() {
        HeldGroups held = new HeldGroups();
        Alert first = alert(1, AlertState.FIRING);
        receive(held, first, T0.plusSeconds(1));
        commit(held);
        Alert second = alert(2, AlertState.FIRING);
        store.put(
                GroupCodec.memberKey(ID, second.fingerprint()), GroupCodec.member(new GroupCodec.Member(second, null)));
        HeldGroups back = reloaded();
        assertEquals(2, back.get(ID).alerts().size());
        assertEquals(3, commit(back).size(), "the header and both alerts, apart");
        assertFalse(GroupCodec.isWhole(store.get(ID)));
        assertEquals(back.get(ID), reloaded().get(ID));
    }

    @Test
    void aGroupStoredAsWholeJsonByAnEarlierVersionIsReadAndRewrittenAsHeaderAndMembers() {
        AlertGroup old = AlertGroup.open(REF, T0);
        for (int i = 0; i < 3; i++) {
            old = old.receive(REF, alert(i, AlertState.FIRING), T0.plusSeconds(1));
        }
        old = Flush.of(old, T0.plusSeconds(30), a -> false).next();
        old = old.receive(REF, alert(3, AlertState.FIRING), T0.plusSeconds(31));
        store.put(ID, StateSerde.of(AlertGroup.class).serializer().serialize("t", old));

        HeldGroups held = reloaded();
        assertEquals(old, held.get(ID), "the old value is read the old way");
        List<String> written = commit(held);
        assertEquals(5, written.size(), "the header and its four alerts, rewritten at the first commit");
        assertFalse(CompactSerde.isJson(store.get(ID)));
        assertEquals(old, reloaded().get(ID), "and read back from the new layout");
        assertTrue(reloaded().get(ID).told().size() == 3);
    }
}
