package io.tocsin.core.label;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tocsin.core.wire.Labels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MatcherTest {
    private static final Labels LABELS = Labels.of("severity", "critical", "path", "/a\nb");

    @ParameterizedTest(name = "{0} on severity=critical: {1}")
    @CsvSource(delimiterString = " => ", textBlock = """
            severity="critical"       => true
            severity!="critical"      => false
            severity=~"crit"          => false
            severity=~"crit.*"        => true
            severity=~"warning|critical" => true
            severity!~"warning|critical" => false
            missing=""                => true
            missing!=""               => false
            missing=~""               => true
            missing=~".+"             => false
            path=~"/a.b"              => true
            """)
    void matchesLikePrometheus(String text, boolean expected) {
        Matcher m = SelectorParser.alertmanager(text).get(0);
        assertEquals(
                expected, m.matches(LABELS), "missing labels match as \"\"; regexes are anchored and . matches \\n");
    }

    @Test
    void equalMatchersAreEqualWhateverTheirCompiledPattern() {
        assertEquals(
                Matcher.regex("a", "x.*"),
                SelectorParser.alertmanager("a=~\"x.*\"").get(0));
        assertEquals(
                Matcher.regex("a", "x.*").hashCode(),
                Matcher.of("a", MatchOp.REGEX, "x.*").hashCode());
    }

    @Test
    void refusesABadNameOrRegexWhenBuiltInCode() {
        assertEquals(
                "invalid label name \"a b\" (must match [a-zA-Z_][a-zA-Z0-9_]*)",
                assertThrows(IllegalArgumentException.class, () -> Matcher.equal("a b", "x"))
                        .getMessage());
        assertEquals(
                "invalid regular expression \"(\": missing closing )",
                assertThrows(IllegalArgumentException.class, () -> Matcher.regex("a", "("))
                        .getMessage());
    }

    @Test
    void theOperatorFollowsAlertmanagerSilenceFlags() {
        assertEquals(MatchOp.NOT_REGEX, MatchOp.of(true, false));
        assertEquals(MatchOp.EQUAL, MatchOp.of(false, true));
    }
}
