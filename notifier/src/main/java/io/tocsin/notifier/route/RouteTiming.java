package io.tocsin.notifier.route;

import java.time.Duration;
import java.util.Objects;

/**
 * A route's notification pacing. Only repeat_interval acts yet (a firing alert is re-sent after
 * it); group_wait and group_interval are kept for grouping, with Alertmanager's defaults.
 */
public record RouteTiming(Duration groupWait, Duration groupInterval, Duration repeatInterval) {
    public static final RouteTiming DEFAULTS =
            new RouteTiming(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofHours(4));

    public RouteTiming {
        Objects.requireNonNull(groupWait, "groupWait");
        Objects.requireNonNull(groupInterval, "groupInterval");
        Objects.requireNonNull(repeatInterval, "repeatInterval");
        if (groupInterval.isZero() || groupInterval.isNegative() || repeatInterval.isZero() || repeatInterval.isNegative()) {
            throw new IllegalArgumentException("group_interval and repeat_interval must be positive");
        }
    }
}
