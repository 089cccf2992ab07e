package io.tocsin.rules.tool;

import io.tocsin.core.config.Problem;
import io.tocsin.rules.model.Rule;
import io.tocsin.rules.model.RuleSet;
import io.tocsin.rules.parse.RuleParser;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code tocsin rules test [--junit FILE] TEST_FILE...}: runs promtool-style rule tests through the
 * real rules topology. Exit status 0 when every test passed, 1 when one failed, 2 when a file
 * could not be read or its rules do not validate.
 */
public final class RulesTestTool {
    private RulesTestTool() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    public static int run(String[] args, PrintStream out) {
        Path junit = null;
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--junit") && i + 1 < args.length) {
                junit = Path.of(args[++i]);
            } else if (args[i].startsWith("--junit=")) {
                junit = Path.of(args[i].substring("--junit=".length()));
            } else if (args[i].startsWith("-")) {
                out.println("unknown option " + args[i]);
                out.println("usage: tocsin rules test [--junit FILE] TEST_FILE...");
                return 2;
            } else {
                files.add(Path.of(args[i]));
            }
        }
        if (files.isEmpty()) {
            out.println("usage: tocsin rules test [--junit FILE] TEST_FILE...");
            return 2;
        }
        boolean broken = false;
        boolean failed = false;
        List<JUnitXml.Suite> suites = new ArrayList<>();
        for (Path file : files) {
            out.println("Unit Testing: " + file);
            RuleTestFile tf;
            RuleSet rules;
            try {
                tf = RuleTestFile.read(file);
                rules = loadRules(tf.ruleFiles());
            } catch (RuleTestFile.InvalidTestFile e) {
                out.println("  FAILED: " + e.getMessage());
                suites.add(new JUnitXml.Suite(
                        file.toString(), List.of(new JUnitXml.Case("load", 0, List.of(e.getMessage())))));
                broken = true;
                continue;
            }
            List<JUnitXml.Case> cases = new ArrayList<>();
            for (RuleTestFile.TestGroup g : tf.tests()) {
                long started = System.nanoTime();
                List<String> failures = RuleTestRunner.run(rules, g);
                double secs = (System.nanoTime() - started) / 1e9;
                cases.add(new JUnitXml.Case(g.name(), secs, failures));
                if (failures.isEmpty()) {
                    out.printf("  PASS  %s (%.0f ms)%n", g.name(), secs * 1000);
                } else {
                    failed = true;
                    out.println("  FAIL  " + g.name());
                    failures.forEach(f -> out.println("    " + f.replace("\n", "\n    ")));
                }
            }
            suites.add(new JUnitXml.Suite(file.toString(), cases));
        }
        if (junit != null) {
            try {
                Path parent = junit.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                Files.writeString(junit, JUnitXml.write(suites), StandardCharsets.UTF_8);
            } catch (IOException e) {
                out.println("cannot write " + junit + ": " + e.getMessage());
                return 2;
            }
        }
        out.println(broken ? "FAILED: a test file could not be run" : failed ? "FAILED" : "SUCCESS");
        return broken ? 2 : failed ? 1 : 0;
    }

    private static RuleSet loadRules(List<Path> ruleFiles) throws RuleTestFile.InvalidTestFile {
        List<Rule> rules = new ArrayList<>();
        List<Problem> errors = new ArrayList<>();
        for (Path f : ruleFiles) {
            try {
                RuleParser.Result r = RuleParser.parse(Files.readString(f, StandardCharsets.UTF_8), f.toString());
                errors.addAll(r.errors());
                rules.addAll(r.rules());
            } catch (IOException e) {
                throw new RuleTestFile.InvalidTestFile(f + ": cannot read rule file: " + e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            throw new RuleTestFile.InvalidTestFile("invalid rules:\n  "
                    + String.join("\n  ", errors.stream().map(Problem::toString).toList()));
        }
        try {
            return new RuleSet(rules);
        } catch (IllegalArgumentException e) {
            throw new RuleTestFile.InvalidTestFile(e.getMessage());
        }
    }
}
