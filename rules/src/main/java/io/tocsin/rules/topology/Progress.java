package io.tocsin.rules.topology;

/**
 * How far one stage-1 source has read its input, in event time: what stage 2 needs to know that
 * the data of a window can no longer arrive.
 *
 * @param watermarkMs the newest event time the source has read (capped at its wall clock); 0 before any
 * @param idle        the source has read nothing for the idle timeout: it holds no window back
 */
public record Progress(Source source, long watermarkMs, boolean idle) {

    /** The two inputs of the topology: a rule reads one of them, so it waits for that one's sources alone. */
    public enum Input {
        SAMPLES,
        LOGS
    }

    /** One stage-1 source: a partition of an input topic, read by one stage-1 task. */
    public record Source(Input input, int partition) {}
}
