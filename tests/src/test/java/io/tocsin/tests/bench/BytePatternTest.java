package io.tocsin.tests.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BytePatternTest {
    @Test
    void countsEveryOccurrenceAsTheStringSearchDoesIncludingAcrossReadsAndOverlaps() throws IOException {
        record Case(String pattern, String text, int count) {}
        for (Case c : new Case[] {
            new Case("\"fingerprint\"", "[{\"fingerprint\":\"a\"},{\"fingerprint\":\"b\"}]", 2),
            new Case("\"fingerprint\"", "\"fingerprin\"fingerprint\"", 1),
            new Case("\"fingerprint\"", "", 0),
            new Case("aa", "aaaa", 3),
            new Case("abab", "abababab", 3),
        }) {
            byte[] bytes = c.text().getBytes(StandardCharsets.UTF_8);
            // One byte per read: a match split across reads still counts.
            InputStream trickle = new ByteArrayInputStream(bytes) {
                @Override
                public int read(byte[] b, int off, int len) {
                    return super.read(b, off, Math.min(len, 1));
                }
            };
            assertEquals(c.count(), BytePattern.of(c.pattern()).count(trickle), c.toString());
            assertEquals(c.count(), BytePattern.of(c.pattern()).count(new ByteArrayInputStream(bytes)), c.toString());
        }
    }
}
