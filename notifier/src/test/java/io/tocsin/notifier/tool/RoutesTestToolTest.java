package io.tocsin.notifier.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tocsin config check} and {@code tocsin routes test} on real files. */
class RoutesTestToolTest {
    private static final String CONFIG = """
            route:
              receiver: team
              group_by: [alertname]
              routes:
                - matchers: ['severity="critical"']
                  receiver: pager
                  continue: true
                - matchers: ['team="db"']
                  receiver: dba
            receivers:
              - name: team
              - name: pager
              - name: dba
            inhibit_rules:
              - source_matchers: ['alertname="DcDown"']
                target_matchers: ['severity="critical"']
                equal: [dc]
            """;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void casesThatHoldPassAndOneThatDoesNotSaysWhy() throws Exception {
        Files.writeString(dir.resolve("notifier.yml"), CONFIG);
        Path tests = Files.writeString(dir.resolve("routes.test.yml"), """
                config: notifier.yml
                tests:
                  - name: critical db alerts page and reach the DBAs
                    labels: {alertname: DbDown, severity: critical, team: db, dc: eu}
                    receivers: [pager, dba]
                    group_keys: ['{}/{severity="critical"}:{alertname="DbDown"}', '{}/{team="db"}:{alertname="DbDown"}']
                  - name: a data-centre outage inhibits the pages in it
                    labels: {alertname: DbDown, severity: critical, dc: eu}
                    receivers: [pager]
                    firing: [{alertname: DcDown, dc: eu}]
                    inhibited: true
                  - name: a wrong expectation
                    labels: {alertname: X}
                    receivers: [pager]
                """);
        int status = RoutesTestTool.run(new String[] {tests.toString()}, out, Map.of());
        assertEquals(1, status, output());
        assertTrue(output().contains("  ok    critical db alerts page and reach the DBAs"), output());
        assertTrue(output().contains("  ok    a data-centre outage inhibits the pages in it"), output());
        assertTrue(output().contains("  FAIL  a wrong expectation: receivers [team], expected [pager]"), output());
        assertTrue(output().contains("2 passed, 1 failed"), output());
    }

    @Test
    void aBrokenConfigIsReportedWithItsPlace() throws Exception {
        Path config = Files.writeString(dir.resolve("bad.yml"), """
                route:
                  receiver: nobody
                receivers: [{name: team}]
                """);
        assertEquals(1, ConfigCheckTool.run(new String[] {config.toString()}, out, Map.of()));
        assertTrue(output().contains(config + ":2:13: unknown receiver 'nobody' (defined: team)"), output());
    }

    @Test
    void aGoodConfigIsOk() throws Exception {
        Path config = Files.writeString(dir.resolve("notifier.yml"), CONFIG);
        assertEquals(0, ConfigCheckTool.run(new String[] {config.toString()}, out, Map.of()), output());
        assertTrue(output().contains(": ok (3 receivers"), output());
    }
}
