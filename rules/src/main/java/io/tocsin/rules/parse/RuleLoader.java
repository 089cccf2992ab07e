package io.tocsin.rules.parse;

import io.tocsin.core.config.ConfigException;
import io.tocsin.core.config.Mark;
import io.tocsin.core.config.Problem;
import io.tocsin.core.config.YamlLoader;
import io.tocsin.core.config.YamlNode;
import io.tocsin.rules.model.Rule;
import io.tocsin.rules.model.RuleSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Loads every rule file ({@code *.rules.yml} or {@code *.rules.yaml}) under a directory and
 * validates them as a whole. Other YAML beside them (routing, rule tests) is not rules.
 */
public final class RuleLoader {

    /** The rule set, or every error found; never both. */
    public record Loaded(RuleSet rules, List<Problem> errors, int files) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    private RuleLoader() {}

    public static Loaded load(Path dir) {
        List<Path> files = ruleFiles(dir);
        List<Rule> rules = new ArrayList<>();
        List<Problem> errors = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (Path file : files) {
            String display = display(dir, file);
            YamlNode root;
            try {
                root = YamlLoader.load(file, display);
            } catch (ConfigException e) {
                errors.addAll(e.problems());
                continue;
            }
            RuleParser.Result r = RuleParser.parse(root);
            errors.addAll(r.errors());
            for (Rule rule : r.rules()) {
                String previous = seen.putIfAbsent(rule.id(), display);
                if (previous != null) {
                    errors.add(new Problem(Mark.start(display), "rule " + rule.id() + " is also defined in " + previous));
                } else {
                    rules.add(rule);
                }
            }
        }
        return errors.isEmpty()
                ? new Loaded(new RuleSet(rules), List.of(), files.size())
                : new Loaded(RuleSet.EMPTY, List.copyOf(errors), files.size());
    }

    static List<Path> ruleFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("rule directory " + dir + " does not exist");
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> {
                        String n = p.getFileName().toString();
                        return n.endsWith(".rules.yml") || n.endsWith(".rules.yaml");
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String display(Path dir, Path file) {
        Path base = dir.toAbsolutePath().normalize().getParent();
        Path abs = file.toAbsolutePath().normalize();
        return base != null && abs.startsWith(base) ? base.relativize(abs).toString() : file.toString();
    }
}
