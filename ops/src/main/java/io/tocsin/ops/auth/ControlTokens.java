package io.tocsin.ops.auth;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The tokens a control API accepts. None configured means open: every request is allowed, and
 * {@link BindRule} then keeps the service on loopback unless told otherwise.
 */
public final class ControlTokens {
    public static final ControlTokens NONE = new ControlTokens(List.of());

    /** Whether a request may go on, and if not the status (401 or 403) and why. */
    public sealed interface Verdict {
        default boolean allowed() {
            return !(this instanceof Refused);
        }
    }

    public record Open() implements Verdict {}

    public record Allowed(String name) implements Verdict {}

    public record Refused(int status, String reason) implements Verdict {}

    private final List<ControlToken> tokens;
    private final Map<String, ControlToken> byDigest = new HashMap<>();

    public ControlTokens(List<ControlToken> tokens) {
        this.tokens = List.copyOf(tokens);
        for (ControlToken t : this.tokens) {
            if (byDigest.put(Credentials.digest(t.token().reveal()), t) != null) {
                throw new IllegalArgumentException("two control tokens are the same (" + t.name() + ")");
            }
        }
    }

    public boolean isOpen() {
        return tokens.isEmpty();
    }

    public List<ControlToken> tokens() {
        return tokens;
    }

    /** Pure: the verdict on a request carrying {@code authorization} that needs {@code scope}. */
    public Verdict authorize(String authorization, Scope scope) {
        if (isOpen()) {
            return new Open();
        }
        if (authorization == null || authorization.isBlank()) {
            return new Refused(401, "missing Authorization header (Bearer token)");
        }
        String token = Credentials.token(authorization);
        if (token == null) {
            return new Refused(401, "Authorization must be Bearer <token>");
        }
        ControlToken known = byDigest.get(Credentials.digest(token));
        if (known == null) {
            return new Refused(401, "invalid token");
        }
        if (!known.scopes().contains(scope)) {
            return new Refused(403, "token '" + known.name() + "' lacks the " + scope.yamlName() + " scope");
        }
        return new Allowed(known.name());
    }
}
