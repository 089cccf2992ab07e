package io.tocsin.notifier.ack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AckTokenTest {
    private static final byte[] KEY = "k3y-for-tests".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-01-10T10:00:00Z");
    private static final AckToken TOKEN = new AckToken("9f2c4a", "oncall@example.org", NOW.plusSeconds(3600));

    @Test
    void aTokenSignedWithTheKeyChecksBackToItself() {
        assertEquals(new AckToken.Valid(TOKEN), AckToken.check(TOKEN.sign(KEY), KEY, NOW));
    }

    @Test
    void whoCanContainTheSeparator() {
        AckToken odd = new AckToken("9f2c4a", "a|b <c@d>", NOW.plusSeconds(60));
        assertEquals(new AckToken.Valid(odd), AckToken.check(odd.sign(KEY), KEY, NOW));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = ';',
            value = {
                "at the expiry;                      the link expired at 2026-01-10T11:00:00Z",
                "signed with another key;            the link's signature is not valid (changed, or signed with another secret)",
                "payload changed;                    the link's signature is not valid (changed, or signed with another secret)",
                "signature cut;                      the link's signature is not valid (changed, or signed with another secret)",
                "no dot;                             the link is malformed",
                "not base64;                         the link is malformed",
                "empty;                              the link is malformed",
                "too long;                           the link is malformed",
            })
    void aTokenIsRefusedWithAReason(String how, String reason) {
        String good = TOKEN.sign(KEY);
        String payload = good.substring(0, good.indexOf('.'));
        String forged = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("v1|9f2c4a|9999999999|mallory".getBytes(StandardCharsets.UTF_8));
        String token = switch (how) {
            case "at the expiry" -> good;
            case "signed with another key" -> TOKEN.sign("other".getBytes(StandardCharsets.UTF_8));
            case "payload changed" -> forged + good.substring(good.indexOf('.'));
            case "signature cut" -> good.substring(0, good.length() - 4);
            case "no dot" -> payload;
            case "not base64" -> "%%%." + "***";
            case "empty" -> "";
            case "too long" -> good + "A".repeat(AckToken.MAX_LENGTH);
            default -> throw new IllegalArgumentException(how);
        };
        Instant at = how.equals("at the expiry") ? TOKEN.expires() : NOW;
        AckToken.Checked checked = AckToken.check(token, KEY, at);
        assertEquals(reason, assertInstanceOf(AckToken.Refused.class, checked).reason());
    }
}
