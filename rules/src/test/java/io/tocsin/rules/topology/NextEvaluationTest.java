package io.tocsin.rules.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tocsin.core.wire.Labels;
import io.tocsin.rules.eval.AlertStatus;
import io.tocsin.rules.eval.Bucket;
import io.tocsin.rules.eval.Partial;
import io.tocsin.rules.eval.Phase;
import io.tocsin.rules.model.Rule;
import io.tocsin.rules.model.RuleSet;
import io.tocsin.rules.parse.RuleParser;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NextEvaluationTest {
    private static final long RESEND_MS = 60_000;

    /** 5m windows: 10 s buckets. */
    private static final RuleSet RULES =
            new RuleSet(RuleParser.parse("""
            groups:
              - name: g
                rules:
                  - alert: Avg
                    select: 'm'
                    aggregate: avg
                    window: 5m
                    condition: '> 1'
                  - alert: Absent
                    select: 'm'
                    aggregate: absent
                    window: 5m
                    condition: '> 0'
                  - alert: Linear
                    select: 'm'
                    aggregate: predict_linear(4h)
                    window: 5m
                    condition: '< 0'
                  - alert: Late
                    select: 'm'
                    aggregate: avg
                    window: 5m
                    grace: 2s
                    condition: '> 1'
                  - alert: Pending
                    select: 'm'
                    aggregate: avg
                    window: 5m
                    for: 1m
                    condition: '> 1'
                  - alert: Kept
                    select: 'm'
                    aggregate: avg
                    window: 5m
                    keep_firing_for: 30s
                    condition: '> 1'
            """, "t.rules.yml").rules());

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # case                                                      | rule    | phase    | active@emitted@held | buckets (start@lastTs) | now    | next
            an open bucket is next looked at when it settles            | Avg     | INACTIVE | 0@0@0               | 0@5000                 | 6000   | 10000
            a settled bucket is next looked at when it leaves the window| Avg     | INACTIVE | 0@0@0               | 0@5000                 | 10000  | 300001
            a grace delays every boundary by the grace                  | Late    | INACTIVE | 0@0@0               | 0@5000                 | 10000  | 12000
            the earliest bucket decides                                 | Avg     | INACTIVE | 0@0@0               | 0@5000 10000@15000     | 20000  | 300001
            a bucket out of the window is next looked at to be pruned   | Avg     | INACTIVE | 0@0@0               | 0@5000                 | 305001 | 310001
            a group with no buckets left is forgotten at the next tick  | Avg     | INACTIVE | 0@0@0               | -                      | 1000   | 1001
            predict_linear moves with now: due at every tick            | Linear  | INACTIVE | 0@0@0               | 0@5000                 | 6000   | 6001
            an absence is next judged when its newest sample ages out   | Absent  | INACTIVE | 0@0@0               | 0@5000                 | 300001 | 305001
            an absence with no data waits for a whole watched window    | Absent  | INACTIVE | 0@0@0               | -                      | 1000   | 300000
            an absence watched long enough with no data never changes   | Absent  | INACTIVE | 0@0@0               | -                      | 400000 | -
            a pending group fires when its for has run                  | Pending | PENDING  | 1000@1000@10000     | 0@5000                 | 10000  | 61000
            a pending group still follows its window edges              | Pending | PENDING  | 1000@1000@6000      | 0@5000                 | 6000   | 10000
            a pending group whose for has run acts at the next tick     | Pending | PENDING  | 1000@1000@70000     | 0@5000                 | 70000  | 70001
            a firing group is re-published a resend after its last one  | Avg     | FIRING   | 10000@10000@20000   | 0@5000                 | 20000  | 70000
            a firing group still follows its window edges               | Avg     | FIRING   | 0@0@6000            | 0@5000                 | 6000   | 10000
            a group kept firing is due at every tick while it holds     | Kept    | FIRING   | 0@20000@20000       | 0@5000                 | 20000  | 20001
            a group kept firing resolves when keep_firing_for has run   | Kept    | FIRING   | 0@20000@20000       | 0@5000                 | 25000  | 50000
            a group kept firing is still re-published when due          | Kept    | FIRING   | 0@0@40000           | 0@5000                 | 45000  | 60000
            """)
    void isTheFirstMomentTheClockAloneCouldChangeTheVerdict(
            String what, String alert, Phase phase, String clocks, String buckets, long now, Long next) {
        Rule rule = RULES.get("g/" + alert);
        List<Bucket> ring = new ArrayList<>();
        if (buckets != null) {
            for (String b : buckets.split(" ")) {
                String[] parts = b.split("@");
                ring.add(new Bucket(Long.parseLong(parts[0]), Partial.of(1, Long.parseLong(parts[1]))));
            }
        }
        String[] c = clocks.split("@");
        AlertStatus status =
                new AlertStatus(phase, Long.parseLong(c[0]), 1, Long.parseLong(c[1]), Long.parseLong(c[2]));
        GroupState state = new GroupState(rule.version(), status, Labels.EMPTY, 0);

        assertEquals(
                next == null ? Long.MAX_VALUE : next,
                NextEvaluation.after(now, rule, state, ring, rule.graceMs(java.time.Duration.ZERO), RESEND_MS),
                what);
    }
}
