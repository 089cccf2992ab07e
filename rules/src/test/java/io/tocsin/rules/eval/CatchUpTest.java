package io.tocsin.rules.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CatchUpTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # case                                                     | empty | now   | until | defers
            an empty window just after a restart waits for the backlog | true  | 1000  | 5000  | true
            an empty window once caught up is judged                   | true  | 5000  | 5000  | false
            data in the window is judged at once                       | false | 1000  | 5000  | false
            a first start has nothing to protect                       | true  | 1000  | 0     | false
            """)
    void decides(String what, boolean empty, long now, long until, boolean defers) {
        assertEquals(defers, CatchUp.defers(empty, now, until), what);
    }
}
