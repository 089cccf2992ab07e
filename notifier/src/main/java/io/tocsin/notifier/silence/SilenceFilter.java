package io.tocsin.notifier.silence;

import io.tocsin.core.label.Matcher;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v2/silences?filter=} and its order, as Alertmanager does them, so that amtool
 * lists the same silences. A filter matcher is checked against the silence's own matchers taken
 * as labels (name to value, whatever their operator): {@code alertname="X"} finds silences with
 * a matcher on alertname whose value is X. An empty filter value also accepts a silence without
 * that name for = and =~, and one with it for != and !~. Pure; table-tested.
 */
public final class SilenceFilter {
    private SilenceFilter() {}

    public static boolean matches(List<Matcher> filter, Silence s) {
        Map<String, String> asLabels = new HashMap<>();
        s.matchers().forEach(m -> asLabels.put(m.name(), m.value()));
        for (Matcher f : filter) {
            String v = asLabels.get(f.name());
            boolean negative = !f.op().isEqual();
            if (f.value().isEmpty() && (negative == (v != null))) {
                continue;
            }
            if (!f.matchesValue(v == null ? "" : v)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Alertmanager's listing order: active silences first, ending soonest first; then pending,
     * starting soonest first; then expired, most recently ended first.
     */
    public static Comparator<Silence> order(Instant now) {
        return Comparator.<Silence>comparingInt(s -> rank(s.state(now))).thenComparing((a, b) -> switch (a.state(now)) {
            case ACTIVE -> a.endsAt().compareTo(b.endsAt());
            case PENDING -> a.startsAt().compareTo(b.startsAt());
            case EXPIRED -> b.endsAt().compareTo(a.endsAt());
        });
    }

    private static int rank(Silence.State state) {
        return switch (state) {
            case ACTIVE -> 0;
            case PENDING -> 1;
            case EXPIRED -> 2;
        };
    }
}
