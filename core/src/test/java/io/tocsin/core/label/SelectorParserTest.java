package io.tocsin.core.label;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The one matcher parser, table-tested with the edge cases of Prometheus' PromQL lexer and
 * Alertmanager's matcher/parse tests. The expected form is {@link Selector#toString}, which
 * prints values quoted and escaped. Cells are separated by " => "; ¤ quotes a cell.
 */
class SelectorParserTest {

    @ParameterizedTest(name = "PromQL {0} reads as {1}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '¤', textBlock = """
            up                                    => up
            ¤  up  ¤                              => up
            job:rate5m:sum                        => job:rate5m:sum
            http{status=~"5.."}                   => http{status=~"5.."}
            http {job="api", env!="dev"}          => http{job="api", env!="dev"}
            http{job="api",}                      => http{job="api"}
            http{ job = "a\\"b" , }               => http{job="a\\"b"}
            http{}                                => http
            {__name__="up"}                       => up
            {__name__="up", job="a"}              => up{job="a"}
            {__name__=~"up|down"}                 => {__name__=~"up|down"}
            {job="x"}                             => {job="x"}
            http{path='/a\\'b'}                   => http{path="/a'b"}
            http{path=`C:\\dir\\d+`}              => http{path="C:\\\\dir\\\\d+"}
            http{re=~"\\\\d+"}                    => http{re=~"\\\\d+"}
            http{x="tab\\there"}                  => http{x="tab	here"}
            http{x="\\x41\\101\\u00e9\\U0001f642"} => http{x="AAé🙂"}
            http{x="\\xf0\\x9f\\x99\\x82"}        => http{x="🙂"}
            http{x="😀 ok"}                       => http{x="😀 ok"}
            http{x=""}                            => http{x=""}
            http{x=~""}                           => http{x=~""}
            http{"quoted"="name"}                 => http{quoted="name"}
            """)
    void readsPromqlSelectors(String text, String expected) {
        assertEquals(expected, SelectorParser.promql(text).toString());
    }

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
    void aPromqlSelectorMatchesLabelsLikePrometheus(String selector, String labels, boolean expected) {
        io.tocsin.core.wire.Labels l = io.tocsin.core.wire.Labels.EMPTY;
        for (String pair : labels.split(",")) {
            String[] kv = pair.split("=", 2);
            l = l.with(kv[0], kv[1]);
        }
        assertEquals(expected, SelectorParser.promql(selector).matches(l));
    }

    @ParameterizedTest(name = "Alertmanager {0} reads as {1}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '¤', textBlock = """
            foo=bar                               => foo="bar"
            foo="bar"                             => foo="bar"
            ¤ foo = bar ¤                         => foo="bar"
            foo=bar,                              => foo="bar"
            foo=bar,dings!=bums                   => foo="bar", dings!="bums"
            foo=bar, dings!=bums                  => foo="bar", dings!="bums"
            {foo="bar",baz!~"x"}                  => foo="bar", baz!~"x"
            {foo = "bar", dings != "bums", }      => foo="bar", dings!="bums"
            {}                                    => ¤¤
            foo=~[a-z]+                           => foo=~"[a-z]+"
            foo!~[a-z]+                           => foo!~"[a-z]+"
            statuscode=~"5.."                     => statuscode=~"5.."
            foo=🙂                                => foo="🙂"
            {foo=🙂bar}                           => foo="🙂bar"
            "foo"="bar"                           => foo="bar"
            {"foo"=~"\\\\d+"}                     => foo=~"\\\\d+"
            {"foo"="\\U0001f642"}                 => foo="🙂"
            {foo="\\"bar\\""}                     => foo="\\"bar\\""
            {foo="bar\\\\"}                       => foo="bar\\\\"
            {quote="She said: \\"Hi, ladies!\\""} => quote="She said: \\"Hi, ladies!\\""
            foo=""                                => foo=""
            foo=~""                               => foo=~""
            """)
    void readsAlertmanagerMatchers(String text, String expected) {
        assertEquals(
                expected == null ? "" : expected,
                SelectorParser.alertmanager(text).stream()
                        .map(Matcher::toString)
                        .collect(Collectors.joining(", ")));
    }

    @ParameterizedTest(name = "Loki {0} reads as {1}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '¤', textBlock = """
            {app="x"}                             => {app="x"}
            ¤ { app = "x" ,level=~"info|warn" } ¤ => {app="x", level=~"info|warn"}
            {app=`a\\b`}                          => {app="a\\\\b"}
            {app="x", env=""}                     => {app="x", env=""}
            """)
    void readsLokiStreamSelectors(String text, String expected) {
        assertEquals(expected, SelectorParser.stream(text).toString());
    }

    @ParameterizedTest(name = "{0} {1} is refused: {2}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '¤', textBlock = """
            promql       => http{job}                => column 9: expected one of =, !=, =~, !~ after job, found '}'
            promql       => http{job="x"            => column 13: expected ',' or '}', found the end
            promql       => http{                    => column 6: expected '}'
            promql       => http{job="x"}}           => column 14: unexpected '}' after the selector
            promql       => http{job="x"} junk       => column 15: unexpected 'j' after the selector
            promql       => http{job=~"("}           => column 11: invalid regular expression "(": missing closing )
            promql       => http{job=~"a**"}         => column 11: invalid regular expression "a**": invalid nested repetition operator
            promql       => http{job=x}              => column 10: expected a quoted value, found 'x'
            promql       => http{job="x}             => column 10: unterminated quoted value
            promql       => http{job="\\d+"}         => column 11: unknown escape \\d (a regex backslash is written \\\\d)
            promql       => http{job="\\xf0\\x9f"}   => column 10: quoted value is not valid UTF-8
            promql       => http{1abc="x"}           => column 6: invalid label name "1abc" (must match [a-zA-Z_][a-zA-Z0-9_]*)
            promql       => http{a.b="x"}            => column 6: invalid label name "a.b" (must match [a-zA-Z_][a-zA-Z0-9_]*)
            promql       => http{="x"}               => column 6: expected a label name, found '='
            promql       => http{,}                  => column 6: expected a label name, found ','
            promql       => http{a="x" b="y"}        => column 12: expected ',' or '}', found 'b'
            promql       => {}                       => column 1: a selector needs a metric name or a label matcher that does not match the empty string
            promql       => {job=~".*"}              => column 1: a selector needs a metric name or a label matcher that does not match the empty string
            promql       => up{__name__="down"}      => column 4: the metric name is given twice (up and __name__="down")
            promql       => 1up                      => column 1: expected a metric name or '{', found '1'
            promql       => ¤¤                       => column 1: expected a metric name or '{', found the end
            alertmanager => ¤¤                       => column 1: empty matcher
            alertmanager => severity                 => column 9: expected one of =, !=, =~, !~ after severity, found the end
            alertmanager => 1abc="x"                 => column 1: invalid label name "1abc" (must match [a-zA-Z_][a-zA-Z0-9_]*)
            alertmanager => severity=~"(unclosed"    => column 11: invalid regular expression "(unclosed": missing closing )
            alertmanager => severity="unterminated   => column 10: unterminated quoted value
            alertmanager => {severity="x"            => column 14: expected ',' or '}', found the end
            alertmanager => {                        => column 2: expected '}'
            alertmanager => foo=bar}                 => column 8: unexpected '}' without a '{'
            alertmanager => severity="x" junk        => column 14: expected ',', found 'j'
            alertmanager => ,                        => column 1: expected a label name, found ','
            alertmanager => {,}                      => column 2: expected a label name, found ','
            alertmanager => foo=,                    => column 5: expected a value (write "" for the empty string), found ','
            alertmanager => {foo=:"bar"}             => column 7: expected ',' or '}', found '"'
            alertmanager => {foo="bar\\w"}           => column 10: unknown escape \\w (a regex backslash is written \\\\w)
            alertmanager => {foo=bar\\n}             => column 9: expected ',' or '}', found '\\'
            alertmanager => foo='bar'                => column 5: expected a value (write "" for the empty string), found '''
            loki         => app="x"                  => column 1: expected '{' (a stream selector has label matchers only)
            loki         => up{app="x"}              => column 1: expected '{' (a stream selector has label matchers only)
            loki         => {app=x}                  => column 6: expected a quoted value, found 'x'
            loki         => {}                       => column 1: a stream selector needs at least one label matcher that does not match the empty string, like {app="api"}
            loki         => {app=""}                 => column 1: a stream selector needs at least one label matcher that does not match the empty string, like {app="api"}
            loki         => {app='x'}                => column 6: expected a quoted value, found '''
            loki         => {app="x"} trailing       => column 11: unexpected 't' after the selector
            """)
    void refusesMistakesNamingTheColumn(String notation, String text, String message) {
        Function<String, Object> parse = switch (notation) {
            case "promql" -> SelectorParser::promql;
            case "alertmanager" -> SelectorParser::alertmanager;
            case "loki" -> SelectorParser::stream;
            default -> throw new IllegalArgumentException(notation);
        };
        SelectorSyntaxException e =
                assertThrows(SelectorSyntaxException.class, () -> parse.apply(text == null ? "" : text));
        assertEquals(message, e.getMessage());
    }

    @ParameterizedTest(name = "label set {0} is refused: {1}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '¤', textBlock = """
            {app="x", app="y"}   => column 11: label app given twice
            {app!="x"}           => column 5: a label set has name="value" pairs, not matchers (!=)
            {app="\\q"}          => column 7: unknown escape \\q (a regex backslash is written \\\\q)
            """)
    void aLokiLabelSetIsPairsGivenOnce(String text, String message) {
        assertEquals(
                message,
                assertThrows(SelectorSyntaxException.class, () -> SelectorParser.streamLabels(text))
                        .getMessage());
    }

    @Test
    void aLokiLabelSetKeepsItsOrderAndMayBeEmpty() {
        assertEquals(
                List.of("b", "a"),
                List.copyOf(SelectorParser.streamLabels("{b=\"1\", a=\"2\"}").keySet()));
        assertEquals(Map.of(), SelectorParser.streamLabels("{}"));
    }

    @Test
    void aSeriesIsAMetricAndItsLabels() {
        Selector s = SelectorParser.series("up{job=\"a\", instance=\"b\"}");
        assertEquals("up", s.metric());
        assertEquals(Map.of("job", "a", "instance", "b"), s.labelMap());
        assertEquals(
                "column 7: a label set has name=\"value\" pairs, not matchers (=~)",
                assertThrows(SelectorSyntaxException.class, () -> SelectorParser.series("up{job=~\"a\"}"))
                        .getMessage());
    }

    @Test
    void aSelectorInsideAnExpressionEndsWhereTheExpressionGoesOn() {
        String expr = "rate(http_requests_total{code=~\"5..\"}[5m]) > 0";
        SelectorParser.Found f = SelectorParser.promqlAt(expr, 5);
        assertEquals("http_requests_total{code=~\"5..\"}", f.selector().toString());
        assertEquals('[', expr.charAt(f.end()));
        SelectorParser.Found bare = SelectorParser.promqlAt("up > 0", 0);
        assertEquals(2, bare.end());
    }

    @Test
    void aColumnCountsCharactersNotUtf16Units() {
        assertEquals(
                "column 8: expected ',' or '}', found 'x'",
                assertThrows(SelectorSyntaxException.class, () -> SelectorParser.stream("{a=\"😀\" x}"))
                        .getMessage());
    }

    @Test
    void whatIsPrintedIsReadBack() {
        for (String text : List.of("{a=\"x\\\"y\\\\z\\nw\"}", "{b=~\"\\\\d+\", c!=\"\"}")) {
            List<Matcher> once = SelectorParser.alertmanager(text);
            String printed = once.stream().map(Matcher::toString).collect(Collectors.joining(",", "{", "}"));
            assertEquals(once, SelectorParser.alertmanager(printed));
        }
    }
}
