package io.tocsin.tests.promdiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tocsin.rules.model.Rule;
import io.tocsin.rules.parse.RuleLoader;
import io.tocsin.rules.tool.RuleTestFile;
import io.tocsin.rules.tool.RuleTestFile.AlertCheck;
import io.tocsin.rules.tool.RuleTestFile.TestGroup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Values, not only verdicts: every {@code *.values.test.yml} of the corpus lists checks that
 * expect no alert, so promtool prints every alert it computes (labels, annotations with
 * {@code $value}), and Tocsin's compiled rules give theirs at the same instants. The two lists
 * must hold the same alerts with the same labels, and annotations equal but for numbers, which
 * must agree to 1e-9 relative (NaN with NaN, ±Inf with itself); a check where neither fires is the
 * empty case. Without promtool on the PATH it is skipped.
 */
class PromqlValueDifferentialTest {
    private static final Path CORPUS = Path.of("src", "test", "resources", "promdiff");
    private static final Pattern NUMBER =
            Pattern.compile("[-+]?(?:NaN|Inf|(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?)");
    static final double RELATIVE = 1e-9;
    /** Every values file says {@code evaluation_interval: 1m}, as promtool then steps. */
    private static final java.time.Duration EVALUATION_INTERVAL = java.time.Duration.ofMinutes(1);

    static List<Path> valueFiles() throws IOException {
        try (Stream<Path> s = Files.list(CORPUS)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".values.test.yml"))
                    .sorted()
                    .toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueFiles")
    void promtoolAndTocsinComputeTheSameAlertsAndValues(Path testFile) throws Exception {
        assumeTrue(PromtoolDifferentialTest.onPath("promtool"), "promtool is not installed: skipped");
        Map<String, List<InstantAlerts.Got>> promtool = PromtoolGot.parse(promtool(testFile));
        RuleTestFile file = RuleTestFile.read(testFile.toAbsolutePath());
        RuleLoader.Loaded loaded = RuleLoader.load(file.ruleFiles());
        assertEquals(List.of(), loaded.errors(), "the rules load unchanged");
        int checks = 0;
        int nonEmpty = 0;
        for (TestGroup group : file.tests()) {
            for (AlertCheck check : group.checks()) {
                String key = PromtoolGot.key(group.name(), check.alertname(), PromtoolGot.duration(check.evalTime()));
                List<InstantAlerts.Got> tocsin = new ArrayList<>();
                for (Rule r : loaded.rules().all()) {
                    if (r.alert().equals(check.alertname())) {
                        tocsin.addAll(InstantAlerts.at(r, group, check.evalTime(), EVALUATION_INTERVAL));
                    }
                }
                List<InstantAlerts.Got> expected = promtool.getOrDefault(key, List.of());
                assertSame(key, expected, tocsin);
                checks++;
                nonEmpty += expected.isEmpty() ? 0 : 1;
            }
        }
        assertTrue(checks > 0, "the file checks something");
        System.out.println(testFile.getFileName() + ": " + checks + " checks agree with promtool (" + nonEmpty
                + " with alerts, " + (checks - nonEmpty) + " empty)");
    }

    private static void assertSame(String key, List<InstantAlerts.Got> promtool, List<InstantAlerts.Got> tocsin) {
        Comparator<InstantAlerts.Got> byLabels =
                Comparator.comparing(g -> new java.util.TreeMap<>(g.labels()).toString());
        List<InstantAlerts.Got> p = promtool.stream().sorted(byLabels).toList();
        List<InstantAlerts.Got> t = tocsin.stream().sorted(byLabels).toList();
        assertEquals(
                p.stream().map(g -> new java.util.TreeMap<>(g.labels())).toList(),
                t.stream().map(g -> new java.util.TreeMap<>(g.labels())).toList(),
                key + ": the same alerts with the same labels\npromtool: " + p + "\ntocsin: " + t);
        for (int i = 0; i < p.size(); i++) {
            Map<String, String> pa = p.get(i).annotations();
            Map<String, String> ta = t.get(i).annotations();
            assertEquals(
                    pa.keySet(),
                    ta.keySet(),
                    key + ": annotation names of " + p.get(i).labels());
            for (String name : pa.keySet()) {
                assertTrue(
                        sameText(pa.get(name), ta.get(name)),
                        key + " " + p.get(i).labels() + " annotation " + name + ": promtool '" + pa.get(name)
                                + "', tocsin '" + ta.get(name) + "'");
            }
        }
    }

    /** Equal text around the numbers, and numbers equal to {@value #RELATIVE} relative. */
    static boolean sameText(String a, String b) {
        Matcher ma = NUMBER.matcher(a);
        Matcher mb = NUMBER.matcher(b);
        int ea = 0;
        int eb = 0;
        while (true) {
            boolean fa = ma.find();
            boolean fb = mb.find();
            if (fa != fb) {
                return false;
            }
            if (!fa) {
                return a.substring(ea).equals(b.substring(eb));
            }
            if (!a.substring(ea, ma.start()).equals(b.substring(eb, mb.start()))
                    || !close(number(ma.group()), number(mb.group()))) {
                return false;
            }
            ea = ma.end();
            eb = mb.end();
        }
    }

    private static double number(String s) {
        return switch (s.replace("+", "")) {
            case "NaN", "-NaN" -> Double.NaN;
            case "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }

    static boolean close(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return Double.isNaN(a) && Double.isNaN(b);
        }
        if (a == b) {
            return true;
        }
        return Math.abs(a - b) <= RELATIVE * Math.max(Math.abs(a), Math.abs(b));
    }

    private static String promtool(Path testFile) throws Exception {
        Process p = new ProcessBuilder(
                        "promtool", "test", "rules", testFile.getFileName().toString())
                .directory(testFile.getParent().toFile())
                .redirectErrorStream(true)
                .start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("promtool took over 120 s on " + testFile);
        }
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
