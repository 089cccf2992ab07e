package io.tocsin.rules.parse;

import io.tocsin.rules.model.Rule;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A rule's version: a digest of its whole parsed definition. A reload keeps a rule's state (pending
 * clocks, firing alerts) exactly when its version is unchanged, so every field of {@link Rule}
 * counts, read off the record itself: a field added later changes the version without anyone
 * remembering to list it. Only what is derived from other fields is left out.
 */
public final class RuleVersion {
    /**
     * Compiled annotations (from {@code annotations}) and the version itself; and where the rule is
     * written, which is not what it means: moving a rule in its file keeps its state.
     */
    static final Set<String> DERIVED = Set.of("templates", "version", "definedAt");

    private RuleVersion() {}

    /** The rule with its version set. */
    public static Rule stamp(Rule r) {
        return new Rule(
                r.id(),
                r.group(),
                r.alert(),
                r.select(),
                r.over(),
                r.logs(),
                r.aggregate(),
                r.aggregateArg(),
                r.window(),
                r.baseline(),
                r.grace(),
                r.by(),
                r.condition(),
                r.resolve(),
                r.forDuration(),
                r.keepFiringFor(),
                r.missing(),
                r.maxGroups(),
                r.labels(),
                r.annotations(),
                r.templates(),
                of(r),
                r.without(),
                r.math(),
                r.definedAt());
    }

    /** The digest of every component of {@code r} but the derived ones, each as name=canonical text. */
    public static String of(Rule r) {
        StringBuilder canonical = new StringBuilder();
        for (RecordComponent c : Rule.class.getRecordComponents()) {
            if (DERIVED.contains(c.getName())) {
                continue;
            }
            canonical
                    .append(c.getName())
                    .append('=')
                    .append(canonical(read(c, r)))
                    .append('\u0000');
        }
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String canonical(Object value) {
        // Maps are compared by content, not by the order they were written in.
        return value instanceof Map<?, ?> m ? new TreeMap<>(m).toString() : String.valueOf(value);
    }

    private static Object read(RecordComponent c, Rule r) {
        try {
            return c.getAccessor().invoke(r);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + c.getName() + " of a rule", e);
        }
    }
}
