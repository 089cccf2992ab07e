package io.tocsin.rules.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.rules.model.Rule;
import io.tocsin.rules.model.RuleSet;
import io.tocsin.rules.parse.RuleParser;
import io.tocsin.rules.testing.Timeline.Stepping;
import io.tocsin.rules.tool.RuleTestFile.TestGroup;
import io.tocsin.rules.tool.RuleTestRunner.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Skipping quiet steps is only a shortcut: every rule test group, the alert packs' and this
 * module's (timing.test.yml holds the cases that hang on the clock alone), passes, and publishes
 * exactly the same alert state changes at exactly the same times whether the clock skips quiet
 * stretches or moves one evaluation interval at a time; over the jobs pack's quiet day it moves
 * the clock far less often. (A pending or firing group is evaluated at every tick, so the hours
 * during which one is active are still stepped.)
 */
class SkippingMatchesSteppingTest {
    private static final Path PACKS = Path.of("..", "rules-examples");
    private static final Path OWN = Path.of("src", "test", "resources", "ruletests");

    static Stream<Path> testFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path dir : List.of(PACKS, OWN)) {
            try (Stream<Path> s = Files.walk(dir)) {
                s.filter(f -> f.getFileName().toString().endsWith(".test.yml")
                                && !f.getFileName().toString().startsWith("routing"))
                        .sorted()
                        .forEach(files::add);
            }
        }
        assertTrue(files.size() >= 8, "the packs and the module's own rule tests: " + files);
        return files.stream();
    }

    @ParameterizedTest
    @MethodSource("testFiles")
    void everyGroupPublishesTheSameAlertsAtTheSameTimesEitherWay(Path file) throws Exception {
        RuleTestFile tf = RuleTestFile.read(file);
        RuleSet rules = rules(tf.ruleFiles());
        long steppedMoves = 0;
        long skippingMoves = 0;
        for (TestGroup g : tf.tests()) {
            Outcome stepped = RuleTestRunner.run(rules, g, Stepping.EVERY_STEP);
            Outcome skipping = RuleTestRunner.run(rules, g, Stepping.SKIP_QUIET);
            assertEquals(List.of(), stepped.failures(), g.name());
            assertEquals(stepped.published(), skipping.published(), g.name());
            assertEquals(stepped.failures(), skipping.failures(), g.name());
            assertTrue(skipping.moves() <= stepped.moves(), g.name());
            steppedMoves += stepped.moves();
            skippingMoves += skipping.moves();
        }
        if (file.endsWith("jobs.test.yml")) { // a day and more in which nothing is pending or firing
            assertTrue(
                    skippingMoves * 20 < steppedMoves,
                    skippingMoves + " moves skipping, " + steppedMoves + " stepping");
        }
    }

    private static RuleSet rules(List<Path> ruleFiles) throws IOException {
        List<Rule> rules = new ArrayList<>();
        for (Path f : ruleFiles) {
            RuleParser.Result r = RuleParser.parse(Files.readString(f, StandardCharsets.UTF_8), f.toString());
            assertEquals(List.of(), r.errors(), f.toString());
            rules.addAll(r.rules());
        }
        return new RuleSet(rules);
    }
}
