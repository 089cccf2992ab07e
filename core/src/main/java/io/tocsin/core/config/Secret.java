package io.tocsin.core.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * A credential read from a file or an environment variable. It never prints its value:
 * {@link #toString()} is redacted so that a secret cannot reach a log line by accident.
 */
public final class Secret {
    private final String value;
    private final String origin;

    private Secret(String value, String origin) {
        this.value = Objects.requireNonNull(value);
        this.origin = origin;
    }

    public static Secret fromFile(Path file) {
        try {
            return new Secret(Files.readString(file, StandardCharsets.UTF_8).strip(), "file " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read secret file " + file, e);
        }
    }

    public static Secret fromEnv(String variable, Map<String, String> env) {
        String v = env.get(variable);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("environment variable " + variable + " is not set");
        }
        return new Secret(v.strip(), "env " + variable);
    }

    /** For values written inline in a config file; prefer files or env in production. */
    public static Secret inline(String value) {
        return new Secret(value, "inline");
    }

    public String reveal() {
        return value;
    }

    /** Where the secret came from, safe to log. */
    public String origin() {
        return origin;
    }

    @Override
    public String toString() {
        return "<secret from " + origin + ">";
    }
}
