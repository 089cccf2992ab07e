package io.tocsin.notifier.silence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tocsin.core.label.SelectorParser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SilenceFilterTest {
    private static final Instant NOW = Instant.parse("2026-01-10T10:00:00Z");
    /** Silences alertname="HighCpu", instance=~"db-.*". */
    private static final Silence CPU = new Silence(
            "s1",
            List.of(
                    new SilenceMatcher("alertname", "HighCpu", false, true),
                    new SilenceMatcher("instance", "db-.*", true, true)),
            NOW.minusSeconds(60),
            NOW.plusSeconds(3600),
            "ann",
            "",
            NOW.minusSeconds(60));

    @ParameterizedTest(name = "filter {0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "alertname=\"HighCpu\"          | true",
                "alertname=\"DiskFull\"         | false",
                "alertname=~\"High.*\"          | true",
                "alertname!=\"HighCpu\"         | false",
                "instance=\"db-.*\"             | true",
                "team=\"web\"                   | false",
                "team=\"\"                      | true",
                "alertname!=\"\"                | true",
                "team!~\"web\"                  | true",
                "{alertname=\"HighCpu\",instance=\"db-.*\"} | true",
                "{alertname=\"HighCpu\",instance=\"db-1\"}  | false",
            })
    void aFilterIsMatchedAgainstTheSilencesOwnMatchersTakenAsLabels(String filter, boolean kept) {
        assertEquals(kept, SilenceFilter.matches(SelectorParser.alertmanager(filter), CPU));
    }

    @Test
    void noFilterKeepsEverySilence() {
        assertEquals(true, SilenceFilter.matches(List.of(), CPU));
    }

    @Test
    void silencesAreListedActiveThenPendingThenExpiredAsAlertmanagerDoes() {
        Silence activeLate = silence("active-late", NOW.minusSeconds(10), NOW.plusSeconds(500));
        Silence activeSoon = silence("active-soon", NOW.minusSeconds(10), NOW.plusSeconds(100));
        Silence pendingLate = silence("pending-late", NOW.plusSeconds(300), NOW.plusSeconds(900));
        Silence pendingSoon = silence("pending-soon", NOW.plusSeconds(200), NOW.plusSeconds(900));
        Silence expiredLong = silence("expired-long-ago", NOW.minusSeconds(900), NOW.minusSeconds(600));
        Silence expiredJust = silence("expired-just", NOW.minusSeconds(900), NOW.minusSeconds(10));
        List<Silence> all =
                new ArrayList<>(List.of(expiredLong, pendingLate, activeLate, expiredJust, pendingSoon, activeSoon));
        all.sort(SilenceFilter.order(NOW));
        assertEquals(
                List.of(
                        "active-soon",
                        "active-late",
                        "pending-soon",
                        "pending-late",
                        "expired-just",
                        "expired-long-ago"),
                all.stream().map(Silence::id).toList());
    }

    private static Silence silence(String id, Instant start, Instant end) {
        return new Silence(id, CPU.matchers(), start, end, "ann", "", start);
    }
}
