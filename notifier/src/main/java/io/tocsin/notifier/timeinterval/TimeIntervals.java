package io.tocsin.notifier.timeinterval;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A route's mute and active time intervals, resolved by name: whether its groups are muted now. */
public final class TimeIntervals {
    private TimeIntervals() {}

    /**
     * Muted while inside any mute interval, or outside every active interval when some are given.
     * Unknown names never happen: the config refuses them.
     */
    public static boolean muted(
            Map<String, List<TimeInterval>> named, List<String> mute, List<String> active, Instant now) {
        if (mute != null && mute.stream().anyMatch(n -> inside(named.get(n), now))) {
            return true;
        }
        return active != null && !active.isEmpty() && active.stream().noneMatch(n -> inside(named.get(n), now));
    }

    private static boolean inside(List<TimeInterval> intervals, Instant now) {
        return intervals != null && intervals.stream().anyMatch(i -> i.contains(now));
    }
}
