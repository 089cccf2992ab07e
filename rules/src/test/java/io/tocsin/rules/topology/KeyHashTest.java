package io.tocsin.rules.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.wire.Labels;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyHashTest {
    @Test
    void rulesAndInstancesNumberedAlikeStillGetTheirOwnHashes() {
        Set<Integer> hashes = new HashSet<>();
        int[] perSlot = new int[Slots.COUNT];
        for (int metric = 0; metric < 5; metric++) {
            for (int rule = 0; rule < 10; rule++) {
                for (int instance = 0; instance < 200; instance++) {
                    GroupKey key = new GroupKey(
                            "bench.rules.yml/bench/Bench" + metric + "_" + rule,
                            Labels.of("instance", "i-" + instance));
                    hashes.add(key.hashCode());
                    perSlot[Slots.of(key.ruleId(), key.group())]++;
                }
            }
        }
        assertTrue(hashes.size() >= 9_990, "distinct hashes: " + hashes.size() + " of 10,000");
        for (int n : perSlot) {
            assertTrue(n > 10_000 / Slots.COUNT / 2 && n < 10_000 / Slots.COUNT * 2, "a slot holds " + n + " groups");
        }
    }

    @Test
    void isTheSameForEqualKeysWhateverOrderTheLabelsCameIn() {
        assertEquals(
                new GroupKey("g/A", Labels.of("a", "1", "b", "2")).hashCode(),
                new GroupKey("g/" + "A", Labels.of("b", "2", "a", "1")).hashCode());
        assertEquals(KeyHash.of("s", Labels.of("a", "1"), 10_000), KeyHash.of("s", Labels.of("a", "1"), 10_000));
    }
}
