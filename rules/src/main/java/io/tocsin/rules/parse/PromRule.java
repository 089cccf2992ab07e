package io.tocsin.rules.parse;

import io.tocsin.core.config.ConfigReader;
import io.tocsin.core.config.Mark;
import io.tocsin.core.config.YamlNode;
import io.tocsin.rules.model.ValueMath;
import io.tocsin.rules.promimport.ExprConverter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Prometheus alerting rule ({@code expr:}) in a rule file, compiled to the Tocsin fields that
 * evaluate it exactly. The compiled fields carry the mark of {@code expr:}, so any later problem
 * points at the expression; a shape that cannot be exact is a load error with its reason.
 *
 * @param fields the rule as if written in Tocsin's fields
 * @param math   scalar arithmetic on the value, which has no field of its own
 */
record PromRule(YamlNode.Mapping fields, ValueMath math) {
    /** Tocsin fields an expression replaces: writing both would leave two meanings. */
    private static final List<String> REPLACED =
            List.of("select", "over", "logs", "aggregate", "window", "by", "without", "condition");

    /** The compiled rule, or null with the problems added to {@code reader}. */
    static PromRule compile(YamlNode.Mapping rule, ConfigReader reader) {
        YamlNode exprNode = rule.get("expr");
        boolean clash = false;
        for (String key : REPLACED) {
            if (rule.has(key)) {
                reader.problem(
                        rule.entries().get(key).keyMark(),
                        "'" + key + "' and 'expr' both define what the rule evaluates: use one");
                clash = true;
            }
        }
        String expr = reader.text(exprNode, "expr");
        if (expr == null || clash) {
            return null;
        }
        ExprConverter.Shape shape;
        try {
            shape = ExprConverter.convert(expr);
        } catch (ExprConverter.Unsupported e) {
            reader.problem(exprNode.mark(), "expr: " + e.getMessage());
            return null;
        }
        Map<String, YamlNode.Entry> entries = new LinkedHashMap<>(rule.entries());
        entries.remove("expr");
        Mark at = exprNode.mark();
        int column = exprNode instanceof YamlNode.Scalar s ? s.valueColumn() : at.column();
        put(entries, "select", shape.select(), at, column);
        put(entries, "over", shape.over(), at, column);
        put(entries, "aggregate", shape.aggregate(), at, column);
        put(entries, "window", shape.window(), at, column);
        put(entries, "condition", shape.condition(), at, column);
        List<YamlNode> by =
                shape.by().stream().<YamlNode>map(l -> scalar(l, at, column)).toList();
        String grouping = shape.without() ? "without" : "by";
        entries.put(grouping, new YamlNode.Entry(grouping, at, new YamlNode.Sequence(by, at)));
        return new PromRule(new YamlNode.Mapping(entries, rule.mark()), shape.math());
    }

    private static void put(Map<String, YamlNode.Entry> entries, String key, String value, Mark at, int column) {
        if (value != null) {
            entries.put(key, new YamlNode.Entry(key, at, scalar(value, at, column)));
        }
    }

    private static YamlNode scalar(String text, Mark at, int column) {
        return new YamlNode.Scalar(text, YamlNode.Scalar.Type.STRING, at, column);
    }
}
