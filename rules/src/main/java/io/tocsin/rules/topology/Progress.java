package io.tocsin.rules.topology;

import java.util.List;

/**
 * How far one stage-1 source has read its input, in event time: what stage 2 needs to know that
 * the data of a window can no longer arrive.
 *
 * @param watermarkMs the newest event time the source has read (capped at its wall clock); 0 before any
 * @param idle        the source has read nothing for the idle timeout: it holds no window back
 * @param pushes      per writer that stamps its pushes, how far its pushes are wholly read here
 */
public record Progress(Source source, long watermarkMs, boolean idle, List<PushMark> pushes) {

    public Progress {
        pushes = List.copyOf(pushes);
    }

    /** Progress of a source that has read no stamped push. */
    public Progress(Source source, long watermarkMs, boolean idle) {
        this(source, watermarkMs, idle, List.of());
    }

    /** The two inputs of the topology: a rule reads one of them, so it waits for that one's sources alone. */
    public enum Input {
        SAMPLES,
        LOGS
    }

    /** One stage-1 source: a partition of an input topic, read by one stage-1 task. */
    public record Source(Input input, int partition) {}
}
