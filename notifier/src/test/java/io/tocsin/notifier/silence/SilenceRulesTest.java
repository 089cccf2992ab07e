package io.tocsin.notifier.silence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SilenceRulesTest {
    private static final Instant START = Instant.parse("2026-01-10T10:00:00Z");
    private static final Instant END = START.plusSeconds(3600);

    private static SilenceMatcher eq(String name, String value) {
        return new SilenceMatcher(name, value, false, true);
    }

    private static SilenceMatcher re(String name, String value) {
        return new SilenceMatcher(name, value, true, true);
    }

    static Stream<Arguments> table() {
        String matchesAll = "at least one matcher must not match the empty string (or force it)";
        return Stream.of(
                Arguments.of("a plain equality is fine", List.of(eq("instance", "db-1")), END, false, List.of()),
                Arguments.of("a regex is fine", List.of(re("instance", "db-.+")), END, false, List.of()),
                Arguments.of("no matchers", List.of(), END, false, List.of("a silence needs at least one matcher")),
                Arguments.of(
                        "a regex matching the empty value matches everything",
                        List.of(re("instance", ".*")),
                        END,
                        false,
                        List.of(matchesAll)),
                Arguments.of(
                        "a negative matcher alone is accepted, as Alertmanager accepts it",
                        List.of(new SilenceMatcher("a", "b", false, false)),
                        END,
                        false,
                        List.of()),
                Arguments.of(
                        "equal to the empty value matches everything",
                        List.of(eq("team", "")),
                        END,
                        false,
                        List.of(matchesAll)),
                Arguments.of("forced, it is accepted", List.of(re("instance", ".*")), END, true, List.of()),
                Arguments.of(
                        "one needing matcher is enough",
                        List.of(re("instance", ".*"), eq("team", "web")),
                        END,
                        false,
                        List.of()),
                Arguments.of(
                        "a bad regex says why",
                        List.of(re("instance", "(")),
                        END,
                        false,
                        List.of("matchers[0]: invalid regular expression \"(\": missing closing )")),
                Arguments.of(
                        "a bad label name says which",
                        List.of(eq("bad name", "x")),
                        END,
                        false,
                        List.of("matchers[0]: invalid label name \"bad name\" (must match [a-zA-Z_][a-zA-Z0-9_]*)")),
                Arguments.of(
                        "ends before it starts",
                        List.of(eq("a", "b")),
                        START,
                        false,
                        List.of("endsAt must be after startsAt")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void checks(String name, List<SilenceMatcher> matchers, Instant endsAt, boolean force, List<String> problems) {
        assertEquals(problems, SilenceRules.problems(matchers, START, endsAt, force));
    }
}
