package io.tocsin.ingest.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Utf8LengthTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"", "up{job=\"api\"}", "café", "€ 5", "\uD83D\uDD25 fire", "a\u07FFb\u0800c"})
    void theByteBudgetCountsAKeyAsItsUtf8Encoding(String key) {
        assertEquals(key.getBytes(StandardCharsets.UTF_8).length, KafkaSink.utf8Length(key));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"\uD83D", "x\uDD25", "\uDD25\uD83D"})
    void aLoneSurrogateIsNeverCountedShort(String key) {
        assertEquals(true, KafkaSink.utf8Length(key) >= key.getBytes(StandardCharsets.UTF_8).length);
    }
}
