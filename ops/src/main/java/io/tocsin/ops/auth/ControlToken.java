package io.tocsin.ops.auth;

import io.tocsin.core.config.Secret;
import java.util.Objects;
import java.util.Set;

/** One caller of a control API (notifier, rules), identified by its bearer token. */
public record ControlToken(String name, Secret token, Set<Scope> scopes) {
    public ControlToken {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(token, "token");
        scopes = Set.copyOf(scopes);
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("a control token needs at least one scope");
        }
    }
}
