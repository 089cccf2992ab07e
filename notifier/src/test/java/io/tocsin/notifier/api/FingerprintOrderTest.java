package io.tocsin.notifier.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tocsin.core.wire.Labels;
import io.tocsin.notifier.TestAlerts;
import io.tocsin.notifier.dispatch.GroupRef;
import io.tocsin.notifier.route.RouteTiming;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** GET /api/v2/alerts lists alerts in the text order of their fingerprints, as Alertmanager does. */
class FingerprintOrderTest {

    private static final GroupRef TEAM = new GroupRef(
            "team",
            "{}:team",
            Labels.EMPTY,
            new RouteTiming(Duration.ZERO, Duration.ofMinutes(5), Duration.ofHours(1), Duration.ZERO));

    private static List<String> sorted(List<String> fingerprints) {
        HeldIndex.Member[] l = fingerprints.stream()
                .map(fp -> new HeldIndex.Member(fp, TEAM, TestAlerts.firing("A")))
                .toArray(HeldIndex.Member[]::new);
        HeldIndex.sort(l);
        return Arrays.stream(l).map(x -> x.fingerprint).toList();
    }

    @Test
    void hexFingerprintsOfEveryMagnitudeComeInTextOrder() {
        Random random = new Random(14);
        List<String> fps = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            long v = random.nextLong() >>> random.nextInt(64);
            fps.add(String.format("%016x", v));
        }
        fps.addAll(List.of("ffffffffffffffff", "0000000000000000", "8000000000000000", "7fffffffffffffff"));
        assertEquals(fps.stream().sorted().toList(), sorted(fps));
    }

    @Test
    void theSameFingerprintTwiceEndsUpSideBySide() {
        List<String> fps = List.of("00000000000000b2", "00000000000000a1", "00000000000000b2", "0000000000000001");
        assertEquals(
                List.of("0000000000000001", "00000000000000a1", "00000000000000b2", "00000000000000b2"), sorted(fps));
    }

    @Test
    void anyOtherFingerprintSortsTheWholeListingAsText() {
        List<String> fps = List.of("00000000000000b2", "zz", "00000000000000a1", "A");
        assertEquals(fps.stream().sorted().toList(), sorted(fps));
    }
}
