package io.tocsin.notifier.config;

import io.tocsin.core.config.ConfigReader;
import io.tocsin.core.config.YamlNode;
import io.tocsin.notifier.escalation.EscalationPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads {@code escalation_policies:}: named, ordered steps of receivers and waits, repeated. */
final class EscalationParser {
    private static final Set<String> POLICY_FIELDS = Set.of("name", "steps", "repeat");
    private static final Set<String> STEP_FIELDS = Set.of("receivers", "wait");

    private EscalationParser() {}

    static Map<String, EscalationPolicy> policies(
            ConfigReader reader, YamlNode node, List<RouteParser.Reference> refs) {
        Map<String, EscalationPolicy> out = new LinkedHashMap<>();
        List<YamlNode> items = reader.list(node, "escalation_policies");
        for (int i = 0; items != null && i < items.size(); i++) {
            String where = "escalation_policies[" + i + "]";
            YamlNode.Mapping m = reader.mapping(items.get(i), where);
            if (m == null) {
                continue;
            }
            reader.onlyKnown(m, where, POLICY_FIELDS, Map.of());
            YamlNode nameNode = m.get("name");
            String name = nameNode == null ? null : reader.string(nameNode, where + ".name");
            if (nameNode == null) {
                reader.problem(m.mark(), where + " needs a name");
            } else if (name != null && out.containsKey(name)) {
                reader.problem(nameNode.mark(), "escalation policy '" + name + "' is defined twice");
            }
            int repeat = repeat(reader, m.get("repeat"), where);
            List<EscalationPolicy.Step> steps = steps(reader, m, where, refs);
            if (name == null || steps.isEmpty()) {
                continue;
            }
            try {
                out.put(name, new EscalationPolicy(name, steps, repeat));
            } catch (IllegalArgumentException e) {
                reader.problem(m.mark(), where + ": " + e.getMessage());
            }
        }
        return out;
    }

    private static List<EscalationPolicy.Step> steps(
            ConfigReader reader, YamlNode.Mapping m, String where, List<RouteParser.Reference> refs) {
        List<EscalationPolicy.Step> out = new ArrayList<>();
        YamlNode stepsNode = m.get("steps");
        if (stepsNode == null) {
            reader.problem(m.mark(), where + " needs steps");
            return out;
        }
        List<YamlNode> items = reader.list(stepsNode, where + ".steps");
        for (int i = 0; items != null && i < items.size(); i++) {
            String stepWhere = where + ".steps[" + i + "]";
            YamlNode.Mapping s = reader.mapping(items.get(i), stepWhere);
            if (s == null) {
                continue;
            }
            reader.onlyKnown(s, stepWhere, STEP_FIELDS, Map.of());
            YamlNode receiversNode = s.get("receivers");
            List<String> receivers =
                    receiversNode == null ? null : reader.strings(receiversNode, stepWhere + ".receivers");
            if (receiversNode == null || (receivers != null && receivers.isEmpty())) {
                reader.problem(s.mark(), stepWhere + " needs receivers");
                continue;
            }
            if (receivers == null) {
                continue;
            }
            receivers.forEach(r -> refs.add(new RouteParser.Reference(r, receiversNode.mark())));
            YamlNode waitNode = s.get("wait");
            Duration wait = waitNode == null ? Duration.ZERO : reader.duration(waitNode, stepWhere + ".wait");
            out.add(new EscalationPolicy.Step(receivers, wait == null ? Duration.ZERO : wait));
        }
        return out;
    }

    private static int repeat(ConfigReader reader, YamlNode node, String where) {
        if (node == null) {
            return 0;
        }
        if (node instanceof YamlNode.Scalar s && s.text() != null && s.text().matches("\\d{1,4}")) {
            return Integer.parseInt(s.text());
        }
        reader.problem(node.mark(), where + ".repeat must be a whole number of passes (0-9999)");
        return 0;
    }
}
