package io.tocsin.core.settings;

import io.tocsin.core.config.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The one place settings are read from the environment. Blank counts as unset; a value that does
 * not parse stops the start with the variable's name, what it needs and what it got.
 */
public final class Env {
    private final Map<String, String> vars;

    public Env(Map<String, String> vars) {
        this.vars = Map.copyOf(vars);
    }

    public static Env system() {
        return new Env(System.getenv());
    }

    /** The raw variables, for lookups by a name a config file gives (a secret's {@code *_env}). */
    public Map<String, String> vars() {
        return vars;
    }

    /** The value given, or empty when unset or blank (no default applied). */
    public Optional<String> given(Setting s) {
        String v = vars.get(s.name());
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }

    /** The value given, else the setting's default (null when it has none). */
    public String string(Setting s) {
        return given(s).orElse(s.fallback());
    }

    public Path path(Setting s) {
        String v = string(s);
        return v == null ? null : Path.of(v);
    }

    public int integer(Setting s) {
        String v = string(s);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException(s.name() + " must be a whole number, not '" + v + "'");
        }
    }

    /** An integer, or {@code whenUnset} for settings whose default depends on the machine. */
    public int integer(Setting s, int whenUnset) {
        return given(s).isPresent() ? integer(s) : whenUnset;
    }

    public long longInteger(Setting s) {
        String v = string(s);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException(s.name() + " must be a whole number, not '" + v + "'");
        }
    }

    /** A duration in Prometheus' grammar ({@link Durations}): 500ms, 10s, 1m30s. */
    public Duration duration(Setting s) {
        String v = string(s);
        try {
            return Durations.parse(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(s.name() + ": " + e.getMessage());
        }
    }

    public int port(Setting s) {
        int p = integer(s);
        if (p < 0 || p > 65535) {
            throw new IllegalArgumentException(
                    s.name() + " must be a port number (0..65535, 0 for any free port), not " + p);
        }
        return p;
    }

    public boolean bool(Setting s) {
        String v = string(s);
        if ("true".equalsIgnoreCase(v)) {
            return true;
        }
        if ("false".equalsIgnoreCase(v) || v == null) {
            return false;
        }
        throw new IllegalArgumentException(s.name() + " must be true or false, not '" + v + "'");
    }
}
