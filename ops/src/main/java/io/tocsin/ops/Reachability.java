package io.tocsin.ops;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether Kafka counts as reachable, judged from when it last answered. A client of a dead
 * broker keeps its cached metadata and Streams stays RUNNING, so only a recent answer is proof.
 * One slow answer does not flip readiness; no answer for {@code staleAfter} does.
 */
public final class Reachability {
    private Reachability() {}

    /**
     * @param lastAnswer  when the cluster last answered, or null if never
     * @param lastProblem why the latest probe failed, or null if it succeeded
     */
    public static Health.Check judge(Instant lastAnswer, String lastProblem, Instant now, Duration staleAfter) {
        if (lastAnswer == null) {
            return Health.Check.down("Kafka has not answered yet" + because(lastProblem));
        }
        Duration silence = Duration.between(lastAnswer, now);
        if (silence.compareTo(staleAfter) > 0) {
            return Health.Check.down("no answer from Kafka for " + silence.toMillis() + " ms" + because(lastProblem));
        }
        return Health.Check.up("Kafka answered " + Math.max(0, silence.toMillis()) + " ms ago");
    }

    private static String because(String problem) {
        return problem == null ? "" : ": " + problem;
    }
}
