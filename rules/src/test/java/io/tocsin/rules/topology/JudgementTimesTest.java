package io.tocsin.rules.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tocsin.rules.eval.Partial;
import io.tocsin.rules.model.RuleSet;
import io.tocsin.rules.parse.RuleParser;
import java.util.Map;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How far an input was judged, kept across a task's start, and what its rings keep meanwhile. */
class JudgementTimesTest {
    private static final long START = 1_000_000_000_000L;
    private static final Progress.Source SOURCE = new Progress.Source(Progress.Input.SAMPLES, 0);
    private final RuleSet rules =
            new RuleSet(RuleParser.parse("""
                    groups:
                      - name: room
                        rules:
                          - alert: Hot
                            select: 'temperature'
                            aggregate: max
                            window: 3s
                            condition: '> 30'
                    """, "t.rules.yml").rules());
    private final InputShare input = InputShares.of(rules).ofRule("room/Hot");
    private InputProgress progress;
    private JudgementTimes times;

    @BeforeEach
    void start() {
        KeyValueStore<AheadKey, Partial> ahead = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore("a"), RulesTopology.AHEAD_KEY, RulesTopology.PARTIAL)
                .withLoggingDisabled()
                .build();
        ahead.init(new MockProcessorContext<>().getStateStoreContext(), ahead);
        progress = new InputProgress(Map.of(Progress.Input.SAMPLES, 1), START);
        times = new JudgementTimes(() -> rules, progress, new WholePushes(new AheadStore(ahead), progress), START);
    }

    @Test
    void aFirstStartKnowsNothingAndKeepsRingsFromNow() {
        assertEquals(InputProgress.UNKNOWN, times.judgedBefore(input.id()));
        assertEquals(
                START,
                times.prunedFor(input.id()),
                "rings restored from a store that says nothing may have been pruned for any time up to the start");
        assertEquals(START + 9_000, times.pruneReference(input, START + 9_000));
        assertEquals(START + 9_000, times.prunedFor(input.id()));
    }

    @Test
    void aStartKeepsRingsBackToWhereTheInputWasJudgedUntilItIsKnown() {
        times.restore(Map.of(input.id(), START - 30_000));
        assertEquals(START - 30_000, times.judgedBefore(input.id()));
        assertEquals(START - 30_000, times.prunedFor(input.id()), "the store says how far its rings were pruned");
        assertEquals(START - 30_000, times.pruneReference(input, START + 9_000), "unknown: kept back to it");

        progress.fed(input.id(), SOURCE);
        progress.report(new Progress(SOURCE, START + 8_500, false));
        assertEquals(START + 8_500, times.pruneReference(input, START + 9_000), "known: its judgement time");
        assertEquals(START - 30_000, times.judgedBefore(input.id()), "not judged yet");
    }

    @Test
    void aLongOutageIsCaughtUpOverItsLastBucketsOnly() {
        times.restore(Map.of(input.id(), START - 3_600_000));
        long span = PassedEdges.CATCH_UP_BUCKETS * 1_000L; // a 3 s window has 1 s buckets
        assertEquals(START + 9_000 - span, times.pruneReference(input, START + 9_000));
    }

    @Test
    void whatIsWrittenIsNeverBehindWhatWasJudgedOrPruned() {
        progress.fed(input.id(), SOURCE);
        progress.report(new Progress(SOURCE, START + 29_100, false));
        times.judgedThrough(java.util.List.of(input.id()), rules, START + 30_000);
        assertEquals(Map.of(input.id(), START + 30_000), times.persisted(rules), "29.1 s rounded up");

        progress.report(new Progress(SOURCE, START + 31_200, false));
        times.pruneReference(input, START + 32_000); // a ring pruned for 31.2 s, not judged there yet
        assertEquals(Map.of(input.id(), START + 32_000), times.persisted(rules));
    }
}
