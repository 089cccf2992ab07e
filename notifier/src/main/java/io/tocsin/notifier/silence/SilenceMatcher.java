package io.tocsin.notifier.silence;

import io.tocsin.notifier.route.Matcher;

/** A silence matcher in Alertmanager API v2's shape: {@code {"name","value","isRegex","isEqual"}}. */
public record SilenceMatcher(String name, String value, boolean isRegex, Boolean isEqual) {
    public SilenceMatcher {
        isEqual = isEqual == null ? Boolean.TRUE : isEqual;
    }

    /** @throws IllegalArgumentException for a bad label name or regex (RE2 syntax) */
    public Matcher toMatcher() {
        Matcher.Op op = isRegex ? (isEqual ? Matcher.Op.REGEX : Matcher.Op.NOT_REGEX)
                : (isEqual ? Matcher.Op.EQUAL : Matcher.Op.NOT_EQUAL);
        return Matcher.of(name, op, value == null ? "" : value);
    }
}
