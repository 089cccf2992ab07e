package io.tocsin.ops.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BindRuleTest {
    private static final String VAR = "TOCSIN_CONTROL_TOKENS_FILE";

    @ParameterizedTest(name = "{0}, loopback={1}, tokens={2}, allow={3} -> {4}")
    @CsvSource(
            delimiter = '|',
            value = {
                "0.0.0.0   | false | true  | false | listen: the notifier API on 0.0.0.0 requires a token",
                "127.0.0.1 | true  | true  | false | listen: the notifier API on 127.0.0.1 requires a token",
                "127.0.0.1 | true  | false | false | warn: the notifier API is open (no TOCSIN_CONTROL_TOKENS_FILE): listening on loopback 127.0.0.1 only; set TOCSIN_CONTROL_TOKENS_FILE to listen elsewhere",
                "0.0.0.0   | false | false | true  | warn: the notifier API is open to anyone who reaches 0.0.0.0: no TOCSIN_CONTROL_TOKENS_FILE and TOCSIN_ALLOW_UNAUTHENTICATED=true",
                "0.0.0.0   | false | false | false | refuse: the notifier API would listen on 0.0.0.0 without tokens: set TOCSIN_CONTROL_TOKENS_FILE, or bind a loopback address, or set TOCSIN_ALLOW_UNAUTHENTICATED=true to run it open",
            })
    void withoutTokensOnlyLoopbackUnlessToldExplicitly(
            String host, boolean loopback, boolean tokens, boolean allow, String expected) {
        BindRule.Decision d = BindRule.decide("the notifier API", host, loopback, tokens, allow, VAR);
        String shown = d instanceof BindRule.Listen l
                ? (l.warn() ? "warn: " : "listen: ") + l.notice()
                : "refuse: " + ((BindRule.Refuse) d).reason();
        assertEquals(expected, shown);
    }

    @ParameterizedTest(name = "{0} is loopback: {1}")
    @CsvSource({
        "127.0.0.1, true",
        "127.0.0.2, true",
        "::1, true",
        "localhost, true",
        "0.0.0.0, false",
        "10.1.2.3, false"
    })
    void loopbackIsWhatTheAddressSays(String host, boolean loopback) {
        assertEquals(loopback, BindRule.isLoopback(host));
    }

    @Test
    void theSettingIsReadStrictly() {
        assertEquals(
                true, ControlAccess.allowUnauthenticated(java.util.Map.of("TOCSIN_ALLOW_UNAUTHENTICATED", "true")));
        assertEquals(
                "TOCSIN_ALLOW_UNAUTHENTICATED must be true or false, not 'yes'",
                org.junit.jupiter.api.Assertions.assertThrows(
                                IllegalArgumentException.class,
                                () -> ControlAccess.allowUnauthenticated(
                                        java.util.Map.of("TOCSIN_ALLOW_UNAUTHENTICATED", "yes")))
                        .getMessage());
        assertEquals(false, ControlAccess.allowUnauthenticated(java.util.Map.of()));
    }
}
