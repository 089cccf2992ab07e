package io.tocsin.rules.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tocsin.core.wire.Labels;
import io.tocsin.rules.model.Selector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SelectorParserTest {

    @ParameterizedTest(name = "{0} on {1} → {2}")
    @CsvSource(delimiter = '|', textBlock = """
            up                                  | job=api             | true
            'http{status=~"5.."}'               | status=503          | true
            'http{status=~"5.."}'               | status=5031         | false
            'http{status!~"5.."}'               | status=404          | true
            'http{job="api",env!="dev"}'        | job=api,env=prod    | true
            'http{job="api",env!="dev"}'        | job=api,env=dev     | false
            'http{missing=""}'                  | job=api             | true
            'http{ job = "a\\"b" , }'           | 'job=a"b'           | true
            'http{path=~"/api/.*"}'             | path=/api/users     | true
            """)
    void matchesLikePrometheus(String selector, String labels, boolean expected) throws Exception {
        Selector s = SelectorParser.parse(selector);
        assertEquals(expected, s.matches(parse(labels)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            'http{job}'          | 8
            'http{job="x"'       | 12
            '{job="x"}'          | 0
            'http{job=~"("}'     | 10
            'http{job="x"} junk' | 14
            """)
    void rejectsMalformedSelectorsWithTheOffset(String selector, int offset) {
        SelectorParser.SelectorException e = assertThrows(SelectorParser.SelectorException.class,
                () -> SelectorParser.parse(selector));
        assertEquals(offset, e.offset(), e.getMessage());
    }

    private static Labels parse(String pairs) {
        Labels l = Labels.EMPTY;
        for (String pair : pairs.split(",")) {
            String[] kv = pair.split("=", 2);
            l = l.with(kv[0], kv[1]);
        }
        return l;
    }
}
