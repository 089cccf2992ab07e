package io.tocsin.notifier.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.wire.Labels;
import io.tocsin.notifier.TestAlerts;
import io.tocsin.notifier.route.RouteTiming;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
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

    @Test
    void theChangesAcrossTheEndOfTheRingAndUpToItsLimit() {
        // Versions wrap around the fixed array: the ids come back in order across its end.
        AlertGroup g = group("g");
        for (int i = 0; i < GroupView.CHANGES - 5; i++) {
            view.put("0_0", "w", g);
        }
        long seen = view.version();
        List<String> put = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            put.add("x" + i);
            view.put("0_0", "x" + i, g);
        }
        view.put("0_0", "x3", g); // once in the answer, where it first changed
        assertTrue(seen % GroupView.CHANGES < GroupView.CHANGES - 1 && view.version() % GroupView.CHANGES < 12);
        assertEquals(put, List.copyOf(view.changedSince(seen).ids()));

        // As many changes as are remembered, less one: told; one more: not.
        long limit = view.version();
        for (int i = 0; i < GroupView.CHANGES - 1; i++) {
            view.put("0_1", "y" + (i % 3), g);
        }
        GroupView.Changes all = view.changedSince(limit);
        assertEquals(List.of("y0", "y1", "y2"), List.copyOf(all.ids()));
        assertEquals(view.version(), all.upTo());
        view.put("0_1", "y0", g);
        assertNull(view.changedSince(limit), "one change more than remembered");
        assertEquals(
                List.of("y1", "y2", "y0"),
                List.copyOf(view.changedSince(limit + 1).ids()));
    }

    @Test
    void readersWhileTheDispatchChangesGroupsSeeEveryChangeOnce() throws Exception {
        // A writer puts groups while readers follow it from version to version, as the API does:
        // every id put is told to a reader by the version that follows its put, none is invented.
        AlertGroup g = group("g");
        int puts = 200_000;
        List<String> order = new ArrayList<>(puts);
        for (int i = 0; i < puts; i++) {
            order.add("g" + (i % 5_000));
        }
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        CountDownLatch readers = new CountDownLatch(2);
        java.util.Set<String> told = ConcurrentHashMap.newKeySet();
        for (int r = 0; r < 2; r++) {
            Thread reader = new Thread(() -> {
                try {
                    long seen = view.version();
                    while (!done.get()) {
                        GroupView.Changes c = view.changedSince(seen);
                        if (c == null) {
                            seen = view.version(); // fell behind: would read everything
                            continue;
                        }
                        assertTrue(c.upTo() >= seen);
                        for (String id : c.ids()) {
                            assertTrue(id.startsWith("g"), id);
                            told.add(id);
                        }
                        seen = c.upTo();
                    }
                } catch (Throwable t) {
                    failed.set(t);
                } finally {
                    readers.countDown();
                }
            });
            reader.start();
        }
        long start = view.version();
        for (String id : order) {
            view.put("0_0", id, g);
        }
        GroupView.Changes last = view.changedSince(view.version() - 4_999);
        done.set(true);
        assertTrue(readers.await(30, TimeUnit.SECONDS));
        if (failed.get() != null) {
            throw new AssertionError(failed.get());
        }
        assertEquals(start + puts, view.version());
        assertEquals(new ArrayList<>(new LinkedHashSet<>(order.subList(puts - 4_999, puts))), List.copyOf(last.ids()));
        assertTrue(told.size() > 0 && told.size() <= 5_000, told.size() + " ids told");
    }
}
