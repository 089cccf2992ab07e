package io.tocsin.rules.topology;

import io.tocsin.core.wire.PushStamp;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Stage 2's view of where its input stands: the progress of every stage-1 source, which sources
 * feed which input share, and from these the time up to which a rule's windows can be judged.
 *
 * <p>A share waits only for the sources that sent it data, so a sparse partition holding other
 * series delays nothing of it. Until every source has reported and passed the moment this task
 * started (or gone idle), every share waits for all sources: after a restart the backlog may
 * still hold data of sources it has not heard of. A source that has not reported holds its input
 * back (when the partition count is known); an idle source holds nothing back.
 */
final class InputProgress {
    /** No window can be judged yet. */
    static final long UNKNOWN = Long.MIN_VALUE;

    private final Map<Progress.Input, Integer> expected;
    private final long startedMs;
    private final Map<Progress.Source, Progress> sources = new HashMap<>();
    private final Map<String, Set<Progress.Source>> feeders = new HashMap<>();
    private final Set<Progress.Input> warm = EnumSet.noneOf(Progress.Input.class);
    private final Map<String, Long> judged = new HashMap<>();

    /** @param expected the partition count of each input; 0 or absent: judge on the sources that reported */
    InputProgress(Map<Progress.Input, Integer> expected, long startedMs) {
        this.expected = Map.copyOf(expected);
        this.startedMs = startedMs;
    }

    /** The source sent data of the input share. */
    void fed(String inputId, Progress.Source source) {
        Set<Progress.Source> set = feeders.get(inputId);
        if (set == null) {
            set = new HashSet<>(4);
            feeders.put(inputId, set);
        }
        set.add(source);
    }

    /** @return whether this changed what the source is known to have read */
    boolean report(Progress p) {
        boolean changed = !p.equals(sources.put(p.source(), p));
        if (changed) {
            wholeCache.clear();
            for (PushMark m : p.pushes()) {
                if (m.claim() != null) {
                    ArrayDeque<PushStamp> kept = claims.computeIfAbsent(p.source(), s -> new HashMap<>())
                            .computeIfAbsent(m.writer(), w -> new ArrayDeque<>());
                    if (kept.isEmpty()
                            || kept.peekLast().arrivalMs() < m.claim().arrivalMs()) {
                        kept.addLast(m.claim());
                        if (kept.size() > CLAIMS_KEPT) {
                            kept.removeFirst();
                        }
                    }
                }
            }
        }
        return changed;
    }

    /**
     * Claims kept per source and writer, newest last. A source's newest claim alone may never be
     * met under steady load (by the time the other partitions reach it, it has a newer one); an
     * older one of it that they do meet says as much.
     */
    static final int CLAIMS_KEPT = 32;

    private final Map<Progress.Source, Map<String, ArrayDeque<PushStamp>>> claims = new HashMap<>();

    /** Per input: a writer may stamp pushes of both, and each input's sources say their own. */
    private final Map<Progress.Input, Map<String, Long>> wholeCache = new EnumMap<>(Progress.Input.class);

    /**
     * @return up to which arrival every push of the writer is wholly read by stage 1, across every
     *     partition it touched: the newest push a source read whole whose claim every other
     *     partition meets ({@link PushMark#claim}); 0 when none is known
     */
    long wholeThrough(Progress.Input input, String writer) {
        Map<String, Long> cache = wholeCache.computeIfAbsent(input, i -> new HashMap<>());
        Long cached = cache.get(writer);
        if (cached != null) {
            return cached;
        }
        long best = 0;
        for (Map.Entry<Progress.Source, Map<String, ArrayDeque<PushStamp>>> e : claims.entrySet()) {
            ArrayDeque<PushStamp> kept =
                    e.getKey().input() == input ? e.getValue().get(writer) : null;
            if (kept == null) {
                continue;
            }
            for (Iterator<PushStamp> it = kept.descendingIterator(); it.hasNext(); ) {
                PushStamp c = it.next();
                if (c.arrivalMs() <= best) {
                    break;
                }
                if (met(input, c)) {
                    best = c.arrivalMs();
                    break;
                }
            }
        }
        cache.put(writer, best);
        return best;
    }

    /** Every partition stands at or after the newest push, up to the claim's, that wrote to it. */
    private boolean met(Progress.Input input, PushStamp claim) {
        for (int r = 0; r < claim.partitions(); r++) {
            long needed = claim.latestIn(r);
            if (needed > 0) {
                Progress p = sources.get(new Progress.Source(input, r));
                if (p == null) {
                    return false;
                }
                PushMark m = markOf(p, claim.writer());
                if (m == null ? !p.idle() : m.wholeThrough() < needed) {
                    // A source that knows nothing of the writer (its task started after it last wrote
                    // there) but has read everything it had, for the idle timeout, owes it nothing.
                    return false;
                }
            }
        }
        return true;
    }

    private static PushMark markOf(Progress p, String writer) {
        for (PushMark m : p.pushes()) {
            if (m.writer().equals(writer)) {
                return m;
            }
        }
        return null;
    }

