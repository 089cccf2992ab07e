package io.tocsin.notifier.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.tocsin.notifier.route.RouteTiming;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CanonicalTest {
    private static String read(String s, int padding) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        byte[] b = new byte[utf8.length + 2 * padding];
        System.arraycopy(utf8, 0, b, padding, utf8.length);
        return Canonical.string(b, padding, utf8.length);
    }

    static List<String> strings() {
        return List.of("", "alertname", "i-12345", "none", "Ünïcödé", "日本", "a\u0000b", "x".repeat(64), "y".repeat(65));
    }

    @ParameterizedTest
    @MethodSource("strings")
    void readsTheSameCharacters(String s) {
        assertEquals(s, read(s, 0));
        assertEquals(s, read(s, 3));
    }

    @Test
    void anAsciiStringReadAgainIsTheSameInstance() {
        String first = read("instance", 0);
        assertSame(first, read("instance", 5));
    }

    @Test
    void longOrNonAsciiStringsAreNotKept() {
        assertNotSame(read("z".repeat(65), 0), read("z".repeat(65), 0));
        assertNotSame(read("Grüße", 0), read("Grüße", 0));
    }

    @Test
    void aStringThatTookTheSlotIsNeverTakenForAnother() {
        // Whatever shares a slot, each read returns its own characters.
        for (String s : List.of("Aa", "BB", "Aa", "BB", "AaAa", "BBBB", "AaBB")) {
            assertEquals(s, read(s, 1));
        }
    }

    @Test
    void equalValuesAreOneInstance() {
        RouteTiming a = new RouteTiming(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofHours(4), null);
        RouteTiming b = new RouteTiming(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofHours(4), null);
        assertSame(Canonical.value(a), Canonical.value(b));
        assertEquals(null, Canonical.<RouteTiming>value(null));
    }
}
