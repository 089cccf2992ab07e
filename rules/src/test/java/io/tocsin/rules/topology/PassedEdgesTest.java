package io.tocsin.rules.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PassedEdgesTest {
    private static final long U = InputProgress.UNKNOWN;
    private static final long N = PassedEdges.NONE;
    private static final long NEVER_PRUNED = Long.MIN_VALUE;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // case,                                         judgedBefore, prunedFor,   t1,     bucket, from
        "never judged in this task's life,               " + U + ", " + NEVER_PRUNED + ", 37000, 1000, " + N,
        "normal running: a push a second and 1 s buckets,   36000,        36000,        37000,  1000,   " + N,
        "normal running: 2 s buckets,                    35500,        35500,        37000,  2000,   " + N,
        "a stall then its backlog: 8 s in one step,      29100,        29100,        37100,  1000,   29100",
        "pruned before the last judgement: no harm,      29100,        20000,        37100,  1000,   29100",
        "pruned since for a later time: edges after it,  29100,        33000,        37100,  1000,   32999",
        "pruned for t1 itself: nothing left to judge,    29100,        37100,        37100,  1000,   " + N,
        "never pruned,                                   29100,  " + NEVER_PRUNED + ", 37100, 1000, 29100",
    })
    void fromWhenEdgesArePassed(String name, long judgedBefore, long prunedFor, long t1, long bucket, long from) {
        assertEquals(from, PassedEdges.from(judgedBefore, prunedFor, t1, bucket));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // case,                                                 edge,  t1,    bucket, judged, cap, judges
        "an edge well inside the jump,                           31000, 37100, 1000,   0,      10,  true",
        "a bucket before t1,                                     36100, 37100, 1000,   0,      10,  true",
        "within a bucket of t1: t1's evaluation stands for it,   36101, 37100, 1000,   0,      10,  false",
        "a due edge judged a few ms late (normal running),       37095, 37100, 1000,   0,      10,  false",
        "after t1,                                               38000, 37100, 1000,   0,      10,  false",
        "the cap reached,                                        31000, 37100, 1000,   10,     10,  false",
    })
    void whichEdgesAreJudged(String name, long edge, long t1, long bucket, int judged, int cap, boolean judges) {
        assertEquals(judges, PassedEdges.judges(edge, t1, bucket, judged, cap));
    }

    @ParameterizedTest(name = "{0} buckets -> {1}")
    @CsvSource({
        "0,    16",
        "1,    32",
        "30,   496",
        "63,   1024",
        "120,  1936",
        "255,  4096",
        "5000, 4096",
    })
    void theCapFollowsTheRingUpToABound(int buckets, int cap) {
        assertEquals(cap, PassedEdges.cap(buckets));
    }
}
