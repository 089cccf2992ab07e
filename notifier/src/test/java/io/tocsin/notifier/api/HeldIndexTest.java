package io.tocsin.notifier.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.Labels;
import io.tocsin.notifier.TestAlerts;
import io.tocsin.notifier.dispatch.AlertGroup;
import io.tocsin.notifier.dispatch.GroupRef;
import io.tocsin.notifier.route.RouteTiming;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The index brought up to date from the groups that changed is the index made whole from every
 * group, and what did not change (rows, members, their JSON) is kept.
 */
class HeldIndexTest {
    private static final Instant NOW = TestAlerts.STARTS.plusSeconds(60);
    private static final RouteTiming TIMING =
            new RouteTiming(Duration.ZERO, Duration.ofMinutes(5), Duration.ofHours(1), Duration.ZERO);

    /** The groups by id, as GroupView holds them. */
    private final Map<String, AlertGroup> groups = new LinkedHashMap<>();

    private final HeldIndex index = new HeldIndex();

    private static GroupRef ref(String receiver, String key) {
        return new GroupRef(receiver, key, Labels.EMPTY, TIMING);
    }

    private void hold(String id, GroupRef ref, Alert... alerts) {
        TreeMap<String, Alert> byFp = new TreeMap<>();
        for (Alert a : alerts) {
            byFp.put(a.fingerprint(), a);
        }
        groups.put(id, new AlertGroup(ref, NOW, byFp, null, null, null, 0, null, null, false, null));
    }

    private void rebuild() {
        List<Map.Entry<String, AlertGroup>> all = new ArrayList<>();
        groups.forEach((id, g) -> all.add(new AbstractMap.SimpleImmutableEntry<>(id, g)));
        index.rebuildById(all);
    }

    private void apply(String... ids) {
        index.apply(List.of(ids), groups::get);
    }

    /** Each row as fingerprint → its members' receivers and alerts' instances. */
    private static List<String> shape(HeldIndex.Row[] rows) {
        return Arrays.stream(rows)
                .map(r -> r.fingerprint() + "="
                        + Arrays.stream(r.members())
                                .map(m -> m.ref.receiver() + "/"
                                        + m.alert.labels().get("instance") + "/"
                                        + m.alert.annotations().getOrDefault("summary", ""))
                                .sorted()
                                .toList())
                .toList();
    }

    private List<String> whole() {
        HeldIndex fresh = new HeldIndex();
        fresh.rebuild(groups.values());
        return shape(fresh.rows());
    }

    private static Alert firing(String instance) {
        return TestAlerts.firing("HighCpu", "instance", instance);
    }

    @Test
    void aGroupFlushedWithTheSameAlertsLeavesTheRowsAndTheirJsonAsTheyWere() {
        Alert db1 = firing("db-1");
        hold("g1", ref("team", "g1"), db1);
        hold("g2", ref("team", "g2"), firing("db-2"));
        rebuild();
        HeldIndex.Row[] before = index.rows();
        before[0].members()[0].encoded(new JsonChunks(64));
        // A flush: a new record of the group, the same alert object.
        hold("g1", ref("team", "g1"), db1);
        apply("g1");
        assertSame(before, index.rows(), "nothing listed changed: the same rows");
        assertEquals(1, index.encoded());
    }

    @Test
    void changedOpenedAndClosedGroupsGiveWhatAWholeIndexGives() {
        Alert db1 = firing("db-1");
        hold("g1", ref("team", "g1"), db1, firing("db-2"));
        hold("g2", ref("team", "g2"), firing("db-3"));
        hold("g3", ref("dba", "g3"), firing("db-4"));
        rebuild();
        // g1: db-2 updated (a new object), db-5 came; g2 closed; g4 opened, holding db-1 as well.
        hold(
                "g1",
                ref("team", "g1"),
                db1,
                TestAlerts.withAnnotations(firing("db-2"), Map.of("summary", "hot")),
                firing("db-5"));
        groups.remove("g2");
        hold("g4", ref("dba", "g4"), db1);
        apply("g1", "g2", "g4");
        assertEquals(whole(), shape(index.rows()));
        HeldIndex.Row db1Row = Arrays.stream(index.rows())
                .filter(r -> r.fingerprint().equals(db1.fingerprint()))
                .findFirst()
                .orElseThrow();
        assertEquals(2, db1Row.members().length, "one member per group that holds it");
        assertTrue(index.holds(db1.fingerprint()));
        assertFalse(index.holds(firing("db-3").fingerprint()), "its group closed");
    }

    @Test
    void anUpdatedAlertIsANewMemberWhoseJsonIsMadeAnew() {
        Alert db1 = firing("db-1");
        hold("g1", ref("team", "g1"), db1);
        rebuild();
        HeldIndex.Member before = index.rows()[0].members()[0];
        before.encoded(new JsonChunks(64));
        Alert hotter = TestAlerts.withAnnotations(db1, Map.of("summary", "hotter"));
        hold("g1", ref("team", "g1"), hotter);
        apply("g1");
        HeldIndex.Member after = index.rows()[0].members()[0];
        assertNotSame(before, after);
        assertSame(hotter, after.alert);
        assertTrue(new String(after.encoded(new JsonChunks(64)).json).contains("\"summary\":\"hotter\""));
    }

    @Test
    void madeWholeAgainItKeepsTheJsonOfTheAlertsItHad() {
        Alert db1 = firing("db-1");
        hold("g1", ref("team", "g1"), db1);
        rebuild();
        EncodedAlerts.Encoded json = index.rows()[0].members()[0].encoded(new JsonChunks(64));
        hold("g1", ref("team", "g1"), db1);
        rebuild();
        assertSame(json, index.rows()[0].members()[0].encoded);
    }
}
