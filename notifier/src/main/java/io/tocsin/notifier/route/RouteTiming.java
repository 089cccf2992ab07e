package io.tocsin.notifier.route;

import java.time.Duration;
import java.util.Objects;

/**
 * A route's notification pacing, as in Alertmanager: a new group waits {@code group_wait} for
 * companions, then is flushed every {@code group_interval} from its first flush (news and resolves
 * go out at the next of those ticks), and a group that still fires is re-sent at the first tick
 * more than {@code repeat_interval} after it was last told. Tocsin adds {@code resolve_wait},
 * unset by default (Alertmanager's behaviour): when set, a resolve that a receiver must hear goes
 * out that soon even if the group's next tick is later.
 *
 * <p>Defaults differ from Alertmanager's on purpose in one place: group_wait is 1s, not 30s,
 * because a late first page is the complaint Tocsin exists to answer. Configs that want
 * Alertmanager's batching say {@code group_wait: 30s}.
 *
 * @param resolveWait null: resolves go out at the group's next tick, as in Alertmanager
 */
public record RouteTiming(Duration groupWait, Duration groupInterval, Duration repeatInterval, Duration resolveWait) {
    public static final RouteTiming DEFAULTS =
            new RouteTiming(Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofHours(4), null);

    public RouteTiming {
        Objects.requireNonNull(groupWait, "groupWait");
        Objects.requireNonNull(groupInterval, "groupInterval");
        Objects.requireNonNull(repeatInterval, "repeatInterval");
        if (groupInterval.isZero()
                || groupInterval.isNegative()
                || repeatInterval.isZero()
                || repeatInterval.isNegative()) {
            throw new IllegalArgumentException("group_interval and repeat_interval must be positive");
        }
        if (groupWait.isNegative() || (resolveWait != null && resolveWait.isNegative())) {
            throw new IllegalArgumentException("group_wait and resolve_wait must not be negative");
        }
    }
}
