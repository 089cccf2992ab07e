package io.tocsin.rules.topology;

import io.tocsin.core.wire.PushStamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Stage 1's account of the stamped pushes its partition held ({@link PushStamp}), per writer. A
 * writer appends its pushes whole and in arrival order, so reading one record tells how far its
 * pushes are wholly read here; no timer guesses it.
 */
final class PushClock {
    /**
     * A writer quiet here this long is forgotten (an ingest that restarted has a new id). Long: a
     * busy source that forgot a writer holds back every push of it that names this partition.
     */
    static final long FORGET_AFTER_MS = 3_600_000;

    private static final class Writer {
        long wholeThrough;
        long seen;
        PushStamp claim;
        long lastReadMs;
    }

    private final long idleAfterMs;
    private final Map<String, Writer> writers = new HashMap<>();

    PushClock(long idleAfterMs) {
        this.idleAfterMs = idleAfterMs;
    }

    /** A record stamped {@code stamp} was read at wall-clock {@code now}. */
    void read(PushStamp stamp, long now) {
        Writer w = writers.computeIfAbsent(stamp.writer(), k -> new Writer());
        w.wholeThrough = Math.max(w.wholeThrough, stamp.wholeThrough());
        w.seen = Math.max(w.seen, stamp.arrivalMs());
        if (stamp.last() && (w.claim == null || stamp.arrivalMs() > w.claim.arrivalMs())) {
            w.claim = stamp;
        }
        w.lastReadMs = now;
    }

    /** Every writer read here, in a stable order; long-quiet ones are forgotten. */
    List<PushMark> marks(long now) {
        List<PushMark> out = new ArrayList<>(writers.size());
        for (Iterator<Map.Entry<String, Writer>> it = writers.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Writer> e = it.next();
            Writer w = e.getValue();
            long quiet = now - w.lastReadMs;
            if (quiet >= FORGET_AFTER_MS) {
                it.remove();
                continue;
            }
            out.add(new PushMark(e.getKey(), w.wholeThrough, w.seen, w.claim, quiet >= idleAfterMs));
        }
        out.sort(Comparator.comparing(PushMark::writer));
        return out;
    }
}
