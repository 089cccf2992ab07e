package io.tocsin.notifier.api;

import io.tocsin.notifier.silence.Silence;
import io.tocsin.notifier.silence.SilenceMatcher;
import java.time.Instant;
import java.util.List;

/**
 * Whether a silence posted with the id of an existing one updates it in place, as Alertmanager
 * decides ({@code silence.canUpdate}): only with the same matchers; an active silence only when its
 * start is unchanged (to the second) and its new end is not in the past; a pending one only when its new start is
 * not in the past; an expired one never. Otherwise the old silence is expired (unless it already
 * is) and the post creates a new silence with a new id. Expiring a silence keeps its id. Pure.
 */
final class SilenceUpdates {
    private SilenceUpdates() {}

    static boolean inPlace(Silence prev, List<SilenceMatcher> matchers, Instant startsAt, Instant endsAt, Instant now) {
        if (!prev.matchers().equals(matchers)) {
            return false;
        }
        return switch (prev.state(now)) {
            // To the second, as Alertmanager compares (StartsAt.Unix()): clients send back the start
            // they were shown, in milliseconds (amtool), while it was stored to the microsecond.
            case ACTIVE -> startsAt.getEpochSecond() == prev.startsAt().getEpochSecond() && !endsAt.isBefore(now);
            case PENDING -> !startsAt.isBefore(now);
            case EXPIRED -> false;
        };
    }
}
