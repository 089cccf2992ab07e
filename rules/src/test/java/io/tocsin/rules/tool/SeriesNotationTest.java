package io.tocsin.rules.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SeriesNotationTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            plain numbers                 | 1 2 3.5            | 1 2 3.5
            expanding upwards             | 0+10x3             | 0 10 20 30
            expanding downwards           | 100-1x2            | 100 99 98
            a repeated value              | 7x2                | 7 7 7
            one missing sample            | 1 _ 3              | 1 _ 3
            several missing samples       | 1 _x3 5            | 1 _ _ _ 5
            stale is missing              | 1 stale            | 1 _
            scientific notation           | 1e3+1e3x1          | 1000 2000
            negative start                | -5+5x2             | -5 0 5
            infinity                      | +Inf -Inf          | Infinity -Infinity
            """)
    void expands(String what, String text, String expected) {
        List<Double> want = new ArrayList<>();
        for (String e : expected.split(" ")) {
            want.add(e.equals("_") ? null : Double.parseDouble(e));
        }
        assertEquals(want, SeriesNotation.parse(text), what);
    }

    @ParameterizedTest
    @CsvSource({"1+x3", "abc", "1x", "0+1y3"})
    void rejectsWhatItCannotRead(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SeriesNotation.parse(text));
        assertTrue(e.getMessage().contains("cannot read"), e.getMessage());
    }
}
