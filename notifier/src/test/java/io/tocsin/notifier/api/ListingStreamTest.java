package io.tocsin.notifier.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.Labels;
import io.tocsin.notifier.TestAlerts;
import io.tocsin.notifier.dispatch.AlertGroup;
import io.tocsin.notifier.dispatch.GroupRef;
import io.tocsin.notifier.route.RouteTiming;
import io.tocsin.notifier.silence.Silence;
import io.tocsin.notifier.silence.SilenceMatcher;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * An answer written a piece at a time is the answer written whole: the same bytes whatever the
 * piece size, from kept JSON or encoded anew, each piece about the size asked.
 */
class ListingStreamTest {
    private static final Instant NOW = TestAlerts.STARTS.plusSeconds(60);
    private static final RouteTiming TIMING =
            new RouteTiming(Duration.ZERO, Duration.ofMinutes(5), Duration.ofHours(1), Duration.ZERO);
    private static final AlertView.Query ALL = new AlertView.Query(true, true, true, List.of(), null);
    /** db-7 is silenced. */
    private static final Silence QUIET = new Silence(
            "s1",
            List.of(new SilenceMatcher("instance", "db-7", false, true)),
            NOW.minusSeconds(30),
            NOW.plusSeconds(3600),
            "ann",
            "",
            NOW.minusSeconds(30));

    /** 200 alerts in two groups, db-0…db-9 in both (two receivers), one with an escaped annotation. */
    private static List<AlertGroup> groups() {
        TreeMap<String, Alert> team = new TreeMap<>();
        TreeMap<String, Alert> oncall = new TreeMap<>();
        for (int i = 0; i < 200; i++) {
            Alert a = TestAlerts.firing("HighCpu", "instance", "db-" + i);
            if (i == 3) {
                a = TestAlerts.withAnnotations(a, Map.of("summary", "quote \" and ünïcode"));
            }
            (i % 2 == 0 ? team : oncall).put(a.fingerprint(), a);
            if (i < 10) {
                oncall.put(a.fingerprint(), a);
            }
        }
        return List.of(group("team", team), group("oncall", oncall));
    }

    private static AlertGroup group(String receiver, TreeMap<String, Alert> alerts) {
        return new AlertGroup(
                new GroupRef(receiver, "{}:" + receiver, Labels.EMPTY, TIMING),
                NOW,
                alerts,
                null,
                null,
                null,
                0,
                null,
                null,
                false,
                null);
    }

    private static AlertView view() {
        return new AlertView(List.of(QUIET), List.of(), List.of(), Map.of(), NOW);
    }

    /** @param kept null: each alert encoded anew */
    private static String whole(HeldIndex kept, int chunk) {
        ListingStream s;
        if (kept == null) {
            s = view().stream(groups(), null, null, ALL, chunk);
        } else {
            kept.rebuild(groups());
            s = view().stream(kept, null, null, ALL, chunk);
        }
        return s.drain().toBuffer().toString();
    }

    @Test
    void piecesOfAnySizeMakeTheSameAnswer() {
        String reference = whole(null, JsonChunks.CHUNK);
        for (int chunk : new int[] {1, 64, 1000, 4096}) {
            assertEquals(reference, whole(null, chunk), "pieces of " + chunk + " bytes");
        }
    }

    @Test
    void keptJsonMakesTheSameAnswerAsEncodingAnew() {
        HeldIndex kept = new HeldIndex();
        String reference = whole(null, JsonChunks.CHUNK);
        assertEquals(reference, whole(kept, 512));
        assertEquals(200, kept.encoded());
        assertEquals(reference, whole(kept, 512), "from the kept JSON");
    }

    @Test
    void eachPieceIsAboutTheSizeAskedAndTheLastEndsTheAnswer() {
        ListingStream s = view().stream(groups(), null, null, ALL, 1000);
        List<Integer> sizes = new ArrayList<>();
        for (List<Buffer> piece = s.next(); piece != null; piece = s.next()) {
            sizes.add(piece.stream().mapToInt(Buffer::length).sum());
        }
        assertNull(s.next());
        assertTrue(sizes.size() > 10, "written in pieces: " + sizes);
        // A piece stops at the first alert past the size: less than the size plus one alert.
        sizes.subList(0, sizes.size() - 1).forEach(n -> assertTrue(n >= 1000 && n < 1000 + 600, "piece of " + n));
    }

    @Test
    void theAnswerListsEachAlertOnceInFingerprintOrderWithAllItsReceiversAndStatus() {
        JsonArray listed = new JsonArray(whole(new HeldIndex(), 100));
        assertEquals(200, listed.size());
        List<String> fps = listed.stream()
                .map(o -> ((JsonObject) o).getString("fingerprint"))
                .toList();
        assertEquals(fps.stream().sorted().toList(), fps);
        JsonObject db2 = find(listed, "db-2");
        assertEquals(
                List.of("oncall", "team"),
                db2.getJsonArray("receivers").stream()
                        .map(r -> ((JsonObject) r).getString("name"))
                        .toList());
        assertEquals("suppressed", find(listed, "db-7").getJsonObject("status").getString("state"));
        assertEquals(
                "quote \" and ünïcode",
                find(listed, "db-3").getJsonObject("annotations").getString("summary"));
        assertEquals(Times.rfc3339(NOW), db2.getString("updatedAt"));
    }

    private static JsonObject find(JsonArray listed, String instance) {
        return listed.stream()
                .map(o -> (JsonObject) o)
                .filter(a -> instance.equals(a.getJsonObject("labels").getString("instance")))
                .findFirst()
                .orElseThrow();
    }
}
