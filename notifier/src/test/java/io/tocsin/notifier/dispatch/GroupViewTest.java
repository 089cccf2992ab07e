package io.tocsin.notifier.dispatch;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.wire.Labels;
import io.tocsin.notifier.TestAlerts;
import io.tocsin.notifier.route.RouteTiming;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Readers that keep what they made from the view rely on its version moving with every change. */
class GroupViewTest {
    private static final RouteTiming TIMING =
            new RouteTiming(Duration.ZERO, Duration.ofMinutes(5), Duration.ofHours(1), Duration.ZERO);

    @Test
    void everyPutRemoveAndDropMovesTheVersion() {
        GroupView view = new GroupView();
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
}
