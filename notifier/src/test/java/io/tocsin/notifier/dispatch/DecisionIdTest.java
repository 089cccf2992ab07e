package io.tocsin.notifier.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A decision id is the first half of the SHA-256 of its inputs, the same on every call and thread. */
class DecisionIdTest {
    private static final Instant OPENED = Instant.parse("2026-12-05T12:00:00.5Z");

    private static String expected(String group, Instant opened, int sequence) throws Exception {
        byte[] d = MessageDigest.getInstance("SHA-256")
                .digest((group + "\u0000" + opened + "\u0000" + sequence).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(d, 0, 16);
    }

    @Test
    void theSameInputsGiveTheSameIdOnEveryCallAndThread() throws Exception {
        String id = DecisionId.of("hook/{}:{}", OPENED, 3);
        assertEquals(expected("hook/{}:{}", OPENED, 3), id);
        for (int i = 0; i < 3; i++) {
            assertEquals(id, DecisionId.of("hook/{}:{}", OPENED, 3));
        }
        assertEquals(
                id,
                CompletableFuture.supplyAsync(() -> DecisionId.of("hook/{}:{}", OPENED, 3))
                        .get());
    }

    @Test
    void anotherSequenceOrIncarnationGivesAnotherId() throws Exception {
        assertNotEquals(DecisionId.of("g", OPENED, 1), DecisionId.of("g", OPENED, 2));
        assertNotEquals(DecisionId.of("g", OPENED, 1), DecisionId.of("g", OPENED.plusMillis(1), 1));
        assertEquals(expected("g", OPENED.plusMillis(1), 1), DecisionId.of("g", OPENED.plusMillis(1), 1));
    }
}
