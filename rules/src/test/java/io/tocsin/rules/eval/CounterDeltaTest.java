package io.tocsin.rules.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CounterDeltaTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # case                                  | prev value | prev ts | value | ts   | increase | kept value
            the first sample has no known increase  | -          | -       | 5     | 1000 | 0        | 5
            a rising counter increases by the gap   | 5          | 1000    | 12    | 2000 | 7        | 12
            an unchanged counter increases by zero  | 12         | 2000    | 12    | 3000 | 0        | 12
            a drop is a reset: the new value counts | 12         | 2000    | 3     | 3000 | 3        | 3
            a reset to zero adds nothing            | 12         | 2000    | 0     | 3000 | 0        | 0
            a late sample is skipped                | 12         | 2000    | 9     | 1500 | -        | 12
            a duplicate timestamp is skipped        | 12         | 2000    | 14    | 2000 | -        | 12
            NaN is skipped                          | 12         | 2000    | NaN   | 3000 | -        | 12
            """)
    void increases(String what, Double prevValue, Long prevTs, double value, long ts, Double increase, double kept) {
        CounterDelta.Last prev = prevValue == null ? null : new CounterDelta.Last(prevValue, prevTs);
        CounterDelta.Step step = CounterDelta.next(prev, value, ts);
        assertEquals(increase, step.increase(), what);
        assertEquals(kept, step.next().value(), what);
    }
}
