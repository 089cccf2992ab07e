package io.tocsin.rules.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rules check} finds rule files as Prometheus users name them and never says ok about nothing. */
class RulesCheckToolTest {
    private static final String HOT = """
            groups:
              - name: g
                rules:
                  - alert: Hot
                    select: 'temp'
                    aggregate: max
                    condition: '> 50'
            """;

    @TempDir
    Path dir;

    private record Run(int status, String out) {}

    private static Run check(String... args) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int status = RulesCheckTool.run(args, new PrintStream(buf, true, StandardCharsets.UTF_8));
        return new Run(status, buf.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anyYamlFileWithTopLevelGroupsIsARuleFileWhateverItsName() throws Exception {
        Files.writeString(dir.resolve("alerts.yml"), HOT);
        Files.createDirectories(dir.resolve("web"));
        Files.writeString(dir.resolve("web").resolve("rules.yaml"), HOT.replace("Hot", "Hotter"));
        Run r = check(dir.toString());
        assertEquals(0, r.status(), r.out());
        assertTrue(r.out().contains("ok: 2 rule(s) in 2 file(s)"), r.out());
    }

    @Test
    void otherYamlIsSkippedAndTheCheckSaysWhy() throws Exception {
        Files.writeString(dir.resolve("alerts.yml"), HOT);
        Files.writeString(dir.resolve("routing.yml"), "route:\n  receiver: team\n");
        Files.writeString(dir.resolve("alerts.test.yml"), "rule_files: [alerts.yml]\ntests: []\n");
        Run r = check(dir.toString());
        assertEquals(0, r.status(), r.out());
        String name = dir.getFileName().toString();
        assertTrue(
                r.out().contains("skipped " + name + "/routing.yml: no top-level groups: (top-level keys: route)"),
                r.out());
        assertTrue(
                r.out()
                        .contains("skipped " + name
                                + "/alerts.test.yml: no top-level groups: (top-level keys: rule_files, tests)"),
                r.out());
    }

    @Test
    void aBrokenAlertsYamlIsAnErrorNotOk() throws Exception {
        Files.writeString(
                dir.resolve("alerts.yaml"), "groups:\n  - name: g\n    rules:\n      - alert: X\n        select: [\n");
        Run r = check(dir.toString());
        assertEquals(1, r.status(), r.out());
        assertTrue(r.out().contains("alerts.yaml:"), r.out());
    }

    @Test
    void findingNoRuleAtAllIsAnError() throws Exception {
        Files.writeString(dir.resolve("routing.yml"), "route:\n  receiver: team\n");
        Run r = check(dir.toString());
        assertEquals(1, r.status(), r.out());
        assertTrue(r.out().contains("error: no rule found"), r.out());
    }

    @Test
    void filesAndDirectoriesAreCheckedTogetherAsPromtoolDoes() throws Exception {
        Path file = dir.resolve("one.yml");
        Files.writeString(file, HOT);
        Path sub = Files.createDirectories(dir.resolve("more"));
        Files.writeString(sub.resolve("two.yaml"), HOT.replace("Hot", "Warm"));
        Run r = check(file.toString(), sub.toString());
        assertEquals(0, r.status(), r.out());
        assertTrue(r.out().contains("ok: 2 rule(s) in 2 file(s)"), r.out());
    }

    @Test
    void aRuleDefinedInTwoPlacesIsAnError() throws Exception {
        Path file = dir.resolve("one.yml");
        Files.writeString(file, HOT);
        Run r = check(file.toString(), dir.toString());
        assertEquals(1, r.status(), r.out());
        assertTrue(r.out().contains("is also defined in"), r.out());
    }

    @Test
    void aPathThatDoesNotExistIsAnError() {
        Run r = check(dir.resolve("nope").toString());
        assertEquals(1, r.status(), r.out());
        assertTrue(r.out().contains("does not exist"), r.out());
    }

    @Test
    void windowsShorterThanTwiceTheExpectedArrivalIntervalAreWarnedAboutWithoutFailing() throws Exception {
        Files.writeString(dir.resolve("alerts.yml"), """
                groups:
                  - name: g
                    rules:
                      - alert: Flappy
                        select: 'temp'
                        aggregate: max
                        window: 5s
                        condition: '> 50'
                      - alert: Steady
                        select: 'temp'
                        aggregate: max
                        window: 10s
                        condition: '> 50'
                """);
        Run byDefault = check(dir.toString());
        assertEquals(0, byDefault.status(), byDefault.out());
        assertTrue(byDefault.out().contains("warning: g/Flappy: window 5s is shorter than twice"), byDefault.out());
        assertTrue(!byDefault.out().contains("g/Steady"), "10 s holds two 5 s batches: " + byDefault.out());

        Run scraped = check("--arrival-interval=1s", dir.toString());
        assertTrue(!scraped.out().contains("warning"), "input every second: " + scraped.out());
        Run slow = check("--arrival-interval=15s", dir.toString());
        assertTrue(slow.out().contains("g/Steady: window 10s"), slow.out());
    }
}
