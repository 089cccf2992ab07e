package io.tocsin.ops.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tocsin.core.config.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ControlTokensTest {
    private static final String READER = "reader-token-0123456789";
    private static final String WRITER = "writer-token-0123456789";
    private static final String ADMIN = "admin-token-0123456789";

    private final ControlTokens tokens = new ControlTokens(List.of(
            new ControlToken("grafana", Secret.inline(READER), Set.of(Scope.READ)),
            new ControlToken("prometheus", Secret.inline(WRITER), Set.of(Scope.WRITE)),
            new ControlToken("oncall", Secret.inline(ADMIN), Set.of(Scope.READ, Scope.WRITE))));

    @ParameterizedTest(name = "{0} / {1} -> {2} {3}")
    @CsvSource(
            nullValues = "null",
            delimiter = '|',
            value = {
                "null                                   | READ  | 401 | missing Authorization header (Bearer token)",
                "Bearer                                 | READ  | 401 | Authorization must be Bearer <token>",
                "Token reader-token-0123456789          | READ  | 401 | Authorization must be Bearer <token>",
                "Bearer not-a-known-token-at-all        | READ  | 401 | invalid token",
                "Bearer reader-token-0123456789         | READ  | 200 | grafana",
                "bearer reader-token-0123456789         | READ  | 200 | grafana",
                "Bearer reader-token-0123456789         | WRITE | 403 | token 'grafana' lacks the write scope",
                "Bearer writer-token-0123456789         | WRITE | 200 | prometheus",
                "Bearer writer-token-0123456789         | READ  | 403 | token 'prometheus' lacks the read scope",
                "Bearer admin-token-0123456789          | READ  | 200 | oncall",
                "Bearer admin-token-0123456789          | WRITE | 200 | oncall",
            })
    void aRequestNeedsAKnownTokenWithTheScopeOfItsMethod(String header, Scope scope, int status, String detail) {
        ControlTokens.Verdict v = tokens.authorize(header, scope);
        if (status == 200) {
            assertEquals(new ControlTokens.Allowed(detail), v);
        } else {
            assertEquals(new ControlTokens.Refused(status, detail), v);
        }
    }

    @Test
    void basicWithTheTokenAsPasswordIsAcceptedAsIngestDoes() {
        String basic =
                "Basic " + Base64.getEncoder().encodeToString(("anyone:" + ADMIN).getBytes(StandardCharsets.UTF_8));
        assertEquals(new ControlTokens.Allowed("oncall"), tokens.authorize(basic, Scope.WRITE));
    }

    @Test
    void withoutTokensEveryRequestIsAllowed() {
        assertEquals(new ControlTokens.Open(), ControlTokens.NONE.authorize(null, Scope.WRITE));
    }

    @Test
    void twoCallersCannotShareAToken() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new ControlTokens(List.of(
                        new ControlToken("a", Secret.inline(READER), Set.of(Scope.READ)),
                        new ControlToken("b", Secret.inline(READER), Set.of(Scope.WRITE)))));
    }

    @ParameterizedTest(name = "{0} needs {1}")
    @CsvSource({"GET, READ", "HEAD, READ", "OPTIONS, READ", "POST, WRITE", "PUT, WRITE", "DELETE, WRITE", "PATCH, WRITE"
    })
    void theMethodDecidesTheScope(String method, Scope scope) {
        assertEquals(scope, Scope.of(method));
    }
}
