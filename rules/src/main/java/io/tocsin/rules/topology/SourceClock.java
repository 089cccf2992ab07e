package io.tocsin.rules.topology;

import io.tocsin.core.wire.PushStamp;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Stage 1's account of its own progress: the newest event time it has read, and whether it has
 * been idle (read nothing) for the idle timeout. It says when stage 2 must be told: when the
 * watermark moved, when the source turns idle or busy, and otherwise when a stage-2 task may have
 * started anew without hearing it: after a rebalance of this instance's consumer (a task moved,
 * here or elsewhere) or a start of one of its stage-2 tasks ({@link Listeners}), when it is
 * {@link #announce}d (a rule-set change, which stage 2 sees at its next record), and every repeat
 * period as a backstop. Unchanged progress tells a stage-2 task that
 * already heard it nothing, and at rest each repeat cost a transaction in stage 1 and up to one
 * per stage-2 partition (issue 20): the look for these reasons stays on the keep-alive grid, the
 * repeat itself is rarer.
 *
 * <p>The watermark is the newest event time read, less nothing: data older than it that comes
 * later is late. Senders that batch (remote-write sends every 5 s) keep their partition's
 * watermark where their batch ends, so windows wait for the next batch instead of being judged
 * empty.
 */
final class SourceClock {
    /**
     * A source that has read nothing since its task started, and whose consumer has fetched its
     * partition and found it at the end, has no backlog: it is idle after this rather than holding
     * every rule back for the whole idle timeout. Without that answer (no fetch yet: a takeover on a
     * loaded machine, the leader on a broker that is down) it waits the whole timeout, as the dead
     * owner's uncommitted data may still come and a window judged without it resolves falsely.
     */
    static final long STARTUP_IDLE_MS = 3_000;

    private final Progress.Source source;
    private final BooleanSupplier caughtUp;
    private boolean readAny;
    private final long idleAfterMs;
    private final long keepAliveMs;
    private final long repeatMs;
    private final LongSupplier listeners;

    private long watermarkMs;
    /** Wall clock of the last record read; the task's start before any. */
    private long lastReadMs;

    private final PushClock pushes;

    private Progress sent;
    private long sentAtMs = Long.MIN_VALUE;
    /** The {@link Listeners#epoch} when progress was last sent. */
    private long sentAtListeners;
    /** When {@link #due} was last asked: the next look for a reason to repeat is a keep-alive later. */
    private long lookedAtMs = Long.MIN_VALUE;

    private boolean announce;

    /** A clock that repeats unchanged progress every keep-alive period and knows of no new listener. */
    SourceClock(Progress.Source source, long idleAfterMs, long keepAliveMs, long startedMs, BooleanSupplier caughtUp) {
        this(source, idleAfterMs, keepAliveMs, keepAliveMs, startedMs, caughtUp, () -> 0);
    }

    /**
     * @param keepAliveMs how often to look whether unchanged progress must be repeated
     * @param repeatMs unchanged progress is repeated at least this often (a multiple of keepAliveMs)
     * @param caughtUp whether the consumer's last fetch found this source's partition at its end
     * @param listeners moves whenever a stage-2 task may have started without hearing this source
     *     ({@link Listeners#epoch}: this instance's rebalances and its stage-2 tasks' starts)
     */
    SourceClock(
            Progress.Source source,
            long idleAfterMs,
            long keepAliveMs,
            long repeatMs,
            long startedMs,
            BooleanSupplier caughtUp,
            LongSupplier listeners) {
        this.source = source;
        this.caughtUp = caughtUp;
        this.idleAfterMs = idleAfterMs;
        this.keepAliveMs = keepAliveMs;
        this.repeatMs = repeatMs;
        this.listeners = listeners;
        this.lastReadMs = startedMs;
        this.pushes = new PushClock(idleAfterMs);
    }

    /** The next {@link #due} repeats the progress even if unchanged: a listener may not have heard it. */
    void announce() {
        announce = true;
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

    /** The record just {@link #read} carried a push stamp. */
    void readPush(PushStamp stamp, long now) {
        pushes.read(stamp, now);
    }

    private boolean idle(long quietMs) {
        if (quietMs >= idleAfterMs) {
            return true;
        }
        // asked only in the few seconds between the two timeouts, and only before the first read
        return !readAny && quietMs >= STARTUP_IDLE_MS && caughtUp.getAsBoolean();
    }

    /**
     * @return the progress to send now, or null when stage 2 already knows it. Unchanged progress is
     *     repeated after a rebalance or a stage-2 task's start, when announced, and once per repeat period of the wall clock
     *     (periods start at multiples of it), so that every source's repeat falls in the same
     *     moment and one commit carries them all.
     */
    Progress due(long now) {
        lookedAtMs = now;
        long heard = listeners.getAsLong();
        Progress current = new Progress(source, watermarkMs, idle(now - lastReadMs), pushes.marks(now));
        if (current.equals(sent)
                && !announce
                && heard == sentAtListeners
                && now < NextWake.nextOnGrid(sentAtMs, repeatMs)) {
            return null;
        }
        sent = current;
        sentAtMs = now;
        sentAtListeners = heard;
        announce = false;
        return current;
    }

    /**
     * When {@link #due} next has something to say by the clock alone (reading a record can make
     * it earlier): at once before the first report; when the source turns idle; between the
     * early-idle and the idle timeout, every {@code recheckMs} while a task that has read nothing
     * waits to hear that its partition is at its end; and at the next keep-alive, to look for a
     * new listener and for the repeat.
     */
    long nextDue(long now, long recheckMs) {
        if (sent == null || announce) {
            return now;
        }
        long next = NextWake.nextOnGrid(Math.max(sentAtMs, lookedAtMs), keepAliveMs);
        if (!sent.idle()) {
            next = Math.min(next, lastReadMs + idleAfterMs);
            if (!readAny) {
                long early = lastReadMs + STARTUP_IDLE_MS;
                next = Math.min(next, now < early ? early : now + recheckMs);
            }
        }
        return next;
    }
}
