package io.tocsin.rules.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tocsin.rules.model.Comparison;
import io.tocsin.rules.model.Condition;
import io.tocsin.rules.model.MissingData;
import java.util.OptionalDouble;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VerdictTest {
    private static final Condition FIRE = new Condition(Comparison.GT, 0.01);
    private static final Condition RESOLVE = new Condition(Comparison.LT, 0.005);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # case                                              | phase    | value | hysteresis | missing | holds
            inactive starts on the condition                    | INACTIVE | 0.02  | true       | RESOLVE | true
            inactive between the thresholds stays inactive      | INACTIVE | 0.007 | true       | RESOLVE | false
            firing between the thresholds keeps firing          | FIRING   | 0.007 | true       | RESOLVE | true
            pending between the thresholds keeps counting       | PENDING  | 0.007 | true       | RESOLVE | true
            firing below the resolve threshold resolves         | FIRING   | 0.004 | true       | RESOLVE | false
            without hysteresis firing ends with the condition   | FIRING   | 0.007 | false      | RESOLVE | false
            no data resolves by default                         | FIRING   | NaN   | true       | RESOLVE | false
            no data keeps a firing alert with keep              | FIRING   | NaN   | true       | KEEP    | true
            no data keeps a pending clock with keep             | PENDING  | NaN   | true       | KEEP    | true
            no data does not start an alert with keep           | INACTIVE | NaN   | true       | KEEP    | false
            no data is a breach with alert                      | INACTIVE | NaN   | true       | ALERT   | true
            """)
    void decides(String what, Phase phase, double value, boolean hysteresis, MissingData missing, boolean holds) {
        OptionalDouble v = Double.isNaN(value) ? OptionalDouble.empty() : OptionalDouble.of(value);
        assertEquals(holds, Verdict.holds(phase, v, FIRE, hysteresis ? RESOLVE : null, missing), what);
    }
}
