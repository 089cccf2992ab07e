package io.tocsin.notifier.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.wire.Labels;
import io.tocsin.notifier.TestAlerts;
import io.tocsin.notifier.route.RouteTiming;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Readers that keep what they made from the view rely on its version moving with every change,
 * and learn which groups changed since the version they saw, or that they must read them all.
 */
class GroupViewTest {
    private static final RouteTiming TIMING =
            new RouteTiming(Duration.ZERO, Duration.ofMinutes(5), Duration.ofHours(1), Duration.ZERO);

    private final GroupView view = new GroupView();

    private static AlertGroup group(String key) {
        return AlertGroup.open(new GroupRef("team", key, Labels.EMPTY, TIMING), TestAlerts.STARTS);
    }

    @Test
    void everyPutRemoveAndDropMovesTheVersion() {
        GroupRef ref = new GroupRef("team", "{}:team", Labels.EMPTY, TIMING);
        AlertGroup g = AlertGroup.open(ref, TestAlerts.STARTS)
                .receive(ref, TestAlerts.firing("HighCpu", "instance", "db-1"), TestAlerts.STARTS);
        long v0 = view.version();
        view.put("0_1", "g", g);
        long v1 = view.version();
        view.put("0_1", "g", g); // the same record again: its live alerts may have changed in place
        long v2 = view.version();
        view.remove("0_1", "g");
        long v3 = view.version();
        view.drop("0_1");
        long v4 = view.version();
        assertTrue(v0 < v1 && v1 < v2 && v2 < v3 && v3 < v4, v0 + " " + v1 + " " + v2 + " " + v3 + " " + v4);
    }

    @Test
    void theGroupsChangedSinceAVersionEachOnce() {
        view.put("0_0", "a", group("a"));
        long seen = view.version();
        view.put("0_0", "b", group("b"));
        view.put("0_1", "c", group("c"));
        view.put("0_0", "b", group("b"));
        view.remove("0_0", "a");
        GroupView.Changes changes = view.changedSince(seen);
        assertEquals(List.of("b", "c", "a"), List.copyOf(changes.ids()));
        assertEquals(view.version(), changes.upTo());
        assertEquals(List.of(), List.copyOf(view.changedSince(changes.upTo()).ids()));
        assertNull(view.get("a"));
        assertSame(view.get("c"), view.get("c"));
    }

    @Test
    void aDroppedTaskOrTooManyChangesMeanReadEverything() {
        long seen = view.version();
        view.put("0_0", "a", group("a"));
        view.drop("0_0");
        assertNull(view.changedSince(seen), "a task's groups went at once");
        long later = view.version();
        for (int i = 0; i < GroupView.CHANGES; i++) {
            view.put("0_1", "g" + (i % 10), group("g"));
        }
        assertNull(view.changedSince(later), "more changes than are remembered");
        assertNull(view.changedSince(-1), "never read");
    }
}
