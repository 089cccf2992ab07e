package io.tocsin.notifier.silence;

import io.tocsin.core.label.MatchOp;
import io.tocsin.core.label.Matcher;

/** A silence matcher in Alertmanager API v2's shape: {@code {"name","value","isRegex","isEqual"}}. */
public record SilenceMatcher(String name, String value, boolean isRegex, Boolean isEqual) {
    public SilenceMatcher {
        isEqual = isEqual == null ? Boolean.TRUE : isEqual;
    }

    /** @throws IllegalArgumentException for a bad label name or regex (RE2 syntax) */
    public Matcher toMatcher() {
        return Matcher.of(name, MatchOp.of(isRegex, isEqual), value == null ? "" : value);
    }
}
