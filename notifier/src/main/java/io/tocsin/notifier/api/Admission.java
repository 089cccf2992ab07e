package io.tocsin.notifier.api;

/**
 * Whether POST /api/v2/alerts takes a batch: it is refused whole (429, nothing written) while the
 * dispatch is behind by more than it absorbs in a few seconds. Acknowledging faster than the
 * groups take alerts only grew a backlog without bound or signal, and a 200 promises a read will
 * show the alert. A retrying client sends the whole batch again after Retry-After; Prometheus'
 * notifier does not retry, it sends every firing alert again at its next re-send (1 m), so a
 * refusal delays an alert by up to that: the bound is for storms, not normal traffic.
 *
 * @param maxBacklog alerts queued for the groups (on Kafka, or posted and not yet held) beyond
 *     which batches are refused
 * @param maxPostBytes bytes of posted alerts not yet held that reads may keep
 */
record Admission(long maxBacklog, long maxPostBytes) {
    /** What the queues hold when a batch arrives. */
    record Queued(double dispatchBacklog, long unheldPosts, long unheldBytes) {}

    /** Admitted, or refused with the reason and the seconds to wait. */
    record Verdict(boolean admitted, String reason, int retryAfterSeconds) {
        static final Verdict ADMIT = new Verdict(true, "", 0);
    }

    static final int MAX_RETRY_AFTER_SECONDS = 10;

    Admission {
        if (maxBacklog < 1 || maxPostBytes < 1) {
            throw new IllegalArgumentException("the backlog bound must be at least 1, not " + maxBacklog);
        }
    }

    /**
     * A batch larger than the bound is still taken when nothing is waiting: a bound below a
     * client's batch size must not refuse it for ever.
     */
    Verdict judge(Queued q, int batchAlerts, long batchBytes) {
        if (batchAlerts == 0) {
            return Verdict.ADMIT;
        }
        if (q.dispatchBacklog() > maxBacklog) {
            return refuse(
                    "the notifier's dispatch has %.0f alerts queued for their groups (bound %d): retry later"
                            .formatted(q.dispatchBacklog(), maxBacklog),
                    q.dispatchBacklog());
        }
        if (q.unheldPosts() > 0 && q.unheldPosts() + batchAlerts > maxBacklog) {
            return refuse(
                    "%d posted alerts are not in their groups yet (bound %d): retry later"
                            .formatted(q.unheldPosts(), maxBacklog),
                    q.unheldPosts() + batchAlerts);
        }
        if (q.unheldBytes() > 0 && q.unheldBytes() + batchBytes > maxPostBytes) {
            return refuse(
                    "%d bytes of posted alerts are not in their groups yet (bound %d): retry later"
                            .formatted(q.unheldBytes(), maxPostBytes),
                    maxBacklog * (double) (q.unheldBytes() + batchBytes) / maxPostBytes);
        }
        return Verdict.ADMIT;
    }

    /**
     * The bound is a few seconds of the dispatch's work, so each further multiple of it queued is
     * about that again to wait: 1 s (the least Retry-After says) up to twice the bound, then a
     * second per multiple, at most 10 s. Just past the bound the queue has room again within a
     * second; a longer wait there left the dispatch idle (2 s waits halved a client's rate).
     */
    private Verdict refuse(String reason, double queued) {
        long seconds = (long) Math.floor(queued / maxBacklog);
        return new Verdict(false, reason, (int) Math.max(1, Math.min(MAX_RETRY_AFTER_SECONDS, seconds)));
    }
}
