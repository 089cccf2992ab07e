package io.tocsin.notifier.route;

import java.time.Duration;
import java.util.Objects;

/**
 * A route's notification pacing, as in Alertmanager: a new group waits {@code group_wait} for
 * companions, later changes wait for {@code group_interval} after the previous notification, and a
 * group that still fires is re-sent after {@code repeat_interval}. Tocsin adds {@code resolve_wait}:
 * a resolve that a receiver must hear goes out that soon, not after a whole group_interval.
 *
 * <p>Defaults differ from Alertmanager's on purpose in one place: group_wait is 1s, not 30s,
 * because a late first page is the complaint Tocsin exists to answer. Configs that want
 * Alertmanager's batching say {@code group_wait: 30s}.
 */
public record RouteTiming(Duration groupWait, Duration groupInterval, Duration repeatInterval, Duration resolveWait) {
    public static final RouteTiming DEFAULTS =
            new RouteTiming(Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofHours(4), Duration.ofSeconds(2));

    public RouteTiming {
        Objects.requireNonNull(groupWait, "groupWait");
        Objects.requireNonNull(groupInterval, "groupInterval");
        Objects.requireNonNull(repeatInterval, "repeatInterval");
        Objects.requireNonNull(resolveWait, "resolveWait");
        if (groupInterval.isZero()
                || groupInterval.isNegative()
                || repeatInterval.isZero()
                || repeatInterval.isNegative()) {
            throw new IllegalArgumentException("group_interval and repeat_interval must be positive");
        }
        if (groupWait.isNegative() || resolveWait.isNegative()) {
            throw new IllegalArgumentException("group_wait and resolve_wait must not be negative");
        }
    }
}
