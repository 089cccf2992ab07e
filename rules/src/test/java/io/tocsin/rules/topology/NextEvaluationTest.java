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
            """, "t.rules.yml").rules());

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # case                                                      | rule   | phase    | buckets (start@lastTs) | now     | next
            an open bucket is next looked at when it settles            | Avg    | INACTIVE | 0@5000                 | 6000    | 10000
            a settled bucket is next looked at when it leaves the window| Avg    | INACTIVE | 0@5000                 | 10000   | 300001
            a grace delays every boundary by the grace                  | Late   | INACTIVE | 0@5000                 | 10000   | 12000
            the earliest bucket decides                                 | Avg    | INACTIVE | 0@5000 10000@15000     | 20000   | 300001
            a bucket out of the window is next looked at to be pruned   | Avg    | INACTIVE | 0@5000                 | 305001  | 310001
            a group with no buckets left is forgotten at the next tick  | Avg    | INACTIVE | -                      | 1000    | 1001
            a pending group is due at every tick                        | Avg    | PENDING  | 0@5000                 | 6000    | 6001
            a firing group is due at every tick                         | Avg    | FIRING   | 0@5000                 | 6000    | 6001
            predict_linear moves with now: due at every tick            | Linear | INACTIVE | 0@5000                 | 6000    | 6001
            an absence is next judged when its newest sample ages out   | Absent | INACTIVE | 0@5000                 | 300001  | 305001
            an absence with no data waits for a whole watched window    | Absent | INACTIVE | -                      | 1000    | 300000
            an absence watched long enough with no data never changes   | Absent | INACTIVE | -                      | 400000  | -
            """)
    void isTheFirstMomentTheClockAloneCouldChangeTheVerdict(
            String what, String alert, Phase phase, String buckets, long now, Long next) {
        Rule rule = RULES.get("g/" + alert);
        List<Bucket> ring = new ArrayList<>();
        if (buckets != null) {
            for (String b : buckets.split(" ")) {
                String[] parts = b.split("@");
                ring.add(new Bucket(Long.parseLong(parts[0]), Partial.of(1, Long.parseLong(parts[1]))));
            }
        }
        GroupState state = new GroupState(rule.version(), new AlertStatus(phase, 0, 1, 0, 0), Labels.EMPTY, 0);

        assertEquals(
                next == null ? Long.MAX_VALUE : next,
                NextEvaluation.after(now, rule, state, ring, rule.graceMs(java.time.Duration.ZERO)),
                what);
    }
}
