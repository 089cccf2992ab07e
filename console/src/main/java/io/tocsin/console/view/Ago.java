package io.tocsin.console.view;

import java.time.Duration;
import java.time.Instant;

/** Times as an on-call engineer reads them: how long ago, how long until. */
public final class Ago {
    private Ago() {}

    /** "3m 12s ago", or "" when {@code at} is null. */
    public static String since(Instant at, Instant now) {
        if (at == null) {
            return "";
        }
        Duration d = Duration.between(at, now);
        return d.isNegative() ? "in " + span(d.negated()) : span(d) + " ago";
    }

    /** "in 4m", "2m ago" for a time that passed, "" for null. */
    public static String until(Instant at, Instant now) {
        return since(at, now);
    }

    /** The two largest units: 2h 5m, 3m 12s, 40s. */
    public static String span(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m" + (s % 60 == 0 ? "" : " " + s % 60 + "s");
        }
        if (s < 86400) {
            return s / 3600 + "h" + (s % 3600 / 60 == 0 ? "" : " " + s % 3600 / 60 + "m");
        }
        return s / 86400 + "d" + (s % 86400 / 3600 == 0 ? "" : " " + s % 86400 / 3600 + "h");
    }

    /** Parses RFC 3339; null for null, empty, Alertmanager's zero time, or garbage. */
    public static Instant parse(String text) {
        if (text == null || text.isEmpty() || text.startsWith("0001-01-01")) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
