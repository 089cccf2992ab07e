package io.tocsin.ingest.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StrictTextTest {

    static Stream<Arguments> utf8() {
        return Stream.of(
                arguments("ascii", new int[] {'a', '/'}, null),
                arguments("é, two bytes", new int[] {0xC3, 0xA9}, null),
                arguments("€, three bytes", new int[] {0xE2, 0x82, 0xAC}, null),
                arguments("U+FFFF", new int[] {0xEF, 0xBF, 0xBF}, null),
                arguments("an emoji, four bytes", new int[] {0xF0, 0x9F, 0x94, 0x94}, null),
                arguments("U+10FFFF", new int[] {0xF4, 0x8F, 0xBF, 0xBF}, null),
                arguments(
                        "overlong '/' in two bytes",
                        new int[] {'a', 0xC0, 0xAF},
                        "byte 1 (0xC0) starts an overlong encoding"),
                arguments(
                        "overlong in three bytes",
                        new int[] {0xE0, 0x80, 0xAF},
                        "byte 0 (0xE0) starts an overlong encoding"),
                arguments(
                        "overlong in four bytes",
                        new int[] {0xF0, 0x80, 0x80, 0xAF},
                        "byte 0 (0xF0) starts an overlong encoding"),
                arguments(
                        "an encoded high surrogate",
                        new int[] {0xED, 0xA0, 0x80},
                        "byte 0 (0xED) starts an encoded surrogate"),
                arguments(
                        "past U+10FFFF",
                        new int[] {0xF4, 0x90, 0x80, 0x80},
                        "byte 0 (0xF4) starts a code point past U+10FFFF"),
                arguments(
                        "a five-byte form",
                        new int[] {0xF8, 0x88, 0x80, 0x80, 0x80},
                        "byte 0 (0xF8) starts not a UTF-8 start byte"),
                arguments(
                        "a lone continuation byte",
                        new int[] {'x', 0xBF},
                        "byte 1 (0xBF) starts not a UTF-8 start byte"),
                arguments(
                        "cut short at the end",
                        new int[] {'x', 0xE2, 0x82},
                        "byte 1 (0xE2) starts a sequence cut short"),
                arguments(
                        "a missing continuation",
                        new int[] {0xE2, 0x41, 0x41},
                        "byte 0 (0xE2) starts a missing continuation byte"),
                arguments(
                        "a missing third byte",
                        new int[] {0xE2, 0x82, 0x41},
                        "byte 0 (0xE2) starts a missing continuation byte"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("utf8")
    void utf8IsJudgedAsUnicodeTable3_7(String what, int[] bytes, String problem) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) bytes[i];
        }
        assertEquals(problem, StrictText.utf8Problem(b));
    }

    static Stream<Arguments> text() {
        return Stream.of(
                arguments("plain", "web-1", false, null),
                arguments("a surrogate pair", "\uD83D\uDD14", false, null),
                arguments(
                        "a lone high surrogate", "a\uD83D", false, "contains a lone surrogate (U+D83D) at character 1"),
                arguments(
                        "a lone low surrogate", "\uDD14a", false, "contains a lone surrogate (U+DD14) at character 0"),
                arguments("NUL where it is refused", "a\u0000", false, "contains NUL (U+0000) at character 1"),
                arguments("NUL in a log line", "a\u0000", true, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("text")
    void decodedTextHoldsNoLoneSurrogateAndNoNulWhereRefused(
            String what, String text, boolean nulAllowed, String problem) {
        assertEquals(problem, StrictText.textProblem(text, nulAllowed));
    }

    static Stream<Arguments> uris() {
        return Stream.of(
                arguments("/v1/heartbeat/backup", null),
                arguments("/v1/heartbeat/caf%C3%A9", null),
                arguments(
                        "/v1/heartbeat/%C0%AF",
                        "not valid UTF-8 once percent-decoded: byte 14 (0xC0) starts an overlong encoding"),
                arguments(
                        "env=prod&x=%ED%A0%80",
                        "not valid UTF-8 once percent-decoded: byte 11 (0xED) starts an encoded surrogate"),
                arguments("/v1/heartbeat/%G0", "malformed percent-encoding"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("uris")
    void aRawUriPartIsJudgedByTheBytesItStandsFor(String raw, String problem) {
        assertEquals(problem, StrictText.uriProblem(raw));
    }
}
