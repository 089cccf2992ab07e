package io.tocsin.rules.parse;

import io.tocsin.core.config.ConfigException;
import io.tocsin.core.config.Mark;
import io.tocsin.core.config.Problem;
import io.tocsin.core.config.YamlLoader;
import io.tocsin.core.config.YamlNode;
import io.tocsin.rules.model.Rule;
import io.tocsin.rules.model.RuleSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads the rule files under a directory (or named files) and validates them as a whole. Which
 * YAML files are rule files is {@link RuleFiles}' decision: those whose top level holds {@code
 * groups:}; the others are listed as skipped.
 */
public final class RuleLoader {

    /** The rule set, or every error found; never both. {@code skipped}: YAML files not read as rules, and why. */
    public record Loaded(RuleSet rules, List<Problem> errors, int files, List<RuleFiles.Skipped> skipped) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    private RuleLoader() {}

    public static Loaded load(Path dir) {
        return load(List.of(dir));
    }

    /** @param roots directories (searched) and files (read as rule files whatever they hold) */
    public static Loaded load(List<Path> roots) {
        RuleFiles.Discovery found = RuleFiles.discover(roots);
        List<Rule> rules = new ArrayList<>();
        List<Problem> errors = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (RuleFiles.Found file : found.files()) {
            String display = file.display();
            YamlNode root;
            try {
                root = YamlLoader.load(file.path(), display);
            } catch (ConfigException e) {
                errors.addAll(e.problems());
                continue;
            }
            RuleParser.Result r = RuleParser.parse(root);
            errors.addAll(r.errors());
            for (Rule rule : r.rules()) {
                String previous = seen.putIfAbsent(rule.id(), display);
                if (previous != null) {
                    errors.add(
                            new Problem(Mark.start(display), "rule " + rule.id() + " is also defined in " + previous));
                } else {
                    rules.add(rule);
                }
            }
        }
        int n = found.files().size();
        return errors.isEmpty()
                ? new Loaded(new RuleSet(rules), List.of(), n, found.skipped())
                : new Loaded(RuleSet.EMPTY, List.copyOf(errors), n, found.skipped());
    }
}
