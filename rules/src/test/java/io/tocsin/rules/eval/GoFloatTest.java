package io.tocsin.rules.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoFloatTest {
    /** The right column is what promtool 2.42 printed for {{ $value }} of the left. */
    @ParameterizedTest(name = "{0} prints as {1}")
    @CsvSource(delimiter = '|', textBlock = """
            1000000                | 1e+06
            123456                 | 123456
            1234567.5              | 1.2345675e+06
            0.00001234             | 1.234e-05
            0.0001234              | 0.0001234
            1e21                   | 1e+21
            -2e-7                  | -2e-07
            0.6666666666666667     | 0.6666666666666667
            100                    | 100
            -3.5                   | -3.5
            Infinity               | +Inf
            -Infinity              | -Inf
            NaN                    | NaN
            0                      | 0
            """)
    void aValuePrintsAsPrometheusShowsIt(double v, String shown) {
        assertEquals(shown, GoFloat.format(v));
    }
}
