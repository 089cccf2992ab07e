package io.tocsin.rules.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** {@code tocsin rules test} on real files: a pack covering every rule kind, a failing test, broken input. */
class RulesTestToolTest {
    private static final Path KINDS = Path.of("src/test/resources/ruletests/kinds.test.yml");

    @TempDir
    Path dir;

    private record Run(int status, String out) {}

    private static Run run(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status = RulesTestTool.run(args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return new Run(status, bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void everyRuleKindPassesItsRuleTestsAndTheJUnitReportSaysSo() throws Exception {
        Path xml = dir.resolve("reports/rules.xml");
        Run r = run("--junit", xml.toString(), KINDS.toString());
        assertEquals(0, r.status(), r.out());
        assertTrue(r.out().contains("SUCCESS"), r.out());
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        assertEquals("6", doc.getDocumentElement().getAttribute("tests"));
        assertEquals("0", doc.getDocumentElement().getAttribute("failures"));
        assertEquals(6, doc.getElementsByTagName("testcase").getLength());
    }

    @Test
    void aWrongExpectationFailsWithWhatWasExpectedAndWhatFired() throws Exception {
        Files.copy(KINDS.resolveSibling("kinds.rules.yml"), dir.resolve("kinds.rules.yml"));
        Path test = dir.resolve("wrong.test.yml");
        Files.writeString(test, """
                rule_files: [kinds.rules.yml]
                tests:
                  - name: room b is not hot
                    interval: 1m
                    input_series:
                      - series: 'room_temp{room="a"}'
                        values: '31 31 31'
                    alert_rule_test:
                      - eval_time: 2m
                        alertname: HotRoom
                        exp_alerts:
                          - exp_labels: {room: b}
                """);
        Path xml = dir.resolve("out.xml");
        Run r = run("--junit=" + xml, test.toString());
        assertEquals(1, r.status(), r.out());
        assertTrue(r.out().contains("FAIL  room b is not hot"), r.out());
        assertTrue(r.out().contains("alertname: HotRoom, time: 2m"), r.out());
        assertTrue(r.out().contains("exp: [Labels:{alertname=\"HotRoom\", room=\"b\"}]"), r.out());
        assertTrue(r.out().contains("got: [Labels:{alertname=\"HotRoom\", room=\"a\"}"), r.out());
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        assertEquals("1", doc.getDocumentElement().getAttribute("failures"));
        assertTrue(doc.getElementsByTagName("failure").item(0).getTextContent().contains("room=\"b\""));
    }

    @Test
    void brokenInputIsReportedAndExitsWithTwo() throws Exception {
        Files.writeString(dir.resolve("bad.rules.yml"), """
                groups:
                  - name: g
                    rules:
                      - alert: X
                        select: 'up'
                        condition: 'over 9000'
                """);
        Path badRules = dir.resolve("a.test.yml");
        Files.writeString(badRules, "rule_files: [bad.rules.yml]\ntests: []\n");
        Run r = run(badRules.toString());
        assertEquals(2, r.status(), r.out());
        assertTrue(r.out().contains("bad.rules.yml:6:"), r.out());

        Path badValues = dir.resolve("b.test.yml");
        Files.writeString(badValues, """
                rule_files: [bad.rules.yml]
                tests:
                  - input_series:
                      - series: 'up'
                        values: '1 2 x'
                """);
        Run v = run(badValues.toString());
        assertEquals(2, v.status(), v.out());
        assertTrue(v.out().contains("tests[0].input_series[0].values: cannot read 'x'"), v.out());

        assertEquals(2, run().status(), "no file is a usage error");
    }

    @Test
    void logRulesAreFedByInputLogsCountedPerInterval() throws Exception {
        Files.writeString(dir.resolve("logs.rules.yml"), """
                groups:
                  - name: g
                    rules:
                      - alert: Panics
                        logs: '{app="api"}'
                        line: 'panic:'
                        aggregate: count
                        window: 2m
                        condition: '> 10'
                """);
        Path test = dir.resolve("logs.test.yml");
        Files.writeString(test, """
                rule_files: [logs.rules.yml]
                tests:
                  - name: a burst of panics
                    interval: 1m
                    input_logs:
                      - stream: '{app="api"}'
                        line: 'panic: nil map'
                        counts: '1x2 12 _ 0'         # 1, 1, 1, then 12 in the fourth minute
                      - stream: '{app="api"}'
                        line: 'all fine'
                        counts: '100x6'
                    alert_rule_test:
                      - eval_time: 3m
                        alertname: Panics
                      - eval_time: 4m
                        alertname: Panics
                        exp_alerts:
                          - exp_labels: {}
                      - eval_time: 6m
                        alertname: Panics
                """);
        Run r = run(test.toString());
        assertEquals(0, r.status(), r.out());

        Path half = dir.resolve("half.test.yml");
        Files.writeString(half, """
                rule_files: [logs.rules.yml]
                tests:
                  - input_logs:
                      - stream: '{app="api"}'
                        line: 'x'
                        counts: '1 2.5'
                """);
        Run bad = run(half.toString());
        assertEquals(2, bad.status(), bad.out());
        assertTrue(bad.out().contains("tests[0].input_logs[0].counts: 2.5 is not a number of lines"), bad.out());
    }
}
