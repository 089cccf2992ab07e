package io.tocsin.notifier.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimesTest {
    @Test
    void writesEveryTimeAsInstantToStringDoes() {
        List<Instant> cases = List.of(
                Instant.EPOCH,
                Instant.parse("2026-12-05T15:04:05Z"),
                Instant.parse("2026-12-05T15:04:05.100Z"),
                Instant.parse("2026-12-05T15:04:05.000100Z"),
                Instant.parse("2026-12-05T15:04:05.000000001Z"),
                Instant.parse("1969-12-31T23:59:59.999Z"),
                Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("0001-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z"),
                Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("-0001-12-31T23:59:59Z"),
                Instant.MIN,
                Instant.MAX);
        for (Instant t : cases) {
            assertEquals(t.toString(), Times.rfc3339(t));
        }
        Random r = new Random(14);
        for (int i = 0; i < 100_000; i++) {
            Instant t = Instant.ofEpochSecond(
                    r.nextLong(-70_000_000_000L, 260_000_000_000L),
                    r.nextInt(4) == 0 ? r.nextInt(1_000) * 1_000_000 : r.nextInt(1_000_000_000));
            assertEquals(t.toString(), Times.rfc3339(t), () -> "epoch second " + t.getEpochSecond());
        }
    }
}
