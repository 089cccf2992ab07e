package io.tocsin.notifier.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.label.Matcher;
import io.tocsin.core.label.SelectorParser;
import io.tocsin.core.wire.Labels;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MatcherTest {
    private static final Labels LABELS = Labels.of("severity", "critical", "team", "web", "path", "/a\"b");

    @ParameterizedTest(name = "{0} matches: {1}")
    @CsvSource(delimiterString = " => ", textBlock = """
            severity="critical" => true
            severity="warning" => false
            severity!="warning" => true
            severity=~"warning|critical" => true
            severity=~"crit" => false
            severity!~"crit.*" => false
            missing="" => true
            missing!="" => false
            missing=~".*" => true
            team=web => true
            { team="web", severity=~"c.*" } => true
            {team="web",severity="x"} => false
            path="/a\\"b" => true
            """)
    void matchesLabelsTheWayPrometheusDoes(String text, boolean expected) {
        List<Matcher> matchers = SelectorParser.alertmanager(text);
        assertEquals(expected, matchers.stream().allMatch(m -> m.matches(LABELS)));
    }

    @ParameterizedTest(name = "{0} is refused: {1}")
    @CsvSource(delimiterString = " => ", textBlock = """
            severity => expected one of =, !=, =~, !~
            1abc="x" => invalid label name "1abc"
            severity=~"(unclosed" => invalid regular expression
            severity="unterminated => unterminated quoted value
            {severity="x" => expected ',' or '}', found the end
            severity="x" junk => expected ',', found 'j'
            '' => empty matcher
            """)
    void refusesMalformedMatchersWithAReason(String text, String reason) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> SelectorParser.alertmanager(text));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @ParameterizedTest(name = "{0} prints as {1}")
    @CsvSource(delimiterString = " => ", textBlock = """
            team=web => {team="web"}
            {b="2", a=~"1|x"} => {a=~"1|x",b="2"}
            path="/a\\"b" => {path="/a\\"b"}
            """)
    void printsSortedAndQuotedLikeAlertmanagerRouteKeys(String text, String printed) {
        assertEquals(printed, Route.keyOf(null, SelectorParser.alertmanager(text)));
        assertEquals(
                printed,
                SelectorParser.alertmanager(text).stream()
                        .sorted(Matcher.ORDER)
                        .map(Matcher::toString)
                        .collect(Collectors.joining(",", "{", "}")));
    }
}
