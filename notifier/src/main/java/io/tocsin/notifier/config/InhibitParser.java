package io.tocsin.notifier.config;

import io.tocsin.core.config.ConfigReader;
import io.tocsin.core.config.YamlNode;
import io.tocsin.core.label.Matcher;
import io.tocsin.notifier.inhibit.InhibitRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** Reads {@code inhibit_rules:}, in alertmanager.yml's shape including the older match forms. */
final class InhibitParser {
    private static final Set<String> KNOWN = Set.of(
            "source_matchers",
            "target_matchers",
            "source_match",
            "source_match_re",
            "target_match",
            "target_match_re",
            "equal");

    private InhibitParser() {}

    static List<InhibitRule> rules(ConfigReader reader, YamlNode node) {
        List<InhibitRule> out = new ArrayList<>();
        List<YamlNode> items = reader.list(node, "inhibit_rules");
        for (int i = 0; items != null && i < items.size(); i++) {
            String where = "inhibit_rules[" + i + "]";
            YamlNode.Mapping m = reader.mapping(items.get(i), where);
            if (m == null) {
                continue;
            }
            reader.onlyKnown(m, where, KNOWN, Map.of());
            List<Matcher> source =
                    MatcherFields.read(reader, m, where, "source_matchers", "source_match", "source_match_re");
            List<Matcher> target =
                    MatcherFields.read(reader, m, where, "target_matchers", "target_match", "target_match_re");
            boolean sourceGiven = Stream.of("source_matchers", "source_match", "source_match_re")
                    .anyMatch(f -> m.get(f) != null);
            boolean targetGiven = Stream.of("target_matchers", "target_match", "target_match_re")
                    .anyMatch(f -> m.get(f) != null);
            if (!sourceGiven || !targetGiven) {
                // Empty matchers match every alert: one such rule could mute everything.
                reader.problem(m.mark(), where + " needs source and target matchers");
            }
            List<String> equal = List.of();
            YamlNode equalNode = m.get("equal");
            if (equalNode != null) {
                List<String> names = reader.labelNames(equalNode, where + ".equal");
                if (names != null) {
                    equal = names;
                }
            }
            out.add(new InhibitRule(source, target, equal));
        }
        return out;
    }
}