    /**
     * The judgement time of a share judged by push arrival, as Prometheus evaluates at t on every
     * sample appended by t: the newest arrival up to which the pushes of every writer still sending
     * are wholly read, held back to the last whole push of a writer one of whose pushes is read in
     * part; now when no writer is sending; never earlier than before; {@link #UNKNOWN} until every
     * source has reported.
     *
     * @param keep false: what it would answer now, without holding it as the new floor
     */
    long arrivalJudgedUntil(Progress.Input input, String inputId, long now, boolean keep) {
        long all = low(input);
        Long before = arrivalJudged.get(inputId);
        if (all == UNKNOWN) {
            return before == null ? UNKNOWN : before;
        }
        Map<String, Long> seen = seenByWriter(input);
        long t = now;
        if (!seen.isEmpty()) {
            long newest = 0;
            long held = Long.MAX_VALUE;
            for (Map.Entry<String, Long> e : seen.entrySet()) {
                long whole = wholeThrough(input, e.getKey());
                newest = Math.max(newest, whole);
                if (e.getValue() > whole) {
                    held = Math.min(held, whole); // a push read in part: nothing after it is judged yet
                }
            }
            t = Math.min(t, Math.min(newest, held));
        }
        if (!warm.contains(input) && all < startedMs) {
            t = Math.min(t, all); // a restart's backlog: as far as every source has read
        }
        if (before != null && before >= t) {
            return before;
        }
        if (t <= 0) {
            return before == null ? UNKNOWN : before;
        }
        if (keep) {
            arrivalJudged.put(inputId, t);
        }
        return t;
    }

    /**
     * @return whether some push of a writer still sending is read here in part: a source read it
     *     (its progress says so) while the progress of another partition it touched has yet to come
     */
    boolean readsInPart() {
        for (Progress.Input input : Progress.Input.values()) {
            for (Map.Entry<String, Long> e : seenByWriter(input).entrySet()) {
                if (e.getValue() > wholeThrough(input, e.getKey())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Per writer still sending, the newest of its pushes that some source of the input has read. */
    private Map<String, Long> seenByWriter(Progress.Input input) {
        Map<String, Long> seen = new HashMap<>();
        for (Progress p : sources.values()) {
            if (p.source().input() == input) {
                for (PushMark m : p.pushes()) {
                    if (!m.idle()) {
                        seen.merge(m.writer(), m.seen(), Math::max);
                    }
                }
            }
        }
        return seen;
    }

    /** Kept apart from the event-time judgement: a share that turns back to it must not start ahead. */
    private final Map<String, Long> arrivalJudged = new HashMap<>();

    /**
     * @return the input's low watermark over every source: the oldest watermark of its busy
     *     sources, {@link Long#MAX_VALUE} when every source is idle, {@link #UNKNOWN} while one has
     *     not reported
     */
    long low(Progress.Input input) {
        int count = expected.getOrDefault(input, 0);
        int known = 0;
        long low = Long.MAX_VALUE;
        for (Progress p : sources.values()) {
            if (p.source().input() == input) {
                known++;
                if (!p.idle()) {
                    low = Math.min(low, p.watermarkMs());
                }
            }
        }
        // a busy source that has read nothing yet (a restart's first fetch) says nothing of time
        return known == 0 || known < count || low == 0 ? UNKNOWN : low;
    }

    /** The low watermark over the sources that fed the share, once the input has caught up since the start. */
    long low(Progress.Input input, String inputId) {
        long all = low(input);
        if (!warm.contains(input)) {
            if (all == UNKNOWN || all < startedMs) {
                return all;
            }
            warm.add(input);
        }
        long low = Long.MAX_VALUE;
        for (Progress.Source s : feeders.getOrDefault(inputId, Set.of())) {
            Progress p = sources.get(s);
            if (p == null || !p.idle() && p.watermarkMs() == 0) {
                return UNKNOWN;
            }
            if (!p.idle()) {
                low = Math.min(low, p.watermarkMs());
            }
        }
        return low;
    }

    /**
     * The time up to which the share's windows are judged: now when nothing it waits for can still
     * come, its low watermark otherwise, never earlier than before; {@link #UNKNOWN} until known.
     *
     * @param everySource wait for every busy source of the input, not only those that fed the share:
     *     for a share whose rules combine series (a ratio's two sides, a histogram's buckets), a
     *     side may first come from a source that has not fed it yet, and a bucket closed without it
     *     is judged on the other side alone (issue 20: a ratio of 1.0, a false FIRING, RESOLVED
     *     when the side came)
     * @param keep false: what it would answer now, without holding it as the new floor
     */
    long judgedUntil(Progress.Input input, String inputId, long now, boolean everySource, boolean keep) {
        long low = everySource ? low(input) : low(input, inputId);
        Long before = judged.get(inputId);
        if (low == UNKNOWN) {
            return before == null ? UNKNOWN : before;
        }
        long t = Math.min(now, low);
        if (before != null && before > t) {
            return before;
        }
        if (keep) {
            judged.put(inputId, t);
        }
        return t;
    }
}
