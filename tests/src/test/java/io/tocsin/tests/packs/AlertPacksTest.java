package io.tocsin.tests.packs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.ingest.collect.CollectorsConfig;
import io.tocsin.ingest.collect.CollectorsFile;
import io.tocsin.ingest.collect.Target;
import io.tocsin.notifier.tool.ConfigCheckTool;
import io.tocsin.notifier.tool.RoutesTestTool;
import io.tocsin.rules.parse.RuleLoader;
import io.tocsin.rules.tool.RulesTestTool;
import io.tocsin.server.cli.RulesCheckCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The alert packs in rules-examples/ as CI sees them: the directory passes {@code tocsin rules
 * check}, every pack's rule tests pass through {@code tocsin rules test} (JUnit XML in
 * target/packs), the routing passes {@code config check} and its {@code routes test}, the
 * collectors example loads, and every rule's runbook_url points at a section of its pack's README.
 */
class AlertPacksTest {
    static final Path PACKS = Path.of("..", "rules-examples");
    static final List<String> EXPECTED = List.of(
            "web",
            "postgres",
            "pgbouncer",
            "redis",
            "celery",
            "security",
            "jobs",
            "host",
            "minio",
            "ai-services",
            "tocsin-self");
    /** One routing example per system of the deployment guides, and the packs' general one. */
    static final List<String> ROUTINGS = List.of(
            "routing",
            "routing-assistant",
            "routing-attendance",
            "routing-scholarship",
            "routing-ecommerce",
            "routing-intake");

    private record Run(int status, String out) {}

