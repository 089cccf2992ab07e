package io.tocsin.notifier.api;

import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.core.wire.Labels;
import io.tocsin.notifier.dispatch.AlertGroup;
import io.tocsin.notifier.dispatch.GroupRef;
import io.tocsin.notifier.route.RouteTiming;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The side-by-side driver's hold block in memory, for the listing benches: each alert firing in a group of its own. */
final class HeldGroups {
    private HeldGroups() {}

    /** One receiver, every alert its own group. */
    static final String CONFIG = "route:\n  receiver: none\n  group_by: ['...']\nreceivers:\n  - name: none\n";

    private static final RouteTiming TIMING =
            new RouteTiming(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofHours(4), Duration.ZERO);

    /** {@code n} groups by id, in the order made. */
    static Map<String, AlertGroup> of(int n, Instant now) {
        Map<String, AlertGroup> groups = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            Labels labels =
                    Labels.of("alertname", "Bench" + i % 10, "instance", "i-" + i, "phase", "own", "run", "hold");
            Alert a = new Alert(
                    labels,
                    Map.of("summary", "bench alert"),
                    AlertState.FIRING,
                    Double.NaN,
                    now,
                    now.plusSeconds(3600),
                    "api",
                    "",
                    "");
            GroupRef ref = new GroupRef("none", labels.toString(), labels, TIMING);
            groups.put(ref.id(), AlertGroup.open(ref, now).receive(ref, a, now));
        }
        return groups;
    }
}
