package io.tocsin.ops.auth;

import java.util.Locale;

/** What a control token may do: read (GET) or change (POST, PUT, DELETE). Write does not imply read. */
public enum Scope {
    READ,
    WRITE;

    /** The scope a request of this HTTP method needs. */
    public static Scope of(String httpMethod) {
        return switch (httpMethod.toUpperCase(Locale.ROOT)) {
            case "GET", "HEAD", "OPTIONS" -> READ;
            default -> WRITE;
        };
    }

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