    private static Run run(Function<PrintStream, Integer> tool) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status = tool.apply(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return new Run(status, bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void everyPackIsThereWithRulesTestsAndARunbook() {
        for (String pack : EXPECTED) {
            Path dir = PACKS.resolve(pack);
            assertTrue(Files.isRegularFile(dir.resolve(pack + ".rules.yml")), pack + " rules");
            assertTrue(Files.isRegularFile(dir.resolve(pack + ".test.yml")), pack + " rule tests");
            assertTrue(Files.isRegularFile(dir.resolve("README.md")), pack + " runbook");
        }
    }

    @Test
    void theWholeDirectoryPassesRulesCheck() {
        Run r = run(out -> RulesCheckCommand.run(PACKS.toString(), out));
        assertEquals(0, r.status(), r.out());
    }

    @Test
    void everyPacksRuleTestsPass() throws IOException {
        List<String> args = new ArrayList<>(
                List.of("--junit", Path.of("target", "packs", "rule-tests.xml").toString()));
        try (Stream<Path> files = Files.walk(PACKS)) {
            files.filter(f -> f.getFileName().toString().endsWith(".test.yml")
                            && !f.getFileName().toString().startsWith("routing"))
                    .sorted()
                    .forEach(f -> args.add(f.toString()));
        }
        assertTrue(args.size() >= 2 + EXPECTED.size(), args.toString());
        Run r = run(out -> RulesTestTool.run(args.toArray(String[]::new), out));
        assertEquals(0, r.status(), r.out());
    }

    @Test
    void everyRoutingLoadsWithoutSecretsAndRoutesAsItsTestsSay() throws IOException {
        try (Stream<Path> files = Files.list(PACKS)) {
            assertEquals(
                    ROUTINGS.stream().map(r -> r + ".yml").sorted().toList(),
                    files.map(f -> f.getFileName().toString())
                            .filter(f -> f.startsWith("routing") && f.endsWith(".yml") && !f.endsWith(".test.yml"))
                            .sorted()
                            .toList(),
                    "every routing example is tested here");
        }
        for (String routing : ROUTINGS) {
            Run check = run(out -> ConfigCheckTool.run(
                    new String[] {PACKS.resolve(routing + ".yml").toString()}, out));
            assertEquals(0, check.status(), routing + ": " + check.out());
            Run routes = run(out -> RoutesTestTool.run(
                    new String[] {PACKS.resolve(routing + ".test.yml").toString()}, out));
            assertEquals(0, routes.status(), routing + ": " + routes.out());
            assertTrue(routes.out().contains(" passed, 0 failed"), routes.out());
        }
    }

    @Test
    void everyRuleTheGuidesTableNamesIsShippedAndEveryRoutingItNamesExists() throws IOException {
        Set<String> shipped = new HashSet<>();
        RuleLoader.load(PACKS).rules().all().forEach(r -> shipped.add(r.alert()));
        String readme = Files.readString(PACKS.resolve("README.md"));
        List<String> rows = readme.lines()
                .filter(l -> l.startsWith("| ") && !l.startsWith("| system"))
                .toList();
        assertTrue(rows.size() >= 30, "the table has a row per ask");
        Pattern name = Pattern.compile("`([A-Z][A-Za-z0-9]+)`");
        Pattern routing = Pattern.compile("(routing-[a-z]+)\\.yml");
        for (String row : rows) {
            String[] cells = row.split("\\|");
            Matcher m = name.matcher(cells[3]);
            while (m.find()) {
                assertTrue(
                        shipped.contains(m.group(1)),
                        "the table names " + m.group(1) + ", which no pack ships: " + row);
            }
            Matcher r = routing.matcher(cells[5]);
            assertTrue(r.find() && ROUTINGS.contains(r.group(1)), "no routing for: " + row);
        }
    }

    @Test
    void theCollectorsExampleLoadsAndFeedsThePacks() {
        CollectorsConfig c =
                CollectorsFile.load(PACKS.resolve("collectors.example.yml"), Map.of("PG_MONITOR_PASSWORD", "secret"));
        assertEquals(14, c.http().size(), "eight scrapes and six health probes");
        List<Target> probes =
                c.http().stream().filter(t -> t.kind() == Target.Kind.PROBE).toList();
        for (Target probe : probes) {
            // Docker's model: each check is one attempt, every 30 s, 10 s timeout; the rule counts three.
            assertEquals(0, probe.retries(), probe.name());
            assertEquals(java.time.Duration.ofSeconds(30), probe.interval(), probe.name());
            assertEquals(java.time.Duration.ofSeconds(10), probe.timeout(), probe.name());
        }
        assertTrue(
                probes.stream().anyMatch(t -> t.url().toString().endsWith("/api/health")),
                "the attendance app's /api/health");
        assertTrue(
                probes.stream().anyMatch(t -> t.url().toString().endsWith(":3000/health")), "the scholarship frontend");
        assertEquals(2, c.postgres().size(), "the primary and its replica");
    }

    @Test
    void everyRunbookUrlPointsAtASectionOfItsPacksReadme() throws IOException {
        RuleLoader.Loaded loaded = RuleLoader.load(PACKS);
        Pattern url = Pattern.compile("rules-examples/([a-z-]+)/README\\.md#([a-z0-9-]+)");
        int checked = 0;
        for (var rule : loaded.rules().all()) {
            if (rule.group().equals("walkthrough")) {
                continue;
            }
            String runbook = rule.annotations().get("runbook_url");
            Matcher m = url.matcher(runbook == null ? "" : runbook);
            assertTrue(m.matches(), rule.alert() + ": runbook_url " + runbook);
            String readme = Files.readString(PACKS.resolve(m.group(1)).resolve("README.md"));
            assertTrue(
                    anchors(readme).contains(m.group(2)),
                    rule.alert() + ": no section #" + m.group(2) + " in " + m.group(1) + "/README.md");
            checked++;
        }
        assertEquals(51, checked, "every pack rule has a runbook");
    }

    @Test
    void everyPackAlertIsDrivenEndToEndByPacksIT() throws IOException {
        Set<String> shipped = new java.util.TreeSet<>();
        RuleLoader.load(PACKS).rules().all().stream()
                .filter(r -> !r.group().equals("walkthrough"))
                // Tocsin's own metrics carry no label a scenario could mark its messages with: the
                // watchdog rule goes end to end in selfmon.WatchdogIT, the others in their rule tests.
                .filter(r -> !r.group().equals("tocsin-self"))
                .forEach(r -> shipped.add(r.alert()));
        Set<String> driven = new java.util.TreeSet<>(PackScenarios.DRIVEN_BY_THE_STORIES);
        PackScenarios.all("x").forEach(s -> assertTrue(driven.add(s.alert()), s.alert() + " has two scenarios"));
        assertEquals(shipped, driven);
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes. */
    private static List<String> anchors(String markdown) {
        return markdown.lines()
                .filter(l -> l.startsWith("#"))
                .map(l -> l.replaceFirst("^#+\\s*", "")
                        .toLowerCase(Locale.ROOT)
                        .replaceAll("[^a-z0-9 -]", "")
                        .trim()
                        .replace(' ', '-'))
                .toList();
    }
}
