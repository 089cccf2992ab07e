package io.tocsin.rules.topology;

/**
 * Stage 1's account of its own progress: the newest event time it has read, and whether it has
 * been idle (read nothing) for the idle timeout. It says when stage 2 must be told: when the
 * watermark moved, when the source turns idle or busy, and otherwise every keep-alive period, so
 * that a stage-2 task that starts anew learns where every source stands.
 *
 * <p>The watermark is the newest event time read, less nothing: data older than it that comes
 * later is late. Senders that batch (remote-write sends every 5 s) keep their partition's
 * watermark where their batch ends, so windows wait for the next batch instead of being judged
 * empty.
 */
final class SourceClock {
    /**
     * A source that has read nothing at all since its task started has no backlog: a first fetch
     * takes well under this (a kill -9 test saw a restart's backlog arrive ~1.1 s after start), so
     * it is idle after this rather than holding every rule back for the whole idle timeout.
     */
    static final long STARTUP_IDLE_MS = 3_000;

    private final Progress.Source source;
    private boolean readAny;
    private final long idleAfterMs;
    private final long keepAliveMs;

    private long watermarkMs;
    /** Wall clock of the last record read; the task's start before any. */
    private long lastReadMs;

    private Progress sent;
    private long sentAtMs = Long.MIN_VALUE;

    SourceClock(Progress.Source source, long idleAfterMs, long keepAliveMs, long startedMs) {
        this.source = source;
        this.idleAfterMs = idleAfterMs;
        this.keepAliveMs = keepAliveMs;
        this.lastReadMs = startedMs;
    }

    Progress.Source source() {
        return source;
    }

    /** A record with event time {@code ts} was read at wall-clock {@code now}. */
    void read(long ts, long now) {
        lastReadMs = now;
        readAny = true;
        // a clock running ahead must not let this source claim data it has not seen yet
        watermarkMs = Math.max(watermarkMs, Math.min(ts, now));
    }

    /** @return the progress to send now, or null when stage 2 already knows it */
    Progress due(long now) {
        long idleAfter = readAny ? idleAfterMs : Math.min(idleAfterMs, STARTUP_IDLE_MS);
        Progress current = new Progress(source, watermarkMs, now - lastReadMs >= idleAfter);
        if (current.equals(sent) && now - sentAtMs < keepAliveMs) {
            return null;
        }
        sent = current;
        sentAtMs = now;
        return current;
    }
}
