package io.tocsin.notifier.api;

import java.time.Duration;

/**
 * What becomes of an alert posted here and acknowledged with a 200: it stays readable from the
 * posts until the dispatch's own copy can answer for it. Time alone never ends a post: under a
 * backlog the dispatch may take longer than any fixed keep time, and a post dropped before its
 * group holds it vanished from GET /api/v2/alerts (52,641 of 100k shown 20 s after a burst).
 */
enum PostFate {
    /** No group holds it yet and it still fires: reads show it from the post. */
    KEEP,
    /** A group of this instance holds it: the group's copy is shown from now on. */
    HELD,
    /** No longer firing (its endsAt passed, or a later post resolved it): no read shows it. */
    ENDED,
    /**
     * Several instances, and this one's dispatch has caught up with the topic for at least
     * {@link #PEER_GRACE} since the post: its group is another instance's, which answers for it
     * in the merged reads. Without this a post owned elsewhere stayed here until it ended.
     */
    PEERS;

    /** How long a post is kept for another instance's dispatch, once this one has no backlog. */
    static final Duration PEER_GRACE = Duration.ofSeconds(10);

    /**
     * @param held a group of this instance holds the alert
     * @param firing the post still fires now
     * @param peers other instances share the dispatch
     * @param caughtUp this instance's dispatch backlog reads zero
     * @param age time since the post was acknowledged
     */
    static PostFate of(boolean held, boolean firing, boolean peers, boolean caughtUp, Duration age) {
        if (held) {
            return HELD;
        }
        if (!firing) {
            return ENDED;
        }
        if (peers && caughtUp && age.compareTo(PEER_GRACE) >= 0) {
            return PEERS;
        }
        return KEEP;
    }

    boolean kept() {
        return this == KEEP;
    }
}
